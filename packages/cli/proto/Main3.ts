/**
 * Runs `unibatch` in this process with the umbrella's registry of vendors: what the executable
 * (`bin.ts`) does once Node's compile cache is on.
 *
 * @since 0.2.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { Teardown } from "effect/Runtime"
import * as Providers from "unibatch/Providers"
import * as Cli from "../src/Cli.js"

/**
 * Ends the process with the command's exit code; an interruption by SIGINT or SIGTERM (how
 * `serve` is stopped) is a normal end.
 *
 * @since 0.1.0
 * @category running
 */
export const teardown: Teardown = (exit, onExit) => {
  process.exit(Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause) ? 1 : Number(process.exitCode ?? 0))
}

/**
 * Runs the command line `args` (what follows `unibatch`) and sets the process's exit code.
 *
 * @example
 * ```ts
 * import { main } from "@unibatch/cli/Main"
 *
 * main(["demo"])
 * ```
 *
 * @since 0.2.0
 * @category running
 */
export const main = (args: ReadonlyArray<string>): void => {
  const program = Cli.run(args, { definitions: Object.values(Providers.definitions) }).pipe(
    Effect.map((code) => {
      process.exitCode = code
    })
  )
  NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
}
