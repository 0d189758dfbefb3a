import * as esbuild from "esbuild"
await esbuild.build({ absWorkingDir: process.cwd(), entryPoints: { unibatch: process.argv[2] ?? "packages/cli/proto/bin3.ts" }, outdir: "/tmp/h5/t3", outExtension: { ".js": ".mjs" }, chunkNames: "chunks/[name]-[hash]", splitting: true, bundle: true, minify: true, platform: "node", target: "node22", format: "esm", logLevel: "warning" })
