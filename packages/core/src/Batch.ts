/**
 * The canonical batch: one shape for every vendor.
 *
 * @module \@unibatch/core/Batch
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import { isoString } from "./internal/isoString.js"
import { BatchStatus } from "./BatchStatus.js"
import { Provider } from "./Provider.js"

/** A value the vendor did not give is `null`, never a made-up zero or empty string. */
const Nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.NullOr(schema)
const Timestamp = Nullable(Schema.DateTimeUtc)
const Count = Nullable(Schema.Number)

/**
 * How many requests of a batch are done. Each count is `null` when the vendor did not send it.
 *
 * @example
 * ```ts
 * import { RequestCounts } from "@unibatch/core/Batch"
 *
 * const counts = new RequestCounts({ total: 100, completed: 95, failed: 5 })
 * // A vendor that sent no counts:
 * const unknown = new RequestCounts({ total: null, completed: null, failed: null })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class RequestCounts extends Schema.Class<RequestCounts>("RequestCounts")({
  total: Count,
  completed: Count,
  failed: Count
}) {}

/**
 * One error reported for a batch as a whole or for one line of its input file.
 *
 * @example
 * ```ts
 * import { BatchLineError } from "@unibatch/core/Batch"
 *
 * const error = new BatchLineError({ code: "invalid_json", message: "Line 3 is not valid JSON.", line: 3, param: null })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class BatchLineError extends Schema.Class<BatchLineError>("BatchLineError")({
  code: Nullable(Schema.String),
  message: Nullable(Schema.String),
  line: Nullable(Schema.Number),
  param: Nullable(Schema.String)
}) {}

/**
 * Token usage of a batch, flattened from the vendor's nested `*_details` objects.
 *
 * @example
 * ```ts
 * import { Usage } from "@unibatch/core/Batch"
 *
 * // From `{"input_tokens": 1200, "input_tokens_details": {"cached_tokens": 200}, ...}`:
 * const usage = new Usage({ inputTokens: 1200, cachedInputTokens: 200, outputTokens: 300, reasoningTokens: 0, totalTokens: 1500 })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Usage extends Schema.Class<Usage>("Usage")({
  inputTokens: Count,
  cachedInputTokens: Count,
  outputTokens: Count,
  reasoningTokens: Count,
  totalTokens: Count
}) {}

/**
 * A batch in the canonical model. Timestamps are `DateTime.Utc` (ISO-8601 strings in the JSON
 * encoding), `id` is the canonical `batch_<rest>` form and `nativeId` the vendor's own, and
 * `extensions` keeps every field the vendor sent that the model has no place for.
 *
 * @example
 * ```ts
 * import { Batch } from "@unibatch/core/Batch"
 * import type * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
 *
 * declare const batch: Batch
 * // The canonical JSON form, as the CLI prints it:
 * const json = Schema.encodeSync(Batch)(batch)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class Batch extends Schema.Class<Batch>("Batch")({
  provider: Provider,
  id: Schema.String,
  nativeId: Schema.String,
  endpoint: Nullable(Schema.String),
  status: BatchStatus,
  nativeStatus: Schema.String,
  inputFileId: Nullable(Schema.String),
  outputFileId: Nullable(Schema.String),
  errorFileId: Nullable(Schema.String),
  completionWindow: Nullable(Schema.String),
  model: Nullable(Schema.String),
  createdAt: Schema.DateTimeUtc,
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
  metadata: Schema.Record({ key: Schema.String, value: Schema.String }),
  usage: Nullable(Usage),
  extensions: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}) {}

/**
 * One page of a batch listing. `firstId` and `lastId` are canonical IDs, `null` on an empty page.
 *
 * @example
 * ```ts
 * import { BatchPage } from "@unibatch/core/Batch"
 * import type * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
 *
 * const empty = Schema.decodeUnknownSync(BatchPage)({ data: [], firstId: null, lastId: null, hasMore: false })
 * empty.hasMore // => false
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export class BatchPage extends Schema.Class<BatchPage>("BatchPage")({
  data: Schema.Array(Batch),
  firstId: Nullable(Schema.String),
  lastId: Nullable(Schema.String),
  hasMore: Schema.Boolean
}) {}

/**
 * Tells whether a value is a canonical {@link Batch}.
 *
 * @example
 * ```ts
 * import { isBatch } from "@unibatch/core/Batch"
 *
 * declare const value: unknown
 * if (isBatch(value)) console.log(value.id, value.status)
 * isBatch({ id: "batch_abc123" }) // => false: only decoded Batch instances are
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isBatch = (value: unknown): value is Batch => value instanceof Batch

/**
 * The canonical JSON form of a batch: plain data, ISO-8601 timestamps, `null` for no value.
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
export const toJson = (batch: Batch): typeof Batch.Encoded => ({
  // Written out rather than `Schema.encodeSync(Batch)`, which cost more than decoding did when
  // streaming NDJSON; test/properties proves the two equal on generated batches.
  provider: batch.provider,
  id: batch.id,
  nativeId: batch.nativeId,
  endpoint: batch.endpoint,
  status: batch.status,
  nativeStatus: batch.nativeStatus,
  inputFileId: batch.inputFileId,
  outputFileId: batch.outputFileId,
  errorFileId: batch.errorFileId,
  completionWindow: batch.completionWindow,
  model: batch.model,
  createdAt: isoString(batch.createdAt.epochMillis),
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
    : { total: batch.requestCounts.total, completed: batch.requestCounts.completed, failed: batch.requestCounts.failed },
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

const isoOrNull = (timestamp: DateTime.Utc | null): string | null =>
  timestamp === null ? null : isoString(timestamp.epochMillis)

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
export const pageToJson = (page: BatchPage): typeof BatchPage.Encoded => ({
  data: page.data.map(toJson),
  firstId: page.firstId,
  lastId: page.lastId,
  hasMore: page.hasMore
})
