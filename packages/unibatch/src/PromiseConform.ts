/**
 * Conformance checking for code that uses Promises: the same report as
 * `@unibatch/core/Conformance`, with the vendor picked by name.
 *
 * @module unibatch/PromiseConform
 * @since 0.1.0
 */
import type * as Conformance from "@unibatch/core/Conformance"
import type { Provider } from "@unibatch/core/Provider"
import { isKnown, type ProviderName, unknownProvider } from "./internal/names.js"
import type { CallOptions } from "./PromiseClient.js"

/**
 * A response to check: the vendor, the operation, and the status and body it came with; like every
 * call of the Promise API, it takes an optional `signal` (an aborted one rejects with its reason).
 *
 * @example
 * ```ts
 * import { conform, type ConformOptions } from "unibatch"
 *
 * const options: ConformOptions = {
 *   provider: "respan",
 *   operation: "list",
 *   status: 401,
 *   body: '{"error": "Authentication credentials were not provided."}'
 * }
 * const report = await conform(options)
 * report.conformant // => true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ConformOptions extends Conformance.CheckInput, CallOptions {
  /** A provider of the registry; any other string rejects with an `InvalidRequestError` naming them. */
  readonly provider: ProviderName | (Provider & {})
}

/**
 * Checks a vendor response against that vendor's documented contract and reports every
 * deviation at once, each with a JSON path and a rule id.
 *
 * @example
 * ```ts
 * import { conform } from "unibatch"
 *
 * const report = await conform({ provider: "neosantara", operation: "list", body: '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}' })
 * console.log(report.conformant, report.violations.map((violation) => `${violation.path} ${violation.rule}`))
 * ```
 *
 * @since 0.1.0
 * @category conformance
 */
export const conform = async (options: ConformOptions): Promise<Conformance.Report> => {
  const { provider, signal, ...input } = options
  if (signal?.aborted === true) throw signal.reason
  if (!isKnown(provider)) throw unknownProvider(provider, "conform")
  // The checker and the contracts load with the first check.
  const [Conformance, Providers] = await Promise.all([import("@unibatch/core/Conformance"), import("./Providers.js")])
  signal?.throwIfAborted()
  return Conformance.check(Providers.definitions[provider].contract, input)
}
