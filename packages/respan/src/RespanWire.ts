/**
 * Respan's documented Batch API contract (its "List batches" and "Retrieve batch" pages), for
 * `Conformance.check`. Respan forwards to OpenAI, and its docs show a subset of OpenAI's fields,
 * so its Schemas are the family's pieces from `@unibatch/core/OpenAiFamily` with what its pages
 * leave out removed. The vendor definition (`Respan.definition.contract`) carries {@link contract}.
 *
 * The lifecycle's responses: its create page documents the create answer; it documents no file,
 * cancel or result line bodies, which are OpenAI's (it forwards to OpenAI), as the notes say.
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

const optionalNullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/**
 * The create answer, as Respan's create page lists it: the batch object, with `metadata` a map
 * from strings to any value and `errors` any value or null.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.CreatedBatch)({
 *   id: "batch_abc123", object: "batch", endpoint: "/v1/chat/completions", status: "validating",
 *   created_at: 1711471533, metadata: { attempt: 1 }
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CreatedBatch = Schema.Struct({
  ...Batch.fields,
  metadata: optionalNullable(Schema.Record(Schema.String, Schema.Unknown)),
  errors: Schema.optionalKey(Schema.Unknown)
}).annotate({ identifier: "RespanCreatedBatch" })

/**
 * The file object: OpenAI's, the family's ({@link OpenAiFamily.ContractFile}; Respan documents
 * none): `id`, `object: "file"`, `bytes`, `created_at`, `filename`, `purpose` required; `status`,
 * `expires_at`, `status_details` optional.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.File)({
 *   id: "file-abc123", object: "file", bytes: 120000, created_at: 1677610602, filename: "requests.jsonl", purpose: "batch", status: "processed"
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const File = OpenAiFamily.ContractFile

/**
 * The file list: OpenAI's envelope (`object`, `data`, `first_id`, `last_id`, `has_more`), the
 * family's ({@link OpenAiFamily.ContractFileList}).
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.FileList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const FileList = OpenAiFamily.ContractFileList

/**
 * A line of an output file, OpenAI's (the family's {@link OpenAiFamily.OutputLine}):
 * `{id, custom_id, response: {status_code, request_id, body}, error: null}`.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.OutputLine)({ id: "batch_req_1", custom_id: "r-1", response: { status_code: 200, request_id: "req_1", body: {} }, error: null }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const OutputLine = OpenAiFamily.OutputLine

/**
 * A line of an error file, OpenAI's (the family's {@link OpenAiFamily.ErrorLine}): `response:
 * null` and `error: {code, message}`, or `error: null` with a non-2xx `status_code` (the error in
 * the body).
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(RespanWire.ErrorLine)({ id: "batch_req_1", custom_id: "r-1", response: null, error: { code: "batch_cancelled", message: "cancelled" } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const ErrorLine = OpenAiFamily.ErrorLine

/**
 * Respan's lifecycle responses: the family's ({@link OpenAiFamily.lifecycleContract}: OpenAI's
 * file object, file list and result lines, file IDs `file-`, result line IDs `batch_req_`), with
 * its own create answer and its batch object as the cancel answer.
 *
 * @example
 * ```ts
 * import * as RespanWire from "@unibatch/respan/RespanWire"
 *
 * RespanWire.lifecycle.lineIds // => { field: "id", prefix: "batch_req_" }
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const lifecycle: Conformance.LifecycleContract = {
  ...OpenAiFamily.lifecycleContract,
  create: CreatedBatch,
  cancel: Batch
}

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
    "`{}` where a value is documented is a `placeholder` violation: no Respan page shows it.",
    "create: its create page lists the batch fields with `metadata` a map to any value and `errors` any value or null; the required fields are the batch object's.",
    "cancel, files and result lines are not documented by Respan (its retrieve page links to file pages under the same API): OpenAI's shapes are assumed, file routes under /api/v1/files/, cancel answering the batch object, file IDs `file-`, result line IDs `batch_req_`."
  ],
  lifecycle
}
