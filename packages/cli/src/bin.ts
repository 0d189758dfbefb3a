#!/usr/bin/env node
/**
 * The `unibatch` executable. It turns on Node's compile cache (Node 22.1 and later: the bundle's
 * code is compiled once, not on every start) before any other code is loaded, then runs the
 * command: `normalize` from its own small bundle (`NormalizeMain.ts`), every other command from
 * the whole one (`Main.ts`).
 *
 * @since 0.1.0
 */
import * as NodeModule from "node:module"

NodeModule.enableCompileCache?.()

const args = process.argv.slice(2)
const { main } = await (args[0] === "normalize" ? import("./NormalizeMain.js") : import("./Main.js"))
main(args)
