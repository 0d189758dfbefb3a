// Bundles the `unibatch` command into minified ESM under packages/cli/dist/, with no runtime
// dependency left to install:
//
//   unibatch.mjs    the executable (packages/cli/src/bin.ts): a few lines that turn on Node's
//                   compile cache before any other code is loaded, then load one of the two below
//   normalize.mjs   `unibatch normalize` on its own (src/NormalizeMain.ts), the command whose
//                   start-up is budgeted: one file with just the specs, the decoder and the vendor
//                   definitions
//   main.mjs        every command (src/Main.ts), with chunks/ for what only some commands load:
//                   effect/cli (help and usage errors), the live commands and their HTTP client,
//                   `conform`, `serve`, `demo`
//
// normalize.mjs is a bundle of its own, not a chunk of main.mjs: in one build, a module that any
// command uses (a Layer, a Stream, the HTTP client) is evaluated by every command whose code
// imports its module, used or not. The two share no code at run time; a `normalize` command line
// that is not plain (`--help`, a usage error) is handed to main.mjs.
//
// Bundling keeps start-up fast (no module resolution across node_modules at run time) and lets
// `pnpm -s unibatch` and the installed `unibatch` run the very same code.
import * as esbuild from "esbuild"
import { chmod, readdir, rm } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const outdir = join(root, "packages/cli/dist")

/** The entry modules, by the file each becomes; an import of one from another stays an import of that file. */
const entries = { "./Main.js": "./main.mjs", "./NormalizeMain.js": "./normalize.mjs" }

const linkEntries = {
  name: "unibatch-entries",
  setup(build) {
    build.onResolve({ filter: /^\.\/(Main|NormalizeMain)\.js$/ }, (args) =>
      args.kind === "entry-point" ? undefined : { path: entries[args.path], external: true })
  }
}

const common = {
  absWorkingDir: root,
  outdir,
  outExtension: { ".js": ".mjs" },
  entryNames: "[name]",
  bundle: true,
  minify: true,
  platform: "node",
  target: "node22",
  format: "esm",
  sourcemap: "external",
  sourcesContent: false, // the map points into the checkout; keeps it small
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  plugins: [linkEntries]
}

// A CommonJS dependency that calls `require` for a Node built-in needs one; ESM has none.
const requireBanner = 'import { createRequire as __unibatchCreateRequire } from "node:module"; const require = __unibatchCreateRequire(import.meta.url);'

const builds = await Promise.all([
  esbuild.build({ ...common, entryPoints: { unibatch: "packages/cli/src/bin.ts" } }),
  esbuild.build({ ...common, entryPoints: { normalize: "packages/cli/src/NormalizeMain.ts" }, banner: { js: requireBanner } }),
  esbuild.build({
    ...common,
    entryPoints: { main: "packages/cli/src/Main.ts" },
    chunkNames: "chunks/[name]-[hash]",
    splitting: true,
    banner: { js: requireBanner }
  })
])
await chmod(join(outdir, "unibatch.mjs"), 0o755)

// Chunk names carry a content hash: drop the chunks of earlier builds, once the new ones are in
// place (a test may be running the previous build meanwhile).
const outputs = builds.flatMap((result) => Object.entries(result.metafile.outputs))
const written = new Set(outputs.map(([name]) => join(root, name)))
for (const name of await readdir(join(outdir, "chunks"))) {
  const path = join(outdir, "chunks", name)
  if (!written.has(path)) await rm(path, { force: true })
}

const files = outputs.filter(([name]) => name.endsWith(".mjs"))
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`
const size = (file) => files.find(([name]) => name.endsWith(`/${file}`))[1].bytes
const total = files.reduce((sum, [, output]) => sum + output.bytes, 0)
console.log(
  `built packages/cli/dist/unibatch.mjs: normalize.mjs ${kib(size("normalize.mjs"))}, main.mjs ${kib(size("main.mjs"))}; ${kib(total)} with ${files.length - 3} chunks`
)
