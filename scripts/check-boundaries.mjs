// Checks the boundaries between the packages (run by `pnpm check:boundaries`, CI and
// test/boundaries.test.ts). It fails when:
// - core's code (`packages/core/src`) names a vendor: a vendor's name in an identifier, a string, a
//   template or a regular expression, case-insensitively, which also catches their URLs
//   (`api.<vendor>...`), environment variables (`<VENDOR>_API_KEY`) and headers. Comments may name
//   vendors ("OpenAI-style"), and the OpenAI-family helper may say `OpenAiFamily`: that is the name
//   of a wire style that several vendors share, not of one vendor;
// - core imports Node (`node:*`, a Node built-in, `@effect/platform-node`): it runs in any JS runtime;
// - a package imports another package's internals (`@unibatch/<name>/internal/...`), or reaches
//   into another package's folder by a relative path; the suites outside the packages (`test/`,
//   `bench/`, `docs/`) likewise use the packages' public modules only;
// - the test kit imports, or depends on, the umbrella package (`unibatch`).
//
//   node scripts/check-boundaries.mjs              this checkout
//   node scripts/check-boundaries.mjs --root=DIR   another tree laid out alike (the tests use this)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { builtinModules } from "node:module"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

/** Vendors core must not name: the adapters, the next ones and the compatible presets. */
const vendorNames = ["openai", "respan", "neosantara", "anthropic", "azure", "groq"]
/** The name of the OpenAI wire family (`OpenAiFamily`, "OpenAI-family"): allowed in core. */
const familyName = /open[-_ ]?ai[-_ ]?family/gi
const sourceExtensions = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/
const skippedDirectories = new Set(["node_modules", "dist", ".docs-examples", ".api-examples"])

const sourceFiles = (directory) => {
  if (!existsSync(directory)) return []
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return skippedDirectories.has(entry.name) ? [] : sourceFiles(path)
    return sourceExtensions.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : []
  })
}

const parse = (path) => ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true)

const lineOf = (file, node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1

/** Every node of the file's code; comments (JSDoc included) are trivia, never visited. */
const walk = (node, visit) => {
  visit(node)
  ts.forEachChild(node, (child) => walk(child, visit))
}

/** The text of the nodes that can spell a name: identifiers, strings, templates, regular expressions. */
const spelledText = (node) => {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateHead:
    case ts.SyntaxKind.TemplateMiddle:
    case ts.SyntaxKind.TemplateTail:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.JsxText:
      return node.text
    default:
      return undefined
  }
}

const vendorMentions = (file) => {
  const found = []
  walk(file, (node) => {
    const text = spelledText(node)
    if (text === undefined) return
    const lower = text.replace(familyName, "").toLowerCase()
    const vendor = vendorNames.find((name) => lower.includes(name))
    if (vendor !== undefined) found.push({ line: lineOf(file, node), vendor, text: text.length > 60 ? `${text.slice(0, 57)}...` : text })
  })
  return found
}

/** Every module specifier the file names: static and type imports, re-exports, `import()`, `require()`. */
const moduleSpecifiers = (file) => {
  const found = []
  const add = (node) => {
    if (node !== undefined && ts.isStringLiteralLike(node)) found.push({ specifier: node.text, line: lineOf(file, node) })
  }
  walk(file, (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal)
    else if (ts.isCallExpression(node)) {
      const callee = node.expression
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(callee) && callee.text === "require"
      if (isImport || isRequire) add(node.arguments[0])
    }
  })
  return found
}

/** `@unibatch/core/internal/x` -> `@unibatch/core`; `unibatch/internal/x` -> `unibatch`; else undefined. */
const internalsOf = (specifier) => {
  const match = /^(@unibatch\/[^/]+|unibatch)\/internal(\/|$)/.exec(specifier)
  return match?.[1]
}

const isNodeModule = (specifier) =>
  specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]) || specifier.startsWith("@effect/platform-node")

const isUmbrella = (specifier) => specifier === "unibatch" || specifier.startsWith("unibatch/")

const inside = (path, directory) => path === directory || path.startsWith(directory + sep)

/** Every boundary violation under `root`, as `file:line: what`, sorted. */
export const checkBoundaries = (root) => {
  const violations = []
  const report = (path, line, what) => violations.push(`${relative(root, path)}:${line}: ${what}`)
  const packagesDirectory = join(root, "packages")
  const packages = existsSync(packagesDirectory)
    ? readdirSync(packagesDirectory)
      .map((directory) => join(packagesDirectory, directory))
      .filter((path) => existsSync(join(path, "package.json")))
      .map((path) => ({ path, name: JSON.parse(readFileSync(join(path, "package.json"), "utf8")).name }))
    : []

  for (const { path: packagePath, name } of packages) {
    const isCore = name === "@unibatch/core"
    const isTestKit = name === "@unibatch/testkit"
    const files = [...sourceFiles(join(packagePath, "src")), ...sourceFiles(join(packagePath, "test"))]
    for (const path of files) {
      const file = parse(path)
      const isSource = inside(path, join(packagePath, "src"))
      if (isCore && isSource) {
        for (const { line, text, vendor } of vendorMentions(file)) report(path, line, `core names a vendor (${vendor}) in its code: ${JSON.stringify(text)}`)
      }
      for (const { line, specifier } of moduleSpecifiers(file)) {
        const owner = internalsOf(specifier)
        if (owner !== undefined && owner !== name) report(path, line, `imports another package's internals: "${specifier}"`)
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(path), specifier)
          if (!inside(target, packagePath) && inside(target, packagesDirectory)) {
            report(path, line, `reaches into another package by a relative path: "${specifier}"`)
          }
        }
        if (isCore && isSource && isNodeModule(specifier)) report(path, line, `core imports Node ("${specifier}"): it must run in any JS runtime`)
        if (isTestKit && isUmbrella(specifier)) report(path, line, `the test kit imports the umbrella package: "${specifier}"`)
      }
    }
    if (isTestKit) {
      const manifest = JSON.parse(readFileSync(join(packagePath, "package.json"), "utf8"))
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
        if (manifest[field]?.unibatch !== undefined) report(join(packagePath, "package.json"), 1, `the test kit depends on the umbrella package (${field})`)
      }
    }
  }

  // The suites outside the packages use the packages' public modules, as a user would.
  for (const directory of ["test", "bench", "docs"]) {
    for (const path of sourceFiles(join(root, directory))) {
      for (const { line, specifier } of moduleSpecifiers(parse(path))) {
        if (internalsOf(specifier) !== undefined) report(path, line, `imports a package's internals: "${specifier}"`)
        if (specifier.startsWith(".") && inside(resolve(dirname(path), specifier), packagesDirectory)) {
          report(path, line, `reaches into a package by a relative path: "${specifier}" (import its public module)`)
        }
      }
    }
  }
  return violations.sort()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rootArgument = process.argv.slice(2).find((arg) => arg.startsWith("--root="))?.slice("--root=".length)
  const root = rootArgument === undefined ? join(dirname(fileURLToPath(import.meta.url)), "..") : resolve(rootArgument)
  if (!statSync(root).isDirectory()) throw new Error(`not a directory: ${root}`)
  const violations = checkBoundaries(root)
  if (violations.length > 0) {
    console.log(`${violations.length} boundary violation(s):\n${violations.map((violation) => `  ${violation}`).join("\n")}`)
    process.exit(1)
  }
  console.log("boundaries hold: core names no vendor and imports no Node module; no package imports another's internals; the test kit does not use the umbrella")
}
