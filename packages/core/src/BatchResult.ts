/**
 * The canonical result of one request of a batch, joined from the vendor's output and error files
 * (or its results stream): one per `customId`, whatever file or line it came from.
 *
 * @module \@unibatch/core/BatchResult
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"
import { Provider } from "./Provider.js"

/**
 * What became of one request: `succeeded` (a 2xx answer), `failed` (an error, or a non-2xx
 * answer), `expired` (never ran before the batch expired), `cancelled` (never ran because the
 * batch was cancelled).
 *
 * @example
 * ```ts
 * import { Outcome } from "@unibatch/core/BatchResult"
 *
 * Outcome.literals // => ["succeeded", "failed", "expired", "cancelled"]
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export const Outcome = Schema.Literals(["succeeded", "failed", "expired", "cancelled"])

/**
 * @example
 * ```ts
 * import type { Outcome } from "@unibatch/core/BatchResult"
 *
 * const outcome: Outcome = "succeeded"
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type Outcome = typeof Outcome.Type

/**
 * Why a request did not succeed, as the vendor said it: from the line's `error`, else from the
 * error inside the response body of a non-2xx answer. `code` is `null` when the vendor gave none.
 *
 * @example
 * ```ts
 * import type { ResultError } from "@unibatch/core/BatchResult"
 *
 * const error: ResultError = { code: "batch_expired", message: "This request could not be executed before the completion window expired." }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class ResultError extends Schema.Opaque<ResultError>()(
  Schema.Struct({
    code: Schema.NullOr(Schema.String),
    message: Schema.NullOr(Schema.String)
  })
) {}

/**
 * One request's result.
 *
 * - `batchId`: the canonical batch ID (`batch_...`).
 * - `statusCode`: the HTTP status the vendor's endpoint answered the request with; `null` when it
 *   never ran.
 * - `body`: the endpoint's response body, verbatim JSON (a chat completion, ...), `null` when there
 *   was none.
 * - `error`: `null` for `succeeded`.
 * - `requestId`: the vendor's id for the request (`request_id`), `null` when not given.
 *
 * @example
 * ```ts
 * import type { BatchResult } from "@unibatch/core/BatchResult"
 *
 * const result: BatchResult = {
 *   provider: "openai", batchId: "batch_abc", customId: "request-1", outcome: "succeeded", statusCode: 200,
 *   body: { object: "chat.completion" }, error: null, requestId: "req_123"
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export class BatchResult extends Schema.Opaque<BatchResult>()(
  Schema.Struct({
    provider: Provider,
    batchId: Schema.String,
    customId: Schema.String,
    outcome: Outcome,
    statusCode: Schema.NullOr(Schema.Number),
    body: Schema.Unknown,
    error: Schema.NullOr(ResultError),
    requestId: Schema.NullOr(Schema.String)
  })
) {}

/**
 * What a vendor's result line says about its request: a {@link BatchResult} less what the reader
 * of the file knows itself (`provider`, `batchId`). A definition's `lifecycle.results.read` returns
 * it.
 *
 * @example
 * ```ts
 * import type { ResultLine } from "@unibatch/core/BatchResult"
 *
 * const line: ResultLine = { customId: "r-1", outcome: "expired", statusCode: null, body: null, error: { code: "batch_expired", message: null }, requestId: null }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type ResultLine = Omit<BatchResult, "provider" | "batchId">

/**
 * The canonical JSON of a {@link BatchResult}: the same fields, `body` verbatim. (`batchId` may
 * be `null` for a result line read on its own, as `unibatch normalize` does.)
 *
 * @example
 * ```ts
 * import type { BatchResultJson } from "@unibatch/core/BatchResult"
 *
 * const json: Pick<BatchResultJson, "customId" | "outcome"> = { customId: "r-1", outcome: "expired" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface BatchResultJson<BatchId extends string | null = string> {
  readonly provider: string
  readonly batchId: BatchId
  readonly customId: string
  readonly outcome: Outcome
  readonly statusCode: number | null
  readonly body: unknown
  readonly error: { readonly code: string | null; readonly message: string | null } | null
  readonly requestId: string | null
}

/**
 * A {@link BatchResult} as canonical JSON, a fresh plain object (no schema class in it).
 *
 * @example
 * ```ts
 * import * as BatchResult from "@unibatch/core/BatchResult"
 *
 * const json = BatchResult.toJson({
 *   provider: "openai", batchId: "batch_abc", customId: "r-1", outcome: "succeeded", statusCode: 200,
 *   body: { object: "chat.completion" }, error: null, requestId: "req_1"
 * })
 * JSON.stringify(json.body) // => '{"object":"chat.completion"}'
 * ```
 *
 * @since 0.3.0
 * @category encoding
 */
export const toJson = <BatchId extends string | null>(
  result: Omit<BatchResult, "batchId"> & { readonly batchId: BatchId }
): BatchResultJson<BatchId> => ({
  provider: result.provider,
  batchId: result.batchId,
  customId: result.customId,
  outcome: result.outcome,
  statusCode: result.statusCode,
  body: result.body,
  error: result.error === null ? null : { code: result.error.code, message: result.error.message },
  requestId: result.requestId
})
