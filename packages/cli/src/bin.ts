#!/usr/bin/env node
/**
 * The `unibatch` executable. It only turns on Node's compile cache (Node 22.1 and later: the
 * bundle's code is compiled once, not on every start) and then loads the command from
 * `Main.ts`, so that the cache covers everything the command loads.
 *
 * @since 0.1.0
 */
import * as NodeModule from "node:module"

NodeModule.enableCompileCache?.()

const { main } = await import("./Main.js")
main(process.argv.slice(2))
