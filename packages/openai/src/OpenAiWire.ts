/**
 * OpenAI's documented Batch API contract: the batch object, the list envelope and the error body
 * exactly as its API reference and Python SDK pages describe them, and the lifecycle's responses
 * (create and cancel answers, the file object and list, output and error file lines) as its API
 * reference, the openai-node types and the Batch guide describe them, for `Conformance.check`.
 *
 * OpenAI is the family's reference, so its Schemas are the family's own from
 * `@unibatch/core/OpenAiFamily`. The vendor definition (`OpenAi.definition.contract`) carries
 * {@link contract}.
 *
 * @module \@unibatch/openai/OpenAiWire
 * @since 0.1.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"

/**
 * The batch object. Required: `id`, `object`, `endpoint`, `input_file_id`, `completion_window`,
 * `status`, `created_at`; every other field (`model` and `usage` included, from the SDK page) may
 * be absent or `null`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * const batch = Schema.decodeUnknownSync(OpenAiWire.Batch)({
 *   id: "batch_abc123",
 *   object: "batch",
 *   endpoint: "/v1/chat/completions",
 *   input_file_id: "file-abc123",
 *   completion_window: "24h",
 *   status: "completed",
 *   created_at: 1711471533,
 *   output_file_id: "file-def456"
 * })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Batch = OpenAiFamily.WireBatch

/**
 * The list envelope: `object: "list"`, `data`, `first_id`, `last_id` (both null on an empty
 * page), `has_more`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.BatchList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false }) // => true
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const BatchList = OpenAiFamily.WireBatchList

/**
 * The error body for every non-2xx status: `{"error": {"message", "type", "param", "code"}}`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * const body = Schema.decodeUnknownSync(OpenAiWire.ErrorBody)({
 *   error: { message: "No batch found with id 'batch_abc123'.", type: "invalid_request_error", param: null, code: null }
 * })
 * body.error.type // => "invalid_request_error"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBody = OpenAiFamily.WireErrorBody

/**
 * OpenAI's eight batch statuses.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 *
 * OpenAiWire.statuses.includes("cancelling") // => true
 * OpenAiWire.statuses.includes("canceled") // => false
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const statuses: ReadonlyArray<string> = OpenAiFamily.statuses

/**
 * OpenAI's batch IDs: `batch_<rest>`, the canonical form itself.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 *
 * OpenAiWire.nativePrefix // => "batch_"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const nativePrefix = "batch_"

/**
 * The file purposes OpenAI documents: the family's ({@link OpenAiFamily.FilePurpose}).
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.FilePurpose)("batch_output") // => true
 * Schema.is(OpenAiWire.FilePurpose)("batches") // => false
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const FilePurpose = OpenAiFamily.FilePurpose

/**
 * The file object (`POST /v1/files`, `GET /v1/files/{id}`), the family's
 * ({@link OpenAiFamily.ContractFile}): `id`, `object: "file"`, `bytes`, `created_at`, `filename`
 * and `purpose` are required; `expires_at` and the deprecated `status_details` may be absent or
 * `null`; the deprecated `status` (`uploaded | processed | error`) may be absent (the reference's
 * examples leave it out), but not `null`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.File)({
 *   id: "file-abc123", object: "file", bytes: 120000, created_at: 1677610602, expires_at: 1680202602,
 *   filename: "requests.jsonl", purpose: "batch", status: "processed"
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const File = OpenAiFamily.ContractFile

/**
 * The file list (`GET /v1/files`): `object: "list"`, `data`, `first_id`, `last_id` (both null on
 * an empty page), `has_more`; the family's ({@link OpenAiFamily.ContractFileList}).
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.FileList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const FileList = OpenAiFamily.ContractFileList

/**
 * The `response` of a result line: the endpoint's HTTP status, OpenAI's request id and the JSON
 * body it answered with.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.LineResponse)({ status_code: 200, request_id: "req_123", body: { object: "chat.completion" } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const LineResponse = OpenAiFamily.LineResponse

/**
 * The `error` of an error line: `{code, message}`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.LineError)({ code: "batch_expired", message: "This request could not be executed before the completion window expired." }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const LineError = OpenAiFamily.ResultLineError

/**
 * A line of an output file: `{id, custom_id, response: {status_code, request_id, body}, error: null}`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.OutputLine)({
 *   id: "batch_req_123", custom_id: "request-1", error: null,
 *   response: { status_code: 200, request_id: "req_123", body: { object: "chat.completion" } }
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const OutputLine = OpenAiFamily.OutputLine

/**
 * A status code outside 200-299: the status of a failed request whose line carries `error: null`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OpenAiWire.FailedStatusCode)(400) // => true
 * Schema.is(OpenAiWire.FailedStatusCode)(200) // => false
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const FailedStatusCode = OpenAiFamily.FailedStatusCode

/**
 * A line of an error file: `response: null` and `error: {code, message}` (requests that failed or
 * never ran, `batch_expired`, `batch_cancelled`), or the known quirk (openai/openai-openapi issue
 * 302): `error: null` and a `response` whose `status_code` is not 2xx, the error in its body.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 * import * as Schema from "effect/Schema"
 *
 * const is = Schema.is(OpenAiWire.ErrorLine)
 * is({ id: "batch_req_1", custom_id: "r-1", response: null, error: { code: "batch_expired", message: "expired" } }) // => true
 * is({ id: "batch_req_2", custom_id: "r-2", error: null, response: { status_code: 400, request_id: "req_2", body: { error: {} } } }) // => true
 * is({ id: "batch_req_3", custom_id: "r-3", error: null, response: { status_code: 200, request_id: "req_3", body: {} } }) // => false
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const ErrorLine = OpenAiFamily.ErrorLine

/**
 * OpenAI's file IDs: `file-<rest>`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 *
 * OpenAiWire.filePrefix // => "file-"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const filePrefix = OpenAiFamily.filePrefix

/**
 * OpenAI's result line IDs: `batch_req_<rest>`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 *
 * OpenAiWire.resultLinePrefix // => "batch_req_"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const resultLinePrefix = OpenAiFamily.resultLinePrefix

/**
 * OpenAI's lifecycle responses, the family's ({@link OpenAiFamily.lifecycleContract}): create and
 * cancel answer a batch object; files, the file list and result lines as above; file IDs `file-`,
 * result line IDs `batch_req_`.
 *
 * @example
 * ```ts
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 *
 * OpenAiWire.lifecycle.fileEnvelope // => { data: "data", firstId: "first_id", lastId: "last_id" }
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const lifecycle: Conformance.LifecycleContract = OpenAiFamily.lifecycleContract

/**
 * OpenAI's contract for `Conformance.check`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
 *
 * const report = Conformance.check(OpenAiWire.contract, {
 *   operation: "list",
 *   body: '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
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
  provider: "openai",
  batch: Batch,
  list: BatchList,
  errorBodies: { byStatus: {}, otherwise: ErrorBody, severity: "error" },
  statuses,
  statusSeverity: "error",
  nativePrefix,
  // Real lists are newest first, but neither seed page says so: not a rule for OpenAI.
  newestFirst: false,
  notes: [
    "The HTTP reference lists 20 batch fields, the Python SDK page adds `model` and `usage`: the contract is their union.",
    "Only the fields OpenAI's published schema requires are required; the others may be absent or null (its real responses send null for fields not set yet).",
    "`first_id` and `last_id` are required but may be null (an empty page), though the HTTP reference types them as plain strings.",
    "`{}` where a value is documented is a `placeholder` violation: no OpenAI page shows it.",
    "The SDK page's values are placeholders (`\"id\": \"id\"`, zeros): only the ID form of `id` and the pagination cursors are judged on values, never file IDs, `endpoint` or `completion_window`.",
    "No error body example is in the seed pages; the error body is the shape OpenAI's API reference publishes for every status.",
    "create and cancel answer the batch object (cancel's example shows `cancelling`); no status is required of either.",
    "The file object's `status` and `status_details` are deprecated but still sent: `status` (uploaded, processed, error) may be absent, as in the reference's examples, but not null; `status_details` and `expires_at` may be absent or null. `purpose` is one of the eight documented values.",
    "Result lines are not in the published OpenAPI spec (openai-openapi #578): the Batch guide's examples are the contract, every field required. An output line has a response and `error: null` (any status code); an error line has `response: null` and `error: {code, message}`, or the documented quirk: `error: null` with a non-2xx status code and the error in the body (openai-openapi #302).",
    "File IDs (`file-`) are judged on file objects and the file list's cursors only; result line IDs are `batch_req_`."
  ],
  lifecycle
}
