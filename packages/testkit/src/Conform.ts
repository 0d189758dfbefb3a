/**
 * Conformance by vendor: runs `Conformance.check` with a vendor's documented contract, named by a
 * built-in provider (`"openai"`, ...) or given as any vendor definition. The vitest matcher and
 * `unibatch conform` both use it.
 *
 * @module \@unibatch/testkit/Conform
 * @since 0.1.0
 */
import * as Conformance from "@unibatch/core/Conformance"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as BuiltIns from "./internal/builtIns.js"

/**
 * The vendors checked by name: those whose packages the test kit depends on.
 *
 * @example
 * ```ts
 * import type { Provider } from "@unibatch/testkit/Conform"
 *
 * const provider: Provider = "respan"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Provider = BuiltIns.BuiltIn

/**
 * What a check needs of a vendor definition: its name and its documented contract. Every
 * `VendorDefinition` is one.
 *
 * @example
 * ```ts
 * import type { CheckedVendor } from "@unibatch/testkit/Conform"
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 *
 * const vendor: CheckedVendor = Neosantara.definition
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type CheckedVendor = Pick<VendorDefinition, "provider" | "contract">

/**
 * Every built-in vendor's documented contract, by provider name.
 *
 * @example
 * ```ts
 * import { contracts } from "@unibatch/testkit/Conform"
 *
 * console.log(contracts.neosantara.nativePrefix) // => "batch-"
 * ```
 *
 * @since 0.1.0
 * @category contracts
 */
export const contracts: Readonly<Record<Provider, Conformance.Contract>> = {
  openai: BuiltIns.builtIns.openai.contract,
  respan: BuiltIns.builtIns.respan.contract,
  neosantara: BuiltIns.builtIns.neosantara.contract,
  azure: BuiltIns.builtIns.azure.contract,
  compatible: BuiltIns.builtIns.compatible.contract,
  anthropic: BuiltIns.builtIns.anthropic.contract
}

/**
 * A response to check, and for whom: a built-in `provider` by name, or any vendor's `definition`.
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
export type ConformInput = Conformance.CheckInput & (
  | { readonly provider: Provider; readonly definition?: undefined }
  | { readonly definition: CheckedVendor; readonly provider?: undefined }
)

/**
 * The documented contract of a built-in provider or of a definition; throws, naming the built-in
 * providers, for a name that is not one.
 *
 * @example
 * ```ts
 * import { contractOf } from "@unibatch/testkit/Conform"
 *
 * contractOf("respan").nativePrefix // => "batch_"
 * ```
 *
 * @since 0.2.0
 * @category contracts
 */
export const contractOf = (vendor: Provider | CheckedVendor): Conformance.Contract =>
  typeof vendor === "string" ? BuiltIns.lookup(vendor).contract : vendor.contract

/**
 * Checks a response against the vendor's documented contract.
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
export const conform = (input: ConformInput): Conformance.Report =>
  Conformance.check(input.definition !== undefined ? input.definition.contract : contractOf(input.provider), input)

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
export const subject = (input: {
  readonly provider: string
  readonly operation: Conformance.CheckInput["operation"]
  readonly status?: number | undefined
}): string => `${input.provider} ${input.operation}, HTTP ${input.status ?? 200}`
