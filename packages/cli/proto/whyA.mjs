import * as esbuild from "esbuild"
const r = await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { normalize: process.argv[2] }, outdir: "/tmp/h5/metaA", outExtension: { ".js": ".mjs" }, bundle: true, minify: true, platform: "node", target: "node22", format: "esm", metafile: true, logLevel: "warning",
 plugins: [{ name: "x", setup(b) { b.onResolve({ filter: /^\.\/(Main|NormalizeMain)\.js$/ }, (a) => a.kind === "entry-point" ? undefined : { path: "./main.mjs", external: true }) } }] })
console.log(await esbuild.analyzeMetafile(r.metafile, { verbose: true }))
