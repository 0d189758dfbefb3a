#!/usr/bin/env node
/**
 * The `unibatch` executable.
 *
 * @since 0.1.0
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Cli from "./Cli.js"

// What @effect/cli needs, and no more: NodeContext.layer would also load the command executor
// and worker modules, which no command uses, on every start.
const environment = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

// `unibatch list --all --json | head -1`: the reader is gone, so stop quietly like other tools.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0)
  throw error
})

NodeRuntime.runMain(Cli.run(process.argv).pipe(Effect.provide(environment)), {
  disableErrorReporting: true,
  teardown: Cli.teardown
})
