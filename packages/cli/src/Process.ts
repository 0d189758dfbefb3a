/**
 * Running a command in this process: its exit code becomes the process's, and SIGINT or SIGTERM
 * (how `serve` is stopped) interrupts it and ends the process normally.
 *
 * @since 0.2.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { Teardown } from "effect/Runtime"
import type { ExitCode } from "./Failure.js"
import * as Output from "./Output.js"

/**
 * Ends the process with the command's exit code, once its output is written out; an interruption
 * is a normal end.
 *
 * @example
 * ```ts
 * import { teardown } from "@unibatch/cli/Process"
 * import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
 * import * as Effect from "effect/Effect"
 *
 * NodeRuntime.runMain(Effect.void, { teardown })
 * ```
 *
 * @since 0.1.0
 * @category running
 */
export const teardown: Teardown = (exit, onExit) => {
  const code = Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause) ? 1 : Number(process.exitCode ?? 0)
  // Exit only once stdout and stderr are out: a slow reader of a pipe gets every line.
  Output.flushed().then(() => onExit(code), () => onExit(code))
}

/**
 * Runs a command to its exit code as the process's main program.
 *
 * @example
 * ```ts
 * import { runMain } from "@unibatch/cli/Process"
 * import * as Effect from "effect/Effect"
 *
 * runMain(Effect.succeed(0))
 * ```
 *
 * @since 0.2.0
 * @category running
 */
export const runMain = (program: Effect.Effect<ExitCode>): void => {
  const main = Effect.map(program, (code) => {
    process.exitCode = code
  })
  NodeRuntime.runMain(main, { disableErrorReporting: true, teardown })
}
