// Checks the API documentation in the packages' sources: every exported declaration (const,
// function, class, interface, type alias, ...) of a public module has JSDoc with `@since`,
// `@category` and an `@example` holding a ```ts block, and every such block type-checks (each is
// compiled as its own module against the workspace packages). Run by `pnpm check:docs` and CI.
//
// The public modules are each package's top-level `src/*.ts` except `index.ts` (the barrels) and
// `src/internal/` (private). `packages/cli` is not a library: its API is the `unibatch` command.
import { spawnSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const scratch = join(root, "test/.api-examples")

/** Packages with no public library API: the CLI's API is the command, documented by its help. */
const skippedPackages = new Set(["cli"])

/**
 * TEMPORARY: modules whose exports are not yet required to have an `@example` (they still need
 * `@since` and `@category`, and any `@example` they do have is type-checked). Remove each entry
 * once its module has examples.
 * - `packages/core/src/Decoder.ts`: being reworked (performance) while the examples were written.
 */
const exampleNotRequiredYet = new Set()

const publicModules = readdirSync(join(root, "packages"))
  .filter((directory) => !skippedPackages.has(directory))
  .flatMap((directory) => {
    const source = join(root, "packages", directory, "src")
    return readdirSync(source).filter((file) => file.endsWith(".ts") && file !== "index.ts").map((file) => join(source, file))
  })

const missing = { since: [], category: [], example: [] }
const problems = []
const examples = []
let exportCount = 0

for (const path of publicModules) {
  const text = readFileSync(path, "utf8")
  const module = relative(root, path)
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true)
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
    if (!exported) continue
    exportCount++
    const name = statement.name?.text ?? statement.declarationList?.declarations.map((declaration) => declaration.name.getText()).join(", ") ?? "export"
    const docs = ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc)
    const tags = docs.flatMap((doc) => doc.tags ?? [])
    const where = `${module}: ${name}`
    if (!tags.some((tag) => tag.tagName.text === "since")) missing.since.push(where)
    if (!tags.some((tag) => tag.tagName.text === "category")) missing.category.push(where)
    let hasExample = false
    for (const tag of tags.filter((tag) => tag.tagName.text === "example")) {
      const comment = typeof tag.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? ""
      const blocks = [...comment.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1])
      if (blocks.length === 0) problems.push(`${where} has an @example without a \`\`\`ts block`)
      for (const code of blocks) examples.push({ where, code })
      hasExample ||= blocks.length > 0
    }
    if (!hasExample && !exampleNotRequiredYet.has(module)) missing.example.push(where)
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
  const errors = result.stdout.split("\n").filter((line) => line.includes("error TS"))
  for (const line of errors) {
    const index = Number(/example(\d+)\.ts/.exec(line)?.[1])
    problems.push(`@example of ${examples[index]?.where}: ${line.replace(/^.*error /, "error ")}`)
  }
  if (errors.length === 0) problems.push(`tsc failed on the examples:\n${result.stdout}${result.stderr}`)
}
rmSync(scratch, { recursive: true, force: true })

console.log(`${publicModules.length} modules, ${exportCount} exports, ${examples.length} @example blocks type-checked`)
if (exampleNotRequiredYet.size > 0) console.log(`@example not required yet (temporary): ${[...exampleNotRequiredYet].join(", ")}`)
for (const [tag, list] of Object.entries(missing)) {
  if (list.length > 0) problems.push(`${list.length} export(s) without @${tag}:\n${list.map((where) => `  ${where}`).join("\n")}`)
}
if (problems.length > 0) {
  console.log(problems.join("\n"))
  process.exit(1)
}
console.log("every export has @since, @category and an @example; every @example type-checks")
