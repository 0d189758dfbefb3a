import * as esbuild from "esbuild"
const r = await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { unibatch: "packages/cli/src/bin.ts" }, chunkNames: "chunks/[name]-[hash]", outdir: "/tmp/h5/out", outExtension: { ".js": ".mjs" }, chunkNames: "chunks/[name]-[hash]", splitting: true, bundle: true, minify: true, platform: "node", target: "node22", format: "esm", metafile: true, logLevel: "warning", write: true })
const want = process.argv[2] ?? ""
for (const [name, out] of Object.entries(r.metafile.outputs)) {
  if (!name.endsWith(".mjs")) continue
  const inputs = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
  console.log(`\n## ${name} ${out.bytes}  imports: ${out.imports.map(i => i.path.split("/").pop()).join(" ")}`)
  for (const [input, { bytesInOutput }] of inputs.slice(0, +process.argv[3] || 8)) console.log("   ", bytesInOutput, input.replace(/node_modules\/\.pnpm\/[^/]+\/node_modules\//, ""))
}
