// Bundles the `unibatch` command into minified ESM: packages/cli/dist/unibatch.mjs, and beside it
// packages/cli/dist/chunks/ with the rest: the command tree and each command's code, which the
// entry loads when it runs, so that `normalize` or `--help` does not load the live commands, their
// HTTP client, `serve` or `demo`. The entry is tiny on purpose: it turns on Node's compile cache
// before any other code is loaded (packages/cli/src/bin.ts). Bundling keeps start-up fast (no
// module resolution across node_modules at run time) and lets `pnpm -s unibatch` and the
// installed `unibatch` run the very same code, with no runtime dependency to install.
import * as esbuild from "esbuild"
import { chmod, readdir, rm } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const outdir = join(root, "packages/cli/dist")
const outfile = join(outdir, "unibatch.mjs")

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { unibatch: "packages/cli/src/bin.ts" },
  outdir,
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
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
  // Some dependencies are CommonJS and call `require` for Node built-ins; ESM has no `require`.
  banner: {
    js: 'import { createRequire as __unibatchCreateRequire } from "node:module"; const require = __unibatchCreateRequire(import.meta.url);'
  }
})
await chmod(outfile, 0o755)

// Chunk names carry a content hash: drop the chunks of earlier builds, once the new ones are in
// place (a test may be running the previous build meanwhile).
const written = new Set(Object.keys(result.metafile.outputs).map((name) => join(root, name)))
for (const name of await readdir(join(outdir, "chunks"))) {
  const path = join(outdir, "chunks", name)
  if (!written.has(path)) await rm(path, { force: true })
}

const outputs = Object.entries(result.metafile.outputs).filter(([name]) => name.endsWith(".mjs"))
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`
const entry = outputs.find(([name]) => name.endsWith("/unibatch.mjs"))[1].bytes
const total = outputs.reduce((sum, [, output]) => sum + output.bytes, 0)
console.log(`built packages/cli/dist/unibatch.mjs (${kib(entry)}; ${kib(total)} with ${outputs.length - 1} chunks)`)
