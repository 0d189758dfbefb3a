/**
 * Anthropic's Message Batches wire shapes and contract, for the decoder and `Conformance.check`:
 * the batch object (`processing_status`, `request_counts` one per outcome, RFC 3339 times,
 * `results_url`), the list envelope (`data`, `has_more`, `first_id`, `last_id`, no `object`) and
 * the error body (`{"type": "error", "error": {"type", "message"}}`). The vendor definition
 * (`Anthropic.definition.contract`) carries {@link contract}.
 *
 * @module \@unibatch/anthropic/AnthropicWire
 * @since 0.3.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Timestamp from "@unibatch/core/Timestamp"
import * as Schema from "effect/Schema"

const Rfc3339 = Timestamp.rfc3339.schema
const Count = OpenAiFamily.Count
const optionalNullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/**
 * The batch object as the decoder reads it: `id`, `processing_status` and `created_at` are
 * required, the rest may be absent or `null`. `archived_at` is not named: the canonical model has
 * no place for it, so it stays in `extensions`.
 *
 * @example
 * ```ts
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AnthropicWire.WireBatch)({ id: "msgbatch_1", processing_status: "in_progress", created_at: "2024-09-24T18:37:24.100435Z" }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const WireBatch = Schema.Struct({
  id: Schema.String,
  type: optionalNullable(Schema.String),
  processing_status: Schema.String,
  request_counts: optionalNullable(Schema.Struct({
    processing: Schema.optionalKey(Count),
    succeeded: Schema.optionalKey(Count),
    errored: Schema.optionalKey(Count),
    canceled: Schema.optionalKey(Count),
    expired: Schema.optionalKey(Count)
  })),
  created_at: Rfc3339,
  expires_at: optionalNullable(Rfc3339),
  ended_at: optionalNullable(Rfc3339),
  cancel_initiated_at: optionalNullable(Rfc3339),
  results_url: optionalNullable(Schema.String)
}).annotate({ identifier: "AnthropicWireBatch" })

/**
 * The batch object exactly as documented: every field present, `null` where the docs say so.
 *
 * @example
 * ```ts
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AnthropicWire.Batch)({
 *   id: "msgbatch_1", type: "message_batch", processing_status: "in_progress",
 *   request_counts: { processing: 2, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
 *   ended_at: null, created_at: "2024-09-24T18:37:24.100435Z", expires_at: "2024-09-25T18:37:24.100435Z",
 *   archived_at: null, cancel_initiated_at: null, results_url: null
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const Batch = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("message_batch"),
  // A string: the contract's `statuses` judge its value (the `status` rule).
  processing_status: Schema.String,
  request_counts: Schema.Struct({ processing: Count, succeeded: Count, errored: Count, canceled: Count, expired: Count }),
  ended_at: Schema.NullOr(Rfc3339),
  created_at: Rfc3339,
  expires_at: Rfc3339,
  archived_at: Schema.NullOr(Rfc3339),
  cancel_initiated_at: Schema.NullOr(Rfc3339),
  results_url: Schema.NullOr(Schema.String)
}).annotate({ identifier: "AnthropicBatch" })

/**
 * The list envelope: no `object` field.
 *
 * @example
 * ```ts
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AnthropicWire.BatchList)({ data: [], has_more: false, first_id: null, last_id: null }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const BatchList = Schema.Struct({
  data: Schema.Array(Batch),
  has_more: Schema.Boolean,
  first_id: Schema.NullOr(Schema.String),
  last_id: Schema.NullOr(Schema.String)
}).annotate({ identifier: "AnthropicBatchList" })

/**
 * Every error body, whatever the status.
 *
 * @example
 * ```ts
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AnthropicWire.ErrorBody)({ type: "error", error: { type: "not_found_error", message: "Not found" } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const ErrorBody = Schema.Struct({
  type: Schema.Literal("error"),
  error: Schema.Struct({ type: Schema.String, message: Schema.String })
}).annotate({ identifier: "AnthropicErrorBody" })

/**
 * The `processing_status` vocabulary.
 *
 * @example
 * ```ts
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 *
 * AnthropicWire.processingStatuses // => ["in_progress", "canceling", "ended"]
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const processingStatuses = ["in_progress", "canceling", "ended"] as const

/**
 * Batch IDs: `msgbatch_<rest>`, canonical `batch_<rest>`.
 *
 * @example
 * ```ts
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 *
 * AnthropicWire.nativePrefix // => "msgbatch_"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const nativePrefix = "msgbatch_"

/**
 * Anthropic's contract for `Conformance.check`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
 *
 * const report = Conformance.check(AnthropicWire.contract, {
 *   operation: "list",
 *   body: '{"data":[],"has_more":false,"first_id":null,"last_id":null}'
 * })
 * report.conformant // => true
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const contract: Conformance.Contract = {
  provider: "anthropic",
  batch: Batch,
  list: BatchList,
  errorBodies: { byStatus: {}, otherwise: ErrorBody, severity: "error" },
  statuses: processingStatuses,
  statusSeverity: "error",
  nativePrefix,
  newestFirst: true,
  fields: { id: "id", status: "processing_status", createdAt: "created_at" },
  envelope: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
  timestamps: {
    codec: Timestamp.rfc3339,
    order: [
      { field: "cancel_initiated_at", notBefore: ["created_at"] },
      { field: "ended_at", notBefore: ["cancel_initiated_at", "created_at"] },
      { field: "expires_at", notBefore: ["created_at"] },
      { field: "archived_at", notBefore: ["ended_at", "created_at"] }
    ]
  },
  // One count per outcome and no total to add up to.
  counts: null,
  notes: [
    "processing_status is the status field: a value outside in_progress, canceling, ended is a `status` violation.",
    "`ended` is split by what ended it: cancelled when cancel_initiated_at is set, expired when every request expired, else completed.",
    "request_counts has no total, so no counts rule applies; every count is kept (processing, succeeded, errored, canceled, expired).",
    "No files: input_file_id and output_file_id are null in the canonical batch; results come from results_url once the batch has ended."
  ]
}
