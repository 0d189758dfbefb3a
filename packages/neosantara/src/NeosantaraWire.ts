/**
 * Neosantara's documented Batch API contract (its "List Batches" page), for `Conformance.check`.
 * Its batch object is the family's without `cancelling_at`, `model` and `usage`; its schema example
 * shows `{}` for every nullable field, so there `{}` is a documented way of writing "no value".
 * The vendor definition (`Neosantara.definition.contract`) carries {@link contract}.
 *
 * The lifecycle's responses follow its create, cancel and files pages (create, cancel, upload, get,
 * list); it documents no result lines, which are assumed OpenAI's.
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
 * The error body: OpenAI's shape, as its files pages show it (`param` only where it applies: the
 * 404 and 410 examples leave it out). Its batch pages show none, so deviations are notes.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.ErrorBody)({ error: { message: "Invalid API key", type: "authentication_error", param: null, code: null } }) // => true
 * Schema.is(NeosantaraWire.ErrorBody)({ error: { message: "File has expired", type: "invalid_request_error", code: "file_expired" } }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBody = Schema.Struct({
  error: Schema.Struct({
    ...OpenAiFamily.WireErrorBody.fields.error.fields,
    param: Schema.optionalKey(OpenAiFamily.WireErrorBody.fields.error.fields.param)
  })
}).annotate({ identifier: "NeosantaraErrorBody" })

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
 * The create answer: the batch object as its create page shows it, which (like its get page) also
 * lists `cancelling_at` (`{}` accepted, as everywhere its schema example shows it).
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.CreatedBatch)({
 *   id: "batch-abc123", object: "batch", endpoint: "/v1/chat/completions", input_file_id: "file-abc123",
 *   completion_window: "24h", status: "validating", created_at: 1699564800, cancelling_at: {}
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CreatedBatch = Schema.Struct({
  ...Batch.fields,
  cancelling_at: orPlaceholder(OpenAiFamily.batchFields.cancelling_at)
}).annotate({ identifier: "NeosantaraCreatedBatch" })

/**
 * The cancel answer: the partial object its cancel page documents, every field required:
 * `id`, `object: "batch"`, `endpoint`, `status: "canceled"` (one l, its documented value),
 * `cancelled_at`, `request_counts`.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.CancelledBatch)({
 *   id: "batch-abc123", object: "batch", endpoint: "/v1/chat/completions", status: "canceled",
 *   cancelled_at: 1699566000, request_counts: { total: 100, completed: 45, failed: 2 }
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const CancelledBatch = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("batch"),
  endpoint: Schema.String,
  status: Schema.Literal("canceled"),
  cancelled_at: OpenAiFamily.UnixSeconds,
  request_counts: OpenAiFamily.RequestCounts
}).annotate({ identifier: "NeosantaraCancelledBatch" })

// Its files pages show no `expires_at`.
const { expires_at: _expiresAt, ...documentedFileFields } = OpenAiFamily.ContractFile.fields

/**
 * The file object its upload, get and list pages show: the family's fields
 * ({@link OpenAiFamily.ContractFile}) but `expires_at`, every one required; `purpose` one of
 * `batch`, `assistants`, `fine-tune`; `status` a string (`uploaded` for a new upload, no
 * vocabulary given); `status_details` a string or null (`{}` in its schema example).
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.File)({
 *   id: "file-abc123", object: "file", bytes: 120000, created_at: 1699564800, filename: "batch_requests.jsonl",
 *   purpose: "batch", status: "uploaded", status_details: null
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const File = Schema.Struct({
  ...documentedFileFields,
  purpose: Schema.Literals(["batch", "assistants", "fine-tune"]),
  status: Schema.String,
  status_details: Schema.Union([Schema.NullOr(Schema.String), OpenAiFamily.Placeholder])
}).annotate({ identifier: "NeosantaraFile" })

// The family's file list without the cursors its files pages never show.
const { first_id: _firstId, last_id: _lastId, ...fileListFields } = OpenAiFamily.ContractFileList.fields

/**
 * The file list: `object: "list"`, `data`, `has_more`; no `first_id` / `last_id` (the next page
 * starts after the last item's id).
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.FileList)({ object: "list", data: [], has_more: false }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const FileList = Schema.Struct({ ...fileListFields, data: Schema.Array(File) }).annotate({ identifier: "NeosantaraFileList" })

/**
 * A line of an output file, assumed OpenAI's, the family's ({@link OpenAiFamily.OutputLine};
 * Neosantara documents none): `{id, custom_id, response: {status_code, request_id, body}, error: null}`.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.OutputLine)({ id: "req-1", custom_id: "r-1", response: { status_code: 200, request_id: "req-1", body: {} }, error: null }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const OutputLine = OpenAiFamily.OutputLine

/**
 * A line of an error file, assumed OpenAI's, the family's ({@link OpenAiFamily.ErrorLine}):
 * `response: null` and `error: {code, message}`, or `error: null` with a non-2xx `status_code`.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(NeosantaraWire.ErrorLine)({ id: "req-1", custom_id: "r-1", response: null, error: { code: "batch_expired", message: "expired" } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const ErrorLine = OpenAiFamily.ErrorLine

/**
 * Neosantara's lifecycle responses: the family's ({@link OpenAiFamily.lifecycleContract}: OpenAI's
 * result lines, file IDs `file-`) with its create answer, its partial cancel answer, its file
 * object and list (no cursors); result line IDs not judged.
 *
 * @example
 * ```ts
 * import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
 *
 * NeosantaraWire.lifecycle.fileEnvelope // => { data: "data", firstId: null, lastId: null }
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const lifecycle: Conformance.LifecycleContract = {
  ...OpenAiFamily.lifecycleContract,
  create: CreatedBatch,
  cancel: CancelledBatch,
  file: File,
  fileList: FileList,
  fileEnvelope: { data: "data", firstId: null, lastId: null },
  lineIds: null
}

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
    "The schema example (`\"<string>\"` values) is a rendering of types, not a response: checked as one, its `object` values, `id` and `{}` cursors on a non-empty page are violations.",
    "Its files pages show error bodies in OpenAI's shape, without `param` on 404 and 410: `param` may be absent. Its batch pages still show none, so error-body deviations stay notes.",
    "create: its create (and get) page lists `cancelling_at`, which its list page does not; the create answer accepts it. The list and retrieve contract is unchanged.",
    "cancel answers the documented partial object, every field required, `status` exactly \"canceled\" (one l, its documented value; \"cancelled\" is a `literal` violation).",
    "Files: every documented field is required; `purpose` is batch, assistants or fine-tune; no `status` vocabulary is documented (\"uploaded\" for new uploads), so any string is accepted; `expires_at` is not documented. The file list has no first_id / last_id (their presence is `undocumented`) and no documented order.",
    "Result lines are not documented: OpenAI's shapes are assumed, and their IDs' form is not judged."
  ],
  lifecycle
}
