import * as esbuild from "esbuild"
const r = await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { normalize: process.argv[2] }, outdir: "/tmp/h5/metaA", outExtension: { ".js": ".mjs" }, bundle: true, minify: true, platform: "node", target: "node22", format: "esm", metafile: true, logLevel: "warning",
 plugins: [{ name: "x", setup(b) { b.onResolve({ filter: /^\.\/(Main|NormalizeMain)\.js$/ }, (a) => a.kind === "entry-point" ? undefined : { path: "./main.mjs", external: true }) } }] })
const out = Object.values(r.metafile.outputs).find((o) => o.entryPoint)
const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k.replace(/node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")]).sort((a, b) => b[0] - a[0])
console.log(out.bytes); for (const [n, k] of rows.slice(0, +process.argv[3] || 60)) console.log(n, k)
