/**
 * OpenAI's documented Batch API contract: the batch object, the list envelope and the error body
 * exactly as its API reference and Python SDK pages describe them, for `Conformance.check`.
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
    "No error body example is in the seed pages; the error body is the shape OpenAI's API reference publishes for every status."
  ]
}
