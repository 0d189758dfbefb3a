/**
 * Azure OpenAI's Batch API contract, for `Conformance.check`: the OpenAI routes and shapes under
 * `https://{resource}.openai.azure.com/openai/v1`, which Azure documents as OpenAI's (its batch
 * how-to shows the same batch, file and result line objects). Where Azure is silent, OpenAI's
 * behaviour is assumed and the notes say so. The vendor definition (`Azure.definition.contract`)
 * carries {@link contract}.
 *
 * @module \@unibatch/azure/AzureWire
 * @since 0.3.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"

/**
 * The batch object: OpenAI's ({@link OpenAiFamily.WireBatch}).
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AzureWire.Batch)({
 *   id: "batch_abc123", object: "batch", endpoint: "/chat/completions", input_file_id: "file-abc123",
 *   completion_window: "24h", status: "validating", created_at: 1711471533
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const Batch = OpenAiFamily.WireBatch

/**
 * The list envelope: OpenAI's ({@link OpenAiFamily.WireBatchList}).
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AzureWire.BatchList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const BatchList = OpenAiFamily.WireBatchList

/**
 * The error body: OpenAI's shape ({@link OpenAiFamily.WireErrorBody}), which Azure's API answers
 * with; its gateway's 401 (`{"error": {"code": "401", "message"}}`) is a note, not a violation.
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(AzureWire.ErrorBody)({ error: { message: "Invalid batch.", type: "invalid_request_error", param: null, code: null } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const ErrorBody = OpenAiFamily.WireErrorBody

/**
 * Azure's batch statuses: OpenAI's.
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 *
 * AzureWire.statuses.includes("in_progress") // => true
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const statuses: ReadonlyArray<string> = OpenAiFamily.statuses

/**
 * Batch IDs: `batch_<rest>`, the canonical form.
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 *
 * AzureWire.nativePrefix // => "batch_"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const nativePrefix = "batch_"

/**
 * The error code of a batch that failed because the deployment's enqueued-token quota was
 * exceeded: it arrives in the failed batch's `errors`.
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 *
 * AzureWire.tokenLimitExceeded // => "token_limit_exceeded"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const tokenLimitExceeded = "token_limit_exceeded"

/**
 * Azure's lifecycle responses: the family's ({@link OpenAiFamily.lifecycleContract}: OpenAI's
 * create and cancel answers, file object and list, result lines).
 *
 * @example
 * ```ts
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 *
 * AzureWire.lifecycle.fileEnvelope // => { data: "data", firstId: "first_id", lastId: "last_id" }
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const lifecycle: Conformance.LifecycleContract = OpenAiFamily.lifecycleContract

/**
 * Azure OpenAI's contract for `Conformance.check`.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as AzureWire from "@unibatch/azure/AzureWire"
 *
 * const report = Conformance.check(AzureWire.contract, {
 *   operation: "list",
 *   body: '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
 * })
 * report.conformant // => true
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const contract: Conformance.Contract = {
  // The family's wire names, unix seconds, lifecycle order and counts rule.
  ...OpenAiFamily.wireFacts,
  provider: "azure",
  batch: Batch,
  list: BatchList,
  errorBodies: { byStatus: {}, otherwise: ErrorBody, severity: "note" },
  statuses,
  statusSeverity: "error",
  nativePrefix,
  newestFirst: false,
  notes: [
    "Azure documents its batch API as OpenAI's under /openai/v1 (or /openai with ?api-version= in the dated form): OpenAI's batch, list, file and result line shapes are the contract, with OpenAI's notes.",
    "Each input line's `model` is the name of a global-batch deployment, the same on every line: the client refuses other files before the batch is created; a server-side refusal arrives as a failed batch.",
    "Jobs that run past their completion window are not expired by Azure: `expired` is still a known status (OpenAI's vocabulary) but not expected.",
    "Over the deployment's enqueued-token quota, the batch fails with `token_limit_exceeded` in its `errors` (`Azure.tokenLimitError` makes it a typed error).",
    "Error bodies: OpenAI's shape is assumed; Azure's gateway answers a missing or wrong key with `{\"error\": {\"code\": \"401\", \"message\"}}`, so error-body deviations are notes.",
    "Endpoints: Azure's examples write them without the version (`/chat/completions`); OpenAI's `/v1/...` forms are accepted too."
  ],
  lifecycle
}
