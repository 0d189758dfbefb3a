/**
 * Batch IDs: the canonical `batch_<rest>` form, a vendor's native form (its definition's
 * `ids.nativePrefix`), and the rules an ID must pass before it is put into a request path.
 *
 * @module \@unibatch/core/BatchId
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import { quoted, unsafeReason } from "./internal/limits.js"
import type { IdCodec } from "./VendorDefinition.js"

/**
 * The canonical prefix of every batch ID.
 *
 * @example
 * ```ts
 * import { canonicalPrefix } from "@unibatch/core/BatchId"
 *
 * canonicalPrefix // => "batch_"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const canonicalPrefix = "batch_"

/**
 * Where the ID rules come from: a vendor's {@link IdCodec}, or anything that carries one (a
 * `VendorDefinition`, whose `provider` then names the vendor in messages).
 *
 * @example
 * ```ts
 * import type { IdSource } from "@unibatch/core/BatchId"
 *
 * const dashed: IdSource = { nativePrefix: "batch-" }
 * const named: IdSource = { provider: "example", ids: { nativePrefix: "batch-" } }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type IdSource = IdCodec | { readonly ids: IdCodec; readonly provider?: string | undefined }

const codecOf = (source: IdSource): IdCodec => ("ids" in source ? source.ids : source)

/** What a value that is not a string is, for a message; never throws (symbols, bigints, functions). */
const describeValue = (value: unknown): string => {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  switch (typeof value) {
    case "number":
    case "boolean":
    case "bigint":
      return `${typeof value} ${String(value)}`
    case "object":
      return "an object"
    case "undefined":
      return "undefined"
    default:
      return `a ${typeof value}`
  }
}

/**
 * The canonical form of a native ID. An ID that does not have the vendor's prefix is kept as it is.
 *
 * @example
 * ```ts
 * import { toCanonical } from "@unibatch/core/BatchId"
 *
 * toCanonical({ nativePrefix: "batch-" }, "batch-abc123") // => "batch_abc123"
 * toCanonical({ nativePrefix: "batch_" }, "batch_abc123") // => "batch_abc123"
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonical = (source: IdSource, nativeId: string): string => {
  const prefix = codecOf(source).nativePrefix
  return prefix !== canonicalPrefix && nativeId.startsWith(prefix) && nativeId.length > prefix.length
    ? canonicalPrefix + nativeId.slice(prefix.length)
    : nativeId
}

/**
 * Checks an ID given by a caller (canonical or native form) and returns the vendor's native form,
 * or a message saying why it cannot be sent. Refused: a value that is not a string (from a caller
 * without types), an empty ID, whitespace, control and format characters (C0, C1 such as U+0085,
 * bidi controls such as U+202E, lone surrogates), `/`, `?`, `#` and `..`. The message quotes the
 * ID with everything outside printable ASCII escaped. Clients check `after` cursors the same way.
 *
 * @example
 * ```ts
 * import { toNative } from "@unibatch/core/BatchId"
 *
 * const dashed = { provider: "example", ids: { nativePrefix: "batch-" } }
 * toNative(dashed, "batch_abc123") // => Result.succeed("batch-abc123")
 * toNative(dashed, "batch-abc123") // => Result.succeed("batch-abc123")
 * toNative(dashed, "batch_a/../b") // => Result.fail("... contains '/'")
 * toNative(dashed, "batch_a\u001b[2Jb") // => Result.fail("Invalid batch ID \"batch_a\\u001b[2Jb\": it contains the control character U+001B.")
 * toNative(dashed, 123 as unknown as string) // => Result.fail("Invalid batch ID: expected a string, got number 123.")
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toNative = (source: IdSource, id: string): Result.Result<string, string> => {
  // Callers without types (JavaScript) may pass anything: a number, `{}`, `null`.
  if (typeof id !== "string") return Result.fail(`Invalid batch ID: expected a string, got ${describeValue(id)}.`)
  const reason = unsafeReason(id)
  if (reason !== undefined) return Result.fail(`Invalid batch ID ${quoted(id)}: ${reason}.`)
  const prefix = codecOf(source).nativePrefix
  const rest = id.startsWith(prefix) ? id.slice(prefix.length) : id.startsWith(canonicalPrefix) ? id.slice(canonicalPrefix.length) : undefined
  if (rest === undefined || rest.length === 0) {
    const forms = prefix === canonicalPrefix ? `"${prefix}<id>"` : `"${canonicalPrefix}<id>" or "${prefix}<id>"`
    const provider = "ids" in source && source.provider !== undefined ? `${source.provider} batch IDs` : "Batch IDs"
    return Result.fail(`Invalid batch ID ${quoted(id)}: ${provider} look like ${forms}.`)
  }
  return Result.succeed(prefix + rest)
}
