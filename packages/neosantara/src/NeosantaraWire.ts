/**
 * Neosantara's documented Batch API contract (its "List Batches" page), for `Conformance.check`.
 * Its batch object is the family's without `cancelling_at`, `model` and `usage`; its schema example
 * shows `{}` for every nullable field, so there `{}` is a documented way of writing "no value".
 * The vendor definition (`Neosantara.definition.contract`) carries {@link contract}.
 *
 * @module \@unibatch/neosantara/NeosantaraWire
 * @since 0.1.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Schema from "effect/Schema"

// Neosantara's page documents none of these.
const { cancelling_at: _cancellingAt, model: _model, usage: _usage, ...family } = OpenAiFamily.batchFields

/** A nullable family field that also accepts the `{}` its schema example shows. */
const orPlaceholder = <S extends Schema.Top>(field: Schema.optionalKey<S>) =>
  Schema.optionalKey(Schema.Union([field.schema, OpenAiFamily.Placeholder]))

/**
 * The batch object. `{}` is accepted wherever the schema example shows it; `expires_at`, shown as
 * an integer there, is not nullable. Required fields are the family's.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * // `{}` where no output file is set yet, as Neosantara's schema example shows:
 * Schema.is(NeosantaraWire.Batch)({
 *   id: "batch-abc123",
 *   object: "batch",
 *   endpoint: "/v1/chat/completions",
 *   input_file_id: "file-abc123",
 *   completion_window: "24h",
 *   status: "validating",
 *   created_at: 1711471533,
 *   output_file_id: {}
 * }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Batch = Schema.Struct({
  ...family,
  errors: orPlaceholder(family.errors),
  output_file_id: orPlaceholder(family.output_file_id),
  error_file_id: orPlaceholder(family.error_file_id),
  in_progress_at: orPlaceholder(family.in_progress_at),
  // The schema example shows `"expires_at": 123` where every nullable field shows `{}`.
  expires_at: Schema.optionalKey(OpenAiFamily.UnixSeconds),
  finalizing_at: orPlaceholder(family.finalizing_at),
  completed_at: orPlaceholder(family.completed_at),
  failed_at: orPlaceholder(family.failed_at),
  expired_at: orPlaceholder(family.expired_at),
  cancelled_at: orPlaceholder(family.cancelled_at),
  request_counts: orPlaceholder(family.request_counts),
  metadata: orPlaceholder(family.metadata)
}).annotate({ identifier: "NeosantaraBatch" })

/**
 * The list envelope: `object` is always `"list"`, `first_id` and `last_id` are "string or null"
 * (shown as `{}` in the schema example).
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.BatchList)({ object: "list", data: [], first_id: {}, last_id: {}, has_more: false }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BatchList = Schema.Struct({
  ...OpenAiFamily.WireBatchList.fields,
  data: Schema.Array(Batch),
  first_id: Schema.Union([OpenAiFamily.WireBatchList.fields.first_id, OpenAiFamily.Placeholder]),
  last_id: Schema.Union([OpenAiFamily.WireBatchList.fields.last_id, OpenAiFamily.Placeholder])
}).annotate({ identifier: "NeosantaraBatchList" })

/**
 * The error body Neosantara is known to send (OpenAI's shape); its docs show none, so deviations
 * are notes.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.ErrorBody)({ error: { message: "Invalid API key", type: "authentication_error", param: null, code: null } }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBody = OpenAiFamily.WireErrorBody

/**
 * The statuses known for Neosantara: the family's, plus `canceled`, which its cancel endpoint
 * answers with. Its docs give no vocabulary, so another status is a note, not an error.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 *
 * NeosantaraWire.statuses.includes("canceled") // => true
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const statuses: ReadonlyArray<string> = [...OpenAiFamily.statuses, "canceled"]

/**
 * Neosantara's batch IDs: `batch-<rest>` (a dash), where the canonical form has `batch_`.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 *
 * NeosantaraWire.nativePrefix // => "batch-"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const nativePrefix = "batch-"

/**
 * Neosantara's contract for `Conformance.check`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 *
 * const report = Conformance.check(NeosantaraWire.contract, {
 *   operation: "list",
 *   body: '{"object":"list","data":[],"first_id":{},"last_id":{},"has_more":false}'
 * })
 * report.conformant // => true: `{}` is Neosantara's documented "no value"
 * ```
 *
 * @since 0.1.0
 * @category contract
 */
export const contract: Conformance.Contract = {
  // The family's wire names, unix seconds, lifecycle order and counts rule.
  ...OpenAiFamily.wireFacts,
  provider: "neosantara",
  batch: Batch,
  list: BatchList,
  errorBodies: { byStatus: {}, otherwise: ErrorBody, severity: "note" },
  statuses,
  statusSeverity: "note",
  nativePrefix,
  newestFirst: true,
  notes: [
    "`{}` is accepted wherever the schema example shows it (every nullable field, first_id, last_id): that example is Neosantara's own documentation of the form, so it is not a violation here.",
    "`expires_at` is shown as an integer where nullable fields show `{}`, so null and `{}` are violations for it.",
    "No field is marked required; the family's required fields (OpenAI's) apply.",
    "`cancelling_at`, `model` and `usage` are not documented, so they are `undocumented`.",
    "No status vocabulary is documented: a status outside the family's (plus `canceled`) is a note.",
    "The list is documented as newest first: an item newer than the one before it is `pagination.order`.",
    "No error body is documented: deviations from OpenAI's shape (and a non-JSON error body) are notes.",
    "The schema example (`\"<string>\"` values) is a rendering of types, not a response: checked as one, its `object` values, `id` and `{}` cursors on a non-empty page are violations."
  ]
}
