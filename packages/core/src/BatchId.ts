/**
 * Batch IDs: the canonical `batch_<rest>` form, each vendor's native form, and the rules an ID
 * must pass before it is put into a request path.
 *
 * @module \@unibatch/core/BatchId
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type { Provider } from "./Provider.js"

const canonicalPrefix = "batch_"

/** Native ID prefix per vendor: Neosantara writes `batch-<rest>`, the others `batch_<rest>`. */
const nativePrefix: Record<Provider, string> = {
  openai: "batch_",
  respan: "batch_",
  neosantara: "batch-"
}

/**
 * Why an ID was refused, in words a user can act on; `undefined` when it is safe to send.
 * Path characters are refused outright rather than escaped: an ID with them is a bug upstream.
 */
const unsafeReason = (id: string): string | undefined => {
  if (id.length === 0) return "it is empty"
  if (/\s/.test(id)) return "it contains whitespace"
  if (id.includes("/")) return "it contains '/'"
  if (id.includes("?")) return "it contains '?'"
  if (id.includes("#")) return "it contains '#'"
  if (id.includes("..")) return "it contains '..'"
  return undefined
}

/**
 * The canonical form of a native ID. An ID that does not have the vendor's prefix is kept as it is.
 *
 * @example
 * ```ts
 * import { toCanonical } from "@unibatch/core/BatchId"
 *
 * toCanonical("neosantara", "batch-abc123") // => "batch_abc123"
 * toCanonical("openai", "batch_abc123") // => "batch_abc123"
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toCanonical = (provider: Provider, nativeId: string): string => {
  const prefix = nativePrefix[provider]
  return prefix !== canonicalPrefix && nativeId.startsWith(prefix) && nativeId.length > prefix.length
    ? canonicalPrefix + nativeId.slice(prefix.length)
    : nativeId
}

/**
 * Checks an ID given by a caller (canonical or native form) and returns the vendor's native form,
 * or a message saying why it cannot be sent.
 *
 * @example
 * ```ts
 * import { toNative } from "@unibatch/core/BatchId"
 *
 * toNative("neosantara", "batch_abc123") // => Either.right("batch-abc123")
 * toNative("neosantara", "batch-abc123") // => Either.right("batch-abc123")
 * toNative("openai", "batch_a/../b") // => Either.left("... contains '/'")
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toNative = (provider: Provider, id: string): Either.Either<string, string> => {
  const reason = unsafeReason(id)
  if (reason !== undefined) return Either.left(`Invalid batch ID ${JSON.stringify(id)}: ${reason}.`)
  const prefix = nativePrefix[provider]
  const rest = id.startsWith(prefix) ? id.slice(prefix.length) : id.startsWith(canonicalPrefix) ? id.slice(canonicalPrefix.length) : undefined
  if (rest === undefined || rest.length === 0) {
    const forms = prefix === canonicalPrefix ? `"${prefix}<id>"` : `"${canonicalPrefix}<id>" or "${prefix}<id>"`
    return Either.left(`Invalid batch ID ${JSON.stringify(id)}: ${provider} batch IDs look like ${forms}.`)
  }
  return Either.right(prefix + rest)
}
