// Lints the tarballs in `.pack/` (run `pnpm run pack` first) as a registry user would get them:
// publint (strict) and @arethetypeswrong/cli (ESM-only profile, every public subpath module); the
// CLI's tarball is its bundle alone, with a `bin` and no dependencies. Then proves tree-shaking: a
// minified esbuild bundle of a program that imports only the OpenAI adapter must not contain
// Respan or Neosantara code.
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packDirectory = join(root, ".pack")
const bin = (name) => join(root, "node_modules/.bin", name)
let failed = false

const pass = (label) => console.log(`✓ ${label}`)
const fail = (label, detail = "") => {
  failed = true
  console.log(`✗ ${label}${detail === "" ? "" : `\n${detail}`}`)
}

const check = (label, command, args) => {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8" })
  if (result.status !== 0) fail(label, `${result.stdout}${result.stderr}`)
  else pass(label)
}

const tar = (args) => spawnSync("tar", args, { encoding: "utf8", maxBuffer: 64 * 2 ** 20 }).stdout
const manifestOf = (path) => JSON.parse(tar(["-xOzf", path, "package/package.json"]))
const filesOf = (path) => tar(["-tzf", path]).split("\n").filter((file) => file !== "").map((file) => file.replace(/^package\//, ""))

/** The public subpath modules of a packed library: every top-level module but the barrel. */
const entrypoints = (files) =>
  files.filter((file) => !file.includes("/") && file.endsWith(".d.ts") && file !== "index.d.ts").map((file) => `./${file.slice(0, -".d.ts".length)}`)

/** The CLI is its bundle: a `bin` that is in the tarball, nothing else to install, no install scripts. */
const checkCommand = (tarball, manifest, files) => {
  const problems = []
  const binPath = manifest.bin?.unibatch?.replace(/^\.\//, "")
  if (binPath === undefined || !files.includes(binPath)) problems.push(`bin "unibatch" (${binPath}) is not in the tarball`)
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    const names = Object.keys(manifest[field] ?? {})
    if (names.length > 0) problems.push(`${field}: ${names.join(", ")} (the bundle must hold what it runs)`)
  }
  const scripts = Object.keys(manifest.scripts ?? {}).filter((name) => /install|prepare/.test(name))
  if (scripts.length > 0) problems.push(`install scripts: ${scripts.join(", ")}`)
  const unexpected = files.filter((file) => !/^([^/]+\.mjs|chunks\/[^/]+\.mjs|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(file))
  if (unexpected.length > 0) problems.push(`files beside the bundle: ${unexpected.join(", ")}`)
  if (problems.length > 0) fail(`command ${tarball}`, problems.map((problem) => `  ${problem}`).join("\n"))
  else pass(`command ${tarball}: bin, ${files.filter((file) => file.endsWith(".mjs")).length} bundle files, no dependencies`)
}

for (const tarball of readdirSync(packDirectory).filter((file) => file.endsWith(".tgz")).sort()) {
  const path = join(packDirectory, tarball)
  const manifest = manifestOf(path)
  const files = filesOf(path)
  check(`publint ${tarball}`, bin("publint"), ["run", path, "--strict"])
  if (manifest.bin !== undefined) checkCommand(tarball, manifest, files)
  else check(`attw ${tarball}`, bin("attw"), [path, "--profile", "esm-only", "--format", "ascii", "--include-entrypoints", ...entrypoints(files)])
}

// Tree-shaking: only the OpenAI adapter and the core it needs may end up in the bundle.
const bundle = async (contents) => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    // The Promise API loads node:fs lazily (uploads from a path): not bundled, not a marker.
    external: ["node:*"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent"
  })
  return result.outputFiles[0].text
}
const openaiOnly = await bundle(`
import * as BatchClient from "@unibatch/core/BatchClient"
import * as OpenAi from "@unibatch/openai/OpenAi"
export const program = BatchClient.list({ limit: 5 })
export const layer = OpenAi.layerConfig()
`)
const everything = await bundle(`export * from "unibatch"`)
const foreign = [
  "api.respan.ai",
  "x-data-respan-params",
  "api.neosantara.xyz",
  "NEOSANTARA_API_KEY",
  "RESPAN_API_KEY",
  "openai.azure.com",
  "AZURE_OPENAI_API_KEY",
  "COMPATIBLE_API_KEY",
  "api.groq.com",
  "api.anthropic.com",
  "ANTHROPIC_API_KEY"
].filter((marker) => openaiOnly.includes(marker))
const kib = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`
console.log(`bundle sizes (esbuild, minified): OpenAI adapter only ${kib(openaiOnly)}; the whole unibatch package ${kib(everything)}`)
if (!["api.respan.ai", "api.neosantara.xyz", "openai.azure.com", "COMPATIBLE_API_KEY", "api.anthropic.com"].every((marker) => everything.includes(marker))) {
  failed = true
  console.log("✗ tree-shaking: the markers are not in the full bundle either, so the check proves nothing")
} else if (foreign.length > 0 || !openaiOnly.includes("api.openai.com")) {
  failed = true
  console.log(`✗ tree-shaking: the OpenAI-only bundle contains ${foreign.join(", ") || "no OpenAI code"}`)
} else {
  console.log("✓ tree-shaking: the OpenAI-only bundle holds no other vendor's code")
}

if (failed) process.exit(1)
