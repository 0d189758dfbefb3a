import * as esbuild from "esbuild"
const external = { name: "ext", setup(b) { b.onResolve({ filter: /commands\// }, (a) => ({ path: a.path, external: true })) } }
const r = await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: [process.argv[2]], outfile: "/tmp/h5/why.mjs", bundle: true, minify: true, platform: "node", target: "node22", format: "esm", metafile: true, logLevel: "warning", plugins: process.argv[3] === "ext" ? [external] : [] })
console.log(await esbuild.analyzeMetafile(r.metafile, { verbose: true }))
