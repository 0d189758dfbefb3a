/**
 * How a command ends when it does not succeed. The command decides what to print; these errors
 * only carry the exit code back to `Cli.run`: 2 for wrong usage, 1 for everything else.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Output from "./Output.js"

/**
 * Wrong usage: a bad flag value, flags that do not go together, an unreadable file, a missing
 * key. Printed as one `error: ...` line on stderr; the command exits 2. Nothing has been sent to
 * any vendor. The message names the option, the value given and what is allowed.
 *
 * @example
 * ```ts
 * import { UsageError } from "@unibatch/cli/Failure"
 *
 * const error = new UsageError({ message: "--all needs --live." })
 * error._tag // => "UsageError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/**
 * The command ran and failed (a vendor error, a body that does not fit, a report that is not
 * conformant). The details were already printed; the command exits 1.
 *
 * @example
 * ```ts
 * import { CommandFailed } from "@unibatch/cli/Failure"
 *
 * new CommandFailed()._tag // => "CommandFailed"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CommandFailed extends Data.TaggedError("CommandFailed")<{}> {}

/**
 * Wrong usage that was already explained (by the help and error output of `effect/cli`); the
 * command exits 2.
 *
 * @example
 * ```ts
 * import { UsageReported } from "@unibatch/cli/Failure"
 *
 * new UsageReported()._tag // => "UsageReported"
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export class UsageReported extends Data.TaggedError("UsageReported")<{}> {}

/**
 * Refuses wrong usage.
 *
 * @example
 * ```ts
 * import { usage } from "@unibatch/cli/Failure"
 *
 * usage("--id is for --operation retrieve.").message // => "--id is for --operation retrieve."
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const usage = (message: string): UsageError => new UsageError({ message })

/**
 * The one form of a bad value: `--limit must be an integer from 1 to 100, got "abc".`
 *
 * @example
 * ```ts
 * import { badValue } from "@unibatch/cli/Failure"
 *
 * badValue("--limit", "abc", "an integer from 1 to 100").message
 * // => '--limit must be an integer from 1 to 100, got "abc".'
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const badValue = (option: string, value: string, allowed: string): UsageError =>
  usage(`${option} must be ${allowed}, got ${JSON.stringify(value)}.`)

/**
 * An exit code: 0 done, 1 failed, 2 wrong usage.
 *
 * @example
 * ```ts
 * import type { ExitCode } from "@unibatch/cli/Failure"
 *
 * const wrongUsage: ExitCode = 2
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type ExitCode = 0 | 1 | 2

/**
 * Runs a command's code to its exit code: {@link UsageError} is printed and gives 2,
 * {@link UsageReported} gives 2, {@link CommandFailed} (already printed) gives 1, a defect (a bug in unibatch) is printed and
 * gives 1. An interruption (Ctrl-C) is passed on.
 *
 * @example
 * ```ts
 * import { exitCode, usage } from "@unibatch/cli/Failure"
 * import * as Effect from "effect/Effect"
 *
 * const code = Effect.runSync(exitCode(Effect.fail(usage("--all needs --live.")))) // => 2, after printing the error
 * ```
 *
 * @since 0.2.0
 * @category running
 */
export const exitCode = <E>(program: Effect.Effect<void, E>): Effect.Effect<ExitCode> =>
  program.pipe(
    Effect.as<ExitCode>(0),
    Effect.catch((error): Effect.Effect<ExitCode> => {
      if (error instanceof UsageError) return Effect.as(Output.printErrorLines(`error: ${error.message}`), 2)
      if (error instanceof UsageReported) return Effect.succeed(2)
      if (error instanceof CommandFailed) return Effect.succeed(1)
      return Effect.as(Output.printErrorLines(`error: ${String(error)}`), 1)
    }),
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.as(Output.printErrorLines(...Cause.pretty(cause).split("\n")), 1 as const)
    )
  )
