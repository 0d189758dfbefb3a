/**
 * Conformance by provider name: picks the vendor's contract from its adapter and runs
 * `Conformance.check`. It lives here, not in core, because it needs all three adapters and core
 * never imports an adapter; the vitest matcher and `unibatch conform` both use it.
 *
 * @module \@unibatch/testkit/Conform
 * @since 0.1.0
 */
import * as Conformance from "@unibatch/core/Conformance"
import type { Operation } from "@unibatch/core/Normalize"
import type { Provider } from "@unibatch/core/Provider"
import * as Providers from "unibatch/Providers"

/**
 * Every vendor's documented contract, by provider name.
 *
 * @example
 * ```ts
 * import { contracts } from "@unibatch/testkit/Conform"
 *
 * console.log(contracts.neosantara.idPrefix) // => "batch-"
 * ```
 *
 * @since 0.1.0
 * @category contracts
 */
export const contracts: Readonly<Record<Provider, Conformance.Contract>> = Providers.contracts

/**
 * A response to check, and for whom.
 *
 * @example
 * ```ts
 * import { conform, type ConformInput } from "@unibatch/testkit/Conform"
 *
 * const input: ConformInput = {
 *   provider: "openai",
 *   operation: "list",
 *   body: '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}',
 *   limit: 20
 * }
 * conform(input).conformant // => true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ConformInput extends Conformance.CheckInput {
  readonly provider: Provider
  readonly operation: Operation
}

/**
 * Checks a response against the named vendor's documented contract.
 *
 * @example
 * ```ts
 * import { conform } from "@unibatch/testkit/Conform"
 *
 * const report = conform({
 *   provider: "respan",
 *   operation: "retrieve",
 *   status: 404,
 *   body: '{"error": {"message": "No such batch: batch_abc123", "type": "invalid_request_error"}}'
 * })
 * console.log(report.conformant) // => true
 * ```
 *
 * @since 0.1.0
 * @category checking
 */
export const conform = (input: ConformInput): Conformance.Report => Conformance.check(contracts[input.provider], input)

/**
 * What a check was about, in the words the reports use: `openai list, HTTP 200`.
 *
 * @example
 * ```ts
 * import { subject } from "@unibatch/testkit/Conform"
 *
 * subject({ provider: "respan", operation: "retrieve", status: 404 }) // => "respan retrieve, HTTP 404"
 * ```
 *
 * @since 0.1.0
 * @category formatting
 */
export const subject = (input: { readonly provider: Provider; readonly operation: Operation; readonly status?: number | undefined }): string =>
  `${input.provider} ${input.operation}, HTTP ${input.status ?? 200}`
