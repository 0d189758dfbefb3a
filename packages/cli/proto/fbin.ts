import * as NodeModule from "node:module"
NodeModule.enableCompileCache?.()
const t0 = performance.now()
const m = await import("./fast.js")
const t1 = performance.now()
process.on("exit", () => process.stderr.write(`boot ${t0.toFixed(1)} import ${(t1 - t0).toFixed(1)} run ${(performance.now() - t1).toFixed(1)} total ${performance.now().toFixed(1)}\n`))
m.go()
