/**
 * Turns a saved vendor response (status and body) into canonical values, exactly as a client
 * would have seen it: what `unibatch normalize` prints.
 *
 * @module \@unibatch/core/Normalize
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import { type Batch, type BatchPage, pageToJson, toJson } from "./Batch.js"
import * as Decoder from "./Decoder.js"
import { type DecodeError, errorToJson, fromResponse, type UnibatchError } from "./UnibatchError.js"
import type { VendorDefinition } from "./VendorDefinition.js"

/**
 * The operations whose responses can be normalized.
 *
 * @example
 * ```ts
 * import { normalizeToJson, type Operation } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * declare const body: string
 * const operation: Operation = "list"
 * const { ok, json } = normalizeToJson({ definition, operation, body })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Operation = "list" | "retrieve"

/**
 * A saved vendor response, and the definition of the vendor that sent it.
 *
 * @example
 * ```ts
 * import { normalize, type VendorResponse } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * const response: VendorResponse = {
 *   definition,
 *   operation: "retrieve",
 *   status: 429,
 *   body: '{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
 *   headers: { "retry-after": "2", "x-request-id": "req_123" }
 * }
 * normalize(response) // => Result.succeed(RateLimitError { retryAfterSeconds: 2, requestId: "req_123", ... })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VendorResponse {
  readonly definition: Decoder.Definition & Pick<VendorDefinition, "requestIdHeader">
  readonly operation: Operation
  /** The HTTP status; 200 when omitted. */
  readonly status?: number | undefined
  readonly body: string
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined
}

const headerValue = (headers: Readonly<Record<string, string | undefined>> | undefined, name: string): string | null => {
  if (headers === undefined) return null
  const wanted = name.toLowerCase()
  for (const key in headers) if (key.toLowerCase() === wanted) return headers[key] ?? null
  return null
}

/**
 * What a response means: a page (list), a batch (retrieve), or, for a non-2xx status, the
 * canonical error the vendor answered with. A 2xx body that does not fit is a `DecodeError`.
 *
 * @example
 * ```ts
 * import { normalize } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * normalize({ definition, operation: "list", status: 401, body: '{"error":"Authentication credentials were not provided."}' })
 * // => Result.succeed(AuthenticationError { message: "Authentication credentials were not provided.", ... })
 * ```
 *
 * @since 0.1.0
 * @category normalizing
 */
export const normalize = (response: VendorResponse): Result.Result<BatchPage | Batch | UnibatchError, DecodeError> => {
  const status = response.status ?? 200
  const { definition, operation } = response
  const provider = definition.provider
  if (status < 200 || status >= 300) {
    return Result.succeed(
      fromResponse({ provider, operation, status, body: response.body, headers: response.headers, requestIdHeader: definition.requestIdHeader })
    )
  }
  const context = { provider, operation, status, requestId: headerValue(response.headers, definition.requestIdHeader) }
  return operation === "list"
    ? Decoder.decodePageText(definition, response.body, context)
    : Decoder.decodeBatchText(definition, response.body, context)
}

/**
 * The canonical JSON of a normalized response: a `BatchPage`, a `Batch`, or `{ "error": ... }`.
 * `ok` is false only when the body did not fit.
 *
 * @example
 * ```ts
 * import { normalizeToJson } from "@unibatch/core/Normalize"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 *
 * declare const definition: VendorDefinition
 * const { ok, json } = normalizeToJson({ definition, operation: "retrieve", body: "{}" })
 * // => ok: false, json: { error: { _tag: "DecodeError", path: "$.id", ... } }
 * ```
 *
 * @since 0.1.0
 * @category normalizing
 */
export const normalizeToJson = (response: VendorResponse): { readonly ok: boolean; readonly json: unknown } =>
  Result.match(normalize(response), {
    onFailure: (error) => ({ ok: false, json: { error: errorToJson(error) } }),
    onSuccess: (value) => ({
      ok: true,
      json: "_tag" in value
        ? { error: errorToJson(value) }
        : response.operation === "list"
        ? pageToJson(value as BatchPage)
        : toJson(value as Batch)
    })
  })
