/**
 * How a command ends when it does not succeed. The command decides what to print; these errors
 * only carry the exit code back to `Cli.run`: 2 for wrong usage, 1 for everything else.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"

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
