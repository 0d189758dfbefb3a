/**
 * Runs `unibatch`: a well-formed command line goes straight to its command (`Fast.ts`), anything
 * else through `effect/cli` (`Cli.ts`, loaded only then), which also writes help and usage
 * errors. `main` is what the executable (`bin.ts`) runs, with the umbrella's registry of vendors.
 *
 * @since 0.2.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { Teardown } from "effect/Runtime"
import * as Providers from "unibatch/Providers"
import * as Fast from "./Fast.js"
import { type ExitCode, exitCode } from "./Failure.js"
import * as Output from "./Output.js"
import * as Spec from "./Spec.js"

/**
 * Runs the command line `args` (what follows `unibatch`) with these vendors and returns the exit
 * code: 0 done, 1 failed, 2 wrong usage. Output goes to `options.sink` (stdout and stderr by
 * default).
 *
 * @example
 * ```ts
 * import { run } from "@unibatch/cli/Main"
 * import * as Effect from "effect/Effect"
 * import { definitions } from "unibatch/Providers"
 *
 * const code = await Effect.runPromise(
 *   run(["normalize", "--provider", "openai", "--operation", "retrieve", "batch.json"], { definitions: Object.values(definitions) })
 * )
 * ```
 *
 * @since 0.2.0
 * @category running
 */
export const run = (args: ReadonlyArray<string>, options: Spec.RunOptions): Effect.Effect<ExitCode> => {
  const matched = Fast.match(Spec.commands(options.definitions), args)
  const program = matched === undefined
    ? Effect.flatMap(Effect.promise(() => import("./Cli.js")), (Cli) => Cli.run(args, options))
    : exitCode(matched.command.run(matched.options))
  return Effect.provideService(program, Output.CurrentSink, options.sink ?? Output.processSink)
}

/**
 * Ends the process with the command's exit code; an interruption by SIGINT or SIGTERM (how
 * `serve` is stopped) is a normal end.
 *
 * @since 0.1.0
 * @category running
 */
export const teardown: Teardown = (exit, onExit) => {
  onExit(Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause) ? 1 : Number(process.exitCode ?? 0))
}

/**
 * Runs the command line `args` in this process with the umbrella's registry of vendors, and sets
 * the process's exit code.
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
  const program = run(args, { definitions: Object.values(Providers.definitions) }).pipe(
    Effect.map((code) => {
      process.exitCode = code
    })
  )
  NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
}
