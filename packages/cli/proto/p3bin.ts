import { enableCompileCache } from "node:module"
enableCompileCache?.()
await import("./p3.js")
