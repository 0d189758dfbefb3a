// Checks the API documentation in the packages' sources: every exported declaration of a public
// module has JSDoc with `@since`, and every `@example` type-checks (each is compiled as its own
// module against the workspace packages). Run by `pnpm check:docs` and CI.
import { spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const scratch = join(root, "test/.api-examples")

const publicModules = readdirSync(join(root, "packages")).flatMap((directory) => {
  const source = join(root, "packages", directory, "src")
  return readdirSync(source).filter((file) => file.endsWith(".ts") && file !== "index.ts").map((file) => join(source, file))
})

const problems = []
const examples = []

for (const path of publicModules) {
  const text = readFileSync(path, "utf8")
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true)
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
    if (!exported) continue
    const name = statement.name?.text ?? statement.declarationList?.declarations.map((declaration) => declaration.name.getText()).join(", ") ?? "export"
    const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc)
    const tags = docs.flatMap((doc) => doc.tags ?? [])
    const where = `${relative(root, path)}: ${name}`
    if (!tags.some((tag) => tag.tagName.text === "since")) problems.push(`${where} has no @since`)
    for (const tag of tags.filter((tag) => tag.tagName.text === "example")) {
      const comment = typeof tag.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? ""
      const code = /```ts\n([\s\S]*?)```/.exec(comment)?.[1]
      if (code !== undefined) examples.push({ where, code })
    }
  }
}

rmSync(scratch, { recursive: true, force: true })
mkdirSync(scratch, { recursive: true })
const files = examples.map((example, index) => {
  const path = join(scratch, `example${index}.ts`)
  // Each example is a module of its own, whatever names it declares.
  writeFileSync(path, `// ${example.where}\n${example.code}\nexport {}\n`)
  return path
})
writeFileSync(
  join(scratch, "tsconfig.json"),
  JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { noUnusedLocals: false }, include: ["*.ts"] })
)
const result = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(scratch, "tsconfig.json")], { encoding: "utf8" })
if (result.status !== 0) {
  for (const line of result.stdout.split("\n").filter((line) => line.includes("error TS"))) {
    const index = Number(/example(\d+)\.ts/.exec(line)?.[1])
    problems.push(`@example of ${examples[index]?.where}: ${line.replace(/^.*error /, "error ")}`)
  }
}
rmSync(scratch, { recursive: true, force: true })

console.log(`${publicModules.length} modules, ${examples.length} @example blocks type-checked`)
if (problems.length > 0) {
  console.log(problems.join("\n"))
  process.exit(1)
}
console.log("every export has @since; every @example type-checks")
