/**
 * Turns a saved vendor response (status and body) into canonical values, exactly as a client
 * would have seen it: what `unibatch normalize` prints.
 *
 * @module \@unibatch/core/Normalize
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { type Batch, type BatchPage, pageToJson, toJson } from "./Batch.js"
import * as Decoder from "./Decoder.js"
import type { Provider } from "./Provider.js"
import { type DecodeError, errorToJson, fromResponse, type UnibatchError } from "./UnibatchError.js"

/**
 * The operations whose responses can be normalized.
 *
 * @example
 * ```ts
 * import { normalizeToJson, type Operation } from "@unibatch/core/Normalize"
 *
 * declare const body: string
 * const operation: Operation = "list"
 * const { ok, json } = normalizeToJson({ provider: "openai", operation, body })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = "list" | "retrieve"

/**
 * A saved vendor response.
 *
 * @example
 * ```ts
 * import { normalize, type VendorResponse } from "@unibatch/core/Normalize"
 *
 * const response: VendorResponse = {
 *   provider: "openai",
 *   operation: "retrieve",
 *   status: 429,
 *   body: '{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
 *   headers: { "retry-after": "2", "x-request-id": "req_123" }
 * }
 * normalize(response) // => Either.right(RateLimitError { retryAfterSeconds: 2, requestId: "req_123", ... })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VendorResponse {
  readonly provider: Provider
  readonly operation: Operation
  /** The HTTP status; 200 when omitted. */
  readonly status?: number | undefined
  readonly body: string
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined
}

/**
 * What a response means: a page (list), a batch (retrieve), or, for a non-2xx status, the
 * canonical error the vendor answered with. A 2xx body that does not fit is a `DecodeError`.
 *
 * @example
 * ```ts
 * import { normalize } from "@unibatch/core/Normalize"
 *
 * normalize({ provider: "respan", operation: "list", status: 401, body: '{"error":"Authentication credentials were not provided."}' })
 * // => Either.right(AuthenticationError { message: "Authentication credentials were not provided.", ... })
 * ```
 *
 * @since 0.1.0
 * @category normalizing
 */
export const normalize = (response: VendorResponse): Either.Either<BatchPage | Batch | UnibatchError, DecodeError> => {
  const status = response.status ?? 200
  const { provider, operation } = response
  if (status < 200 || status >= 300) {
    return Either.right(fromResponse({ provider, operation, status, body: response.body, headers: response.headers }))
  }
  const context = { provider, operation, status, requestId: response.headers?.["x-request-id"] ?? null }
  return operation === "list" ? Decoder.decodePageText(response.body, context) : Decoder.decodeBatchText(response.body, context)
}

/**
 * The canonical JSON of a normalized response: a `BatchPage`, a `Batch`, or `{ "error": ... }`.
 * `ok` is false only when the body did not fit.
 *
 * @example
 * ```ts
 * import { normalizeToJson } from "@unibatch/core/Normalize"
 *
 * const { ok, json } = normalizeToJson({ provider: "openai", operation: "retrieve", body: "{}" })
 * // => ok: false, json: { error: { _tag: "DecodeError", path: "$.id", ... } }
 * ```
 *
 * @since 0.1.0
 * @category normalizing
 */
export const normalizeToJson = (response: VendorResponse): { readonly ok: boolean; readonly json: unknown } =>
  Either.match(normalize(response), {
    onLeft: (error) => ({ ok: false, json: { error: errorToJson(error) } }),
    onRight: (value) => ({
      ok: true,
      json: "_tag" in value
        ? { error: errorToJson(value) }
        : response.operation === "list"
        ? pageToJson(value as BatchPage)
        : toJson(value as Batch)
    })
  })
