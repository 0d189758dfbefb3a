/**
 * The canonical batch: one shape for every vendor.
 *
 * The types are plain objects described by Schemas (`Schema.Opaque` over a `Schema.Struct`): a
 * value is built with an object literal, `Schema.is(Batch)` checks one, and
 * `Schema.toCodecJson(Batch)` is the canonical JSON codec (ISO-8601 timestamps), which
 * {@link toJson} writes out by hand for speed.
 *
 * @module \@unibatch/core/Batch
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import { BatchStatus } from "./BatchStatus.js"
import { isoString } from "./internal/isoString.js"
import { Provider } from "./Provider.js"

/** A value the vendor did not give is `null`, never a made-up zero or empty string. */
const Nullable = Schema.NullOr
const Timestamp = Nullable(Schema.DateTimeUtc)
const Count = Nullable(Schema.Number)

/**
 * How many requests of a batch are in each state. A count the vendor does not give is `null`
 * (the OpenAI family gives `total`, `completed` and `failed` only).
 *
 * @example
 * ```ts
 * import type { RequestCounts } from "@unibatch/core/Batch"
 *
 * const counts: RequestCounts = { total: 100, completed: 95, failed: 5, processing: null, cancelled: null, expired: null }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class RequestCounts extends Schema.Opaque<RequestCounts>()(
  Schema.Struct({
    total: Count,
    completed: Count,
    failed: Count,
    processing: Count,
    cancelled: Count,
    expired: Count
  })
) {}

/**
 * One error reported for a batch as a whole or for one line of its input file.
 *
 * @example
 * ```ts
 * import type { BatchLineError } from "@unibatch/core/Batch"
 *
 * const error: BatchLineError = { code: "invalid_json", message: "Line 3 is not valid JSON.", line: 3, param: null }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class BatchLineError extends Schema.Opaque<BatchLineError>()(
  Schema.Struct({
    code: Nullable(Schema.String),
    message: Nullable(Schema.String),
    line: Nullable(Schema.Number),
    param: Nullable(Schema.String)
  })
) {}

/**
 * Token usage of a batch, flattened from the vendor's nested `*_details` objects.
 *
 * @example
 * ```ts
 * import type { Usage } from "@unibatch/core/Batch"
 *
 * // From `{"input_tokens": 1200, "input_tokens_details": {"cached_tokens": 200}, ...}`:
 * const usage: Usage = { inputTokens: 1200, cachedInputTokens: 200, outputTokens: 300, reasoningTokens: 0, totalTokens: 1500 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Usage extends Schema.Opaque<Usage>()(
  Schema.Struct({
    inputTokens: Count,
    cachedInputTokens: Count,
    outputTokens: Count,
    reasoningTokens: Count,
    totalTokens: Count
  })
) {}

/**
 * A batch in the canonical model. Timestamps are `DateTime.Utc` (ISO-8601 strings in the JSON
 * encoding), `id` is the canonical `batch_<rest>` form and `nativeId` the vendor's own, and
 * `extensions` keeps every field the vendor sent that the model has no place for. `resultsUrl` is
 * where a vendor without result files serves the results (`null` for the others).
 *
 * @example
 * ```ts
 * import { Batch } from "@unibatch/core/Batch"
 * import * as Schema from "effect/Schema"
 *
 * declare const value: unknown
 * if (Schema.is(Batch)(value)) console.log(value.id, value.status)
 * // The canonical JSON form, through Schema (`toJson` writes the same faster):
 * const json = (batch: Batch) => Schema.encodeSync(Schema.toCodecJson(Batch))(batch)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Batch extends Schema.Opaque<Batch>()(
  Schema.Struct({
    provider: Provider,
    id: Schema.String,
    nativeId: Schema.String,
    endpoint: Nullable(Schema.String),
    status: BatchStatus,
    nativeStatus: Schema.String,
    inputFileId: Nullable(Schema.String),
    outputFileId: Nullable(Schema.String),
    errorFileId: Nullable(Schema.String),
    resultsUrl: Nullable(Schema.String),
    completionWindow: Nullable(Schema.String),
    model: Nullable(Schema.String),
    /** `null` only in a partial answer (a vendor's cancel that omits it, see `Lifecycle.partialCancel`). */
    createdAt: Timestamp,
    inProgressAt: Timestamp,
    expiresAt: Timestamp,
    finalizingAt: Timestamp,
    completedAt: Timestamp,
    failedAt: Timestamp,
    expiredAt: Timestamp,
    cancellingAt: Timestamp,
    cancelledAt: Timestamp,
    requestCounts: Nullable(RequestCounts),
    errors: Schema.Array(BatchLineError),
    metadata: Schema.Record(Schema.String, Schema.String),
    usage: Nullable(Usage),
    extensions: Schema.Record(Schema.String, Schema.Unknown)
  })
) {}

/**
 * One page of a batch listing. `firstId` and `lastId` are canonical IDs, `null` on an empty page.
 *
 * @example
 * ```ts
 * import type { BatchPage } from "@unibatch/core/Batch"
 *
 * const empty: BatchPage = { data: [], firstId: null, lastId: null, hasMore: false }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class BatchPage extends Schema.Opaque<BatchPage>()(
  Schema.Struct({
    data: Schema.Array(Batch),
    firstId: Nullable(Schema.String),
    lastId: Nullable(Schema.String),
    hasMore: Schema.Boolean
  })
) {}

/**
 * The canonical JSON form of a value: `DateTime.Utc` as an ISO-8601 string, the rest as it is.
 *
 * @example
 * ```ts
 * import type { Batch, Json } from "@unibatch/core/Batch"
 *
 * type BatchJson = Json<Batch> // id: string, createdAt: string | null, inProgressAt: string | null, ...
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Json<A> = A extends DateTime.Utc ? string
  : A extends ReadonlyArray<infer Item> ? ReadonlyArray<Json<Item>>
  : A extends object ? { readonly [K in keyof A]: Json<A[K]> }
  : A

/**
 * The canonical JSON form of a {@link Batch}.
 *
 * @example
 * ```ts
 * import type { BatchJson } from "@unibatch/core/Batch"
 *
 * const created = (json: BatchJson): Date | null => json.createdAt === null ? null : new Date(json.createdAt)
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type BatchJson = Json<Batch>

/**
 * The canonical JSON form of a {@link BatchPage}.
 *
 * @example
 * ```ts
 * import type { BatchPageJson } from "@unibatch/core/Batch"
 *
 * const ids = (json: BatchPageJson) => json.data.map((batch) => batch.id)
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type BatchPageJson = Json<BatchPage>

const isBatchSchema = Schema.is(Batch)

/**
 * Tells whether a value is a canonical {@link Batch} (every field present with its type).
 *
 * @example
 * ```ts
 * import { isBatch } from "@unibatch/core/Batch"
 *
 * declare const value: unknown
 * if (isBatch(value)) console.log(value.id, value.status)
 * isBatch({ id: "batch_abc123" }) // => false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isBatch = (value: unknown): value is Batch => isBatchSchema(value)

const isoOrNull = (timestamp: DateTime.Utc | null): string | null => timestamp === null ? null : isoString(timestamp.epochMilliseconds)

/**
 * The canonical JSON form of a batch: plain data, ISO-8601 timestamps, `null` for no value. The
 * same as `Schema.encodeSync(Schema.toCodecJson(Batch))`, written out for speed (a property test
 * proves the two equal).
 *
 * @example
 * ```ts
 * import { toJson, type Batch } from "@unibatch/core/Batch"
 *
 * declare const batch: Batch
 * console.log(JSON.stringify(toJson(batch)))
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const toJson = (batch: Batch): BatchJson => ({
  provider: batch.provider,
  id: batch.id,
  nativeId: batch.nativeId,
  endpoint: batch.endpoint,
  status: batch.status,
  nativeStatus: batch.nativeStatus,
  inputFileId: batch.inputFileId,
  outputFileId: batch.outputFileId,
  errorFileId: batch.errorFileId,
  resultsUrl: batch.resultsUrl,
  completionWindow: batch.completionWindow,
  model: batch.model,
  createdAt: isoOrNull(batch.createdAt),
  inProgressAt: isoOrNull(batch.inProgressAt),
  expiresAt: isoOrNull(batch.expiresAt),
  finalizingAt: isoOrNull(batch.finalizingAt),
  completedAt: isoOrNull(batch.completedAt),
  failedAt: isoOrNull(batch.failedAt),
  expiredAt: isoOrNull(batch.expiredAt),
  cancellingAt: isoOrNull(batch.cancellingAt),
  cancelledAt: isoOrNull(batch.cancelledAt),
  requestCounts: batch.requestCounts === null
    ? null
    : {
      total: batch.requestCounts.total,
      completed: batch.requestCounts.completed,
      failed: batch.requestCounts.failed,
      processing: batch.requestCounts.processing,
      cancelled: batch.requestCounts.cancelled,
      expired: batch.requestCounts.expired
    },
  errors: batch.errors.map((error) => ({ code: error.code, message: error.message, line: error.line, param: error.param })),
  metadata: { ...batch.metadata },
  usage: batch.usage === null
    ? null
    : {
      inputTokens: batch.usage.inputTokens,
      cachedInputTokens: batch.usage.cachedInputTokens,
      outputTokens: batch.usage.outputTokens,
      reasoningTokens: batch.usage.reasoningTokens,
      totalTokens: batch.usage.totalTokens
    },
  extensions: { ...batch.extensions }
})

/**
 * The canonical JSON form of a page.
 *
 * @example
 * ```ts
 * import { pageToJson, type BatchPage } from "@unibatch/core/Batch"
 *
 * declare const page: BatchPage
 * const json = pageToJson(page)
 * // => { data: [{ provider: "openai", id: "batch_...", createdAt: "2024-03-26T16:45:33.000Z", ... }], firstId: "batch_...", ... }
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const pageToJson = (page: BatchPage): BatchPageJson => ({
  data: page.data.map(toJson),
  firstId: page.firstId,
  lastId: page.lastId,
  hasMore: page.hasMore
})
