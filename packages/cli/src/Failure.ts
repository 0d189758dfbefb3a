/**
 * How a command ends when it does not succeed. The command decides what to print; these errors
 * only carry the exit code back to `bin.ts`: 2 for wrong usage, 1 for everything else.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"

/**
 * Wrong usage: a bad flag value, an unreadable file, a missing key. Printed as one `error: ...`
 * line on stderr; the command exits 2. Nothing has been sent to any vendor.
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/**
 * The command ran and failed (a vendor error, a body that does not fit). The details were already
 * printed; the command exits 1.
 *
 * @since 0.1.0
 * @category errors
 */
export class CommandFailed extends Data.TaggedError("CommandFailed")<{}> {}

/**
 * Refuses wrong usage.
 *
 * @since 0.1.0
 * @category constructors
 */
export const usage = (message: string): UsageError => new UsageError({ message })
