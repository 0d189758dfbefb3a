/**
 * Runs `unibatch`: a well-formed command line goes straight to its command (`Fast.ts`), anything
 * else through `effect/cli` (`Cli.ts`, loaded only then), which also writes help and usage
 * errors. `main` is what the executable (`bin.ts`) runs, with the umbrella's registry of vendors.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Providers from "unibatch/Providers"
import * as Fast from "./Fast.js"
import { type ExitCode, exitCode } from "./Failure.js"
import * as Output from "./Output.js"
import * as Process from "./Process.js"
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
 * Runs the command line `args` as this process's program, with the umbrella's registry of
 * vendors; the exit code becomes the process's.
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
export const main = (args: ReadonlyArray<string>): void => Process.runMain(run(args, { definitions: Object.values(Providers.definitions) }))
