/**
 * Respan's documented Batch API contract (its "List batches" and "Retrieve batch" pages), for
 * `Conformance.check`. Respan forwards to OpenAI, and its docs show a subset of OpenAI's fields,
 * so its Schemas are the family's pieces from `@unibatch/core/OpenAiFamily` with what its pages
 * leave out removed. The vendor definition (`Respan.definition.contract`) carries {@link contract}.
 *
 * @module \@unibatch/respan/RespanWire
 * @since 0.1.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Schema from "effect/Schema"

// No Respan page shows `model` or `usage`.
const { model: _model, usage: _usage, ...documentedFields } = OpenAiFamily.batchFields

/**
 * The batch object. Required: `id`, `object`, `endpoint`, `status`, `created_at` (its list
 * example leaves out `input_file_id` and `completion_window`, which its retrieve example has);
 * the other documented fields may be absent or `null`.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * // As in Respan's list example: no input_file_id, no completion_window.
 * Schema.is(RespanWire.Batch)({
 *   id: "batch_abc123",
 *   object: "batch",
 *   endpoint: "/v1/chat/completions",
 *   status: "completed",
 *   created_at: 1711471533
 * }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Batch = Schema.Struct({
  ...documentedFields,
  input_file_id: Schema.optionalKey(documentedFields.input_file_id),
  completion_window: Schema.optionalKey(documentedFields.completion_window)
}).annotate({ identifier: "RespanBatch" })

/**
 * The list envelope, the family's with Respan's batch objects.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * const page = Schema.decodeUnknownSync(RespanWire.BatchList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BatchList = Schema.Struct({ ...OpenAiFamily.WireBatchList.fields, data: Schema.Array(Batch) }).annotate({
  identifier: "RespanBatchList"
})

/**
 * The 401 body both pages show: `{"error": "Authentication credentials were not provided."}`.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.UnauthorizedBody)({ error: "Authentication credentials were not provided." }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnauthorizedBody = Schema.Struct({ error: Schema.String }).annotate({ identifier: "RespanUnauthorizedBody" })

/**
 * The 404 body the retrieve page shows: `{"error": {"message", "type"}}`.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.NotFoundBody)({ error: { message: "No such batch: batch_abc123", type: "invalid_request_error" } }) // => true
 * Schema.is(RespanWire.NotFoundBody)({ error: "Not found." }) // => false
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const NotFoundBody = Schema.Struct({
  error: Schema.Struct({ message: Schema.String, type: Schema.String })
}).annotate({ identifier: "RespanNotFoundBody" })

/**
 * Respan's statuses: its pages refer to OpenAI's, so they are the family's eight.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 *
 * RespanWire.statuses.includes("finalizing") // => true
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const statuses: ReadonlyArray<string> = OpenAiFamily.statuses

/**
 * Respan's batch IDs: OpenAI's, `batch_<rest>`, which it passes through.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 *
 * RespanWire.nativePrefix // => "batch_"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const nativePrefix = "batch_"

/**
 * Respan's contract for `Conformance.check`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 *
 * const report = Conformance.check(RespanWire.contract, {
 *   operation: "list",
 *   status: 401,
 *   body: '{"error": "Authentication credentials were not provided."}'
 * })
 * report.conformant // => true
 * ```
 *
 * @since 0.1.0
 * @category contract
 */
export const contract: Conformance.Contract = {
  // The family's wire names, unix seconds, lifecycle order and counts rule.
  ...OpenAiFamily.wireFacts,
  provider: "respan",
  batch: Batch,
  list: BatchList,
  errorBodies: {
    byStatus: { 401: UnauthorizedBody, 404: NotFoundBody },
    // Other statuses are not documented: either shape Respan uses is accepted.
    otherwise: Schema.Union([UnauthorizedBody, NotFoundBody]),
    severity: "error"
  },
  statuses,
  statusSeverity: "error",
  nativePrefix,
  // Its list example has an older batch before a newer one: no order is documented.
  newestFirst: false,
  notes: [
    "Required fields are the ones both examples always show: id, object, endpoint, status, created_at. The list example leaves out input_file_id and completion_window, so they may be absent (but not null).",
    "`model`, `usage` and anything else no Respan page shows are undocumented (notes with allowExtra), even when OpenAI sends them through Respan.",
    "The status vocabulary is OpenAI's: Respan's pages refer to its create page for the values, and it forwards to OpenAI.",
    "401 bodies are `{\"error\": \"text\"}` and 404 bodies `{\"error\": {\"message\", \"type\"}}`, as shown (the 404 shape applies to list too); any other status may use either shape.",
    "`{}` where a value is documented is a `placeholder` violation: no Respan page shows it."
  ]
}
