import * as esbuild from "esbuild"
import { writeFileSync, mkdirSync } from "node:fs"
const out = process.argv[2]
mkdirSync(out, { recursive: true })
await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { main: process.argv[3] ?? "packages/cli/src/Main.ts" }, outdir: out, outExtension: { ".js": ".mjs" }, splitting: false, bundle: true, minify: true, platform: "node", target: "node22", format: "esm", logLevel: "warning",
  banner: { js: 'import { createRequire as __unibatchCreateRequire } from "node:module"; const require = __unibatchCreateRequire(import.meta.url);' } })
writeFileSync(out + "/unibatch.mjs", `import * as NodeModule from "node:module"
NodeModule.enableCompileCache?.()
const t0 = performance.now()
const { main } = await import("./main.mjs")
const t1 = performance.now()
process.on("exit", () => process.stderr.write(\`boot \${t0.toFixed(1)} import \${(t1 - t0).toFixed(1)} run \${(performance.now() - t1).toFixed(1)} total \${performance.now().toFixed(1)}\\n\`))
main(process.argv.slice(2))
`)
