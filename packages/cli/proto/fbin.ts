import * as NodeModule from "node:module"
NodeModule.enableCompileCache?.()
await import("./fast.js")
