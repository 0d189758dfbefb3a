import { enableCompileCache } from "node:module"
enableCompileCache?.()
await import("./p0.js")
