import { enableCompileCache } from "node:module"
enableCompileCache?.()
await import("./p4main.js")
