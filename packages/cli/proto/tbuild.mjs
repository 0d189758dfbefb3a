import * as esbuild from "esbuild"
await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { unibatch: process.argv[2] ?? "packages/cli/proto/tbin.ts" }, outdir: "/tmp/h5/t", outExtension: { ".js": ".mjs" }, chunkNames: "chunks/[name]-[hash]", splitting: true, bundle: true, minify: true, platform: "node", target: "node22", format: "esm", logLevel: "warning" })
