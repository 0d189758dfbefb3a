// Bundles the `unibatch` command into one minified ESM file: packages/cli/dist/unibatch.mjs.
// One file keeps start-up fast (no module resolution across node_modules at run time) and lets
// `pnpm unibatch` and the installed `unibatch` run the very same code.
import * as esbuild from "esbuild"
import { chmod } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const outfile = join(root, "packages/cli/dist/unibatch.mjs")

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ["packages/cli/src/bin.ts"],
  outfile,
  bundle: true,
  minify: true,
  platform: "node",
  target: "node20",
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

const bytes = result.metafile.outputs[Object.keys(result.metafile.outputs).find((name) => name.endsWith(".mjs"))].bytes
console.log(`built packages/cli/dist/unibatch.mjs (${(bytes / 1024).toFixed(0)} KiB)`)
