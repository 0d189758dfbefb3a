import * as NodeModule from "node:module"
NodeModule.enableCompileCache?.()
const { main } = await import("./Main3.js")
main(process.argv.slice(2))
