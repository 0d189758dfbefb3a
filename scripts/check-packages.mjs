// Lints the tarballs in `.pack/` (run `pnpm run pack` first) as a registry user would get them:
// publint (strict) and @arethetypeswrong/cli (ESM-only profile, every public subpath module), then
// proves tree-shaking: a minified esbuild bundle of a program that imports only the OpenAI adapter
// must not contain Respan or Neosantara code.
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packDirectory = join(root, ".pack")
const bin = (name) => join(root, "node_modules/.bin", name)
let failed = false

const check = (label, command, args) => {
  const result = spawnSync(command, args, { cwd: root, encoding: "utf8" })
  const output = `${result.stdout}${result.stderr}`
  if (result.status !== 0) {
    failed = true
    console.log(`✗ ${label}\n${output}`)
  } else {
    console.log(`✓ ${label}`)
  }
}

/** The public subpath modules of a built package: every top-level module but the barrel. */
const entrypoints = (directory) =>
  readdirSync(join(root, "packages", directory, "dist"))
    .filter((file) => file.endsWith(".d.ts") && file !== "index.d.ts")
    .map((file) => `./${file.slice(0, -".d.ts".length)}`)

const directoryOf = (tarball) => {
  const manifest = JSON.parse(spawnSync("tar", ["-xOzf", join(packDirectory, tarball), "package/package.json"], { encoding: "utf8" }).stdout)
  return manifest.name === "unibatch" ? "unibatch" : manifest.name.replace("@unibatch/", "")
}

for (const tarball of readdirSync(packDirectory).filter((file) => file.endsWith(".tgz")).sort()) {
  const path = join(packDirectory, tarball)
  check(`publint ${tarball}`, bin("publint"), ["run", path, "--strict"])
  check(`attw ${tarball}`, bin("attw"), [path, "--profile", "esm-only", "--format", "ascii", "--include-entrypoints", ...entrypoints(directoryOf(tarball))])
}

// Tree-shaking: only the OpenAI adapter and the core it needs may end up in the bundle.
const bundle = async (contents) => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
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
const foreign = ["api.respan.ai", "x-data-respan-params", "api.neosantara.xyz", "NEOSANTARA_API_KEY", "RESPAN_API_KEY"].filter((marker) => openaiOnly.includes(marker))
const kib = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`
console.log(`bundle sizes (esbuild, minified): OpenAI adapter only ${kib(openaiOnly)}; the whole unibatch package ${kib(everything)}`)
if (!everything.includes("api.respan.ai") || !everything.includes("api.neosantara.xyz")) {
  failed = true
  console.log("✗ tree-shaking: the markers are not in the full bundle either, so the check proves nothing")
} else if (foreign.length > 0 || !openaiOnly.includes("api.openai.com")) {
  failed = true
  console.log(`✗ tree-shaking: the OpenAI-only bundle contains ${foreign.join(", ") || "no OpenAI code"}`)
} else {
  console.log("✓ tree-shaking: the OpenAI-only bundle holds no Respan or Neosantara code")
}

if (failed) process.exit(1)
