/**
 * The contract of an OpenAI-compatible endpoint, for `Conformance.check`: OpenAI's batch, list,
 * file and result line shapes, since speaking them is what "compatible" means. Such endpoints
 * publish no contract of their own, so a status outside OpenAI's and an error body of another
 * shape are notes, not violations. The definition (`Compatible.definition(options).contract`)
 * carries {@link contractWith} for its ID prefix.
 *
 * @module \@unibatch/compatible/CompatibleWire
 * @since 0.3.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"

/**
 * The batch object: OpenAI's ({@link OpenAiFamily.WireBatch}).
 *
 * @example
 * ```ts
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(CompatibleWire.Batch)({
 *   id: "batch_abc123", object: "batch", endpoint: "/v1/chat/completions", input_file_id: "file_abc123",
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
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(CompatibleWire.BatchList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const BatchList = OpenAiFamily.WireBatchList

/**
 * The error body: OpenAI's shape ({@link OpenAiFamily.WireErrorBody}); another is a note.
 *
 * @example
 * ```ts
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(CompatibleWire.ErrorBody)({ error: { message: "Invalid API key.", type: "invalid_request_error", param: null, code: null } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const ErrorBody = OpenAiFamily.WireErrorBody

/**
 * The statuses expected: OpenAI's; another is a note.
 *
 * @example
 * ```ts
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 *
 * CompatibleWire.statuses.includes("completed") // => true
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const statuses: ReadonlyArray<string> = OpenAiFamily.statuses

/**
 * The lifecycle responses: OpenAI's ({@link OpenAiFamily.lifecycleContract}); result line IDs
 * are not judged (each server writes its own).
 *
 * @example
 * ```ts
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 *
 * CompatibleWire.lifecycle.lineIds // => null
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const lifecycle: Conformance.LifecycleContract = { ...OpenAiFamily.lifecycleContract, lineIds: null }

/**
 * The contract of an endpoint whose batch IDs start with `nativePrefix` (`batch_` for most).
 *
 * @example
 * ```ts
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 *
 * CompatibleWire.contractWith({ nativePrefix: "batch-" }).nativePrefix // => "batch-"
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const contractWith = (options: { readonly nativePrefix: string }): Conformance.Contract => ({
  // The family's wire names, unix seconds, lifecycle order and counts rule.
  ...OpenAiFamily.wireFacts,
  provider: "compatible",
  batch: Batch,
  list: BatchList,
  errorBodies: { byStatus: {}, otherwise: ErrorBody, severity: "note" },
  statuses,
  statusSeverity: "note",
  nativePrefix: options.nativePrefix,
  newestFirst: false,
  notes: [
    "An OpenAI-compatible endpoint documents no contract of its own: OpenAI's batch, list, file and result line shapes are the contract.",
    "A status outside OpenAI's and an error body of another shape are notes: gateways (vLLM, LiteLLM, private ones) differ there.",
    "Batch IDs are judged against the prefix the definition was given (`batch_` by default); result line IDs are not judged."
  ],
  lifecycle
})

/**
 * The contract of the default form: `batch_` IDs.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import * as CompatibleWire from "@unibatch/compatible/CompatibleWire"
 *
 * const report = Conformance.check(CompatibleWire.contract, {
 *   operation: "list",
 *   body: '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
 * })
 * report.conformant // => true
 * ```
 *
 * @since 0.3.0
 * @category contract
 */
export const contract: Conformance.Contract = contractWith({ nativePrefix: "batch_" })
