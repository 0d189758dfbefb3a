import * as esbuild from "esbuild"
await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { unibatch: "packages/cli/src/bin.ts" }, outdir: "/tmp/h5/split", outExtension: { ".js": ".mjs" }, chunkNames: "chunks/[name]-[hash]", splitting: true, bundle: true, minify: false, platform: "node", target: "node22", format: "esm", logLevel: "warning" })
