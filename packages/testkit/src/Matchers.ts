/**
 * A vitest matcher for vendor responses: `expect(response).toConformTo("respan", "list")` passes
 * when the response fits that vendor's documented contract and otherwise fails with every
 * violation, path by path. Call {@link installMatchers} once, in a vitest setup file or at the top
 * of a test file.
 *
 * The vendor is a built-in provider's name or any vendor definition (`expect(response).toConformTo(Example.definition, "list")`).
 * `vitest` is only needed by code that imports this module.
 *
 * @module \@unibatch/testkit/Matchers
 * @since 0.1.0
 */
import * as Conformance from "@unibatch/core/Conformance"
import { expect } from "vitest"
import { type CheckedVendor, conform, type Provider, subject } from "./Conform.js"
import * as BuiltIns from "./internal/builtIns.js"

/** `list` or `retrieve`. */
type Operation = Conformance.CheckInput["operation"]

/**
 * What the matcher takes: an HTTP status (200 when omitted) and a body, as raw text or parsed
 * JSON. A recording written by `Recorder.record` has this shape.
 *
 * @example
 * ```ts
 * import { matchResponse, type Response } from "@unibatch/testkit/Matchers"
 *
 * const response: Response = { status: 200, body: '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}' }
 * matchResponse(response, "openai", "list").pass // => true
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly status?: number | undefined
  readonly body: unknown
}

/**
 * Options of `toConformTo`: the `limit` the request asked for, and whether undocumented fields
 * are only notes.
 *
 * @example
 * ```ts
 * import { matchResponse, type ConformOptions } from "@unibatch/testkit/Matchers"
 *
 * declare const text: string
 * const options: ConformOptions = { limit: 20, allowExtra: true }
 * const result = matchResponse({ body: text }, "respan", "list", options)
 * // in a test: expect({ body: text }).toConformTo("respan", "list", options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ConformOptions {
  readonly limit?: number | undefined
  readonly allowExtra?: boolean | undefined
}

interface CustomMatchers<R> {
  /**
   * Passes when the response `{ status?, body }` fits the vendor's documented contract for the
   * operation; the failure message lists every violation with its JSON path. The vendor is a
   * built-in provider's name or a vendor definition.
   */
  toConformTo: (vendor: Provider | CheckedVendor, operation: Operation, options?: ConformOptions) => R
}

declare module "vitest" {
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends CustomMatchers<R> {}
}

/**
 * The outcome of matching, without vitest: whether it passed and the message for either
 * direction (`not` or not).
 *
 * @example
 * ```ts
 * import { matchResponse, type MatchResult } from "@unibatch/testkit/Matchers"
 *
 * declare const received: unknown
 * const result: MatchResult = matchResponse(received, "neosantara", "retrieve")
 * if (!result.pass) console.log(result.message(false))
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface MatchResult {
  readonly pass: boolean
  readonly report: Conformance.Report | undefined
  readonly message: (isNot: boolean) => string
}

const isVendor = (vendor: unknown): vendor is Provider | CheckedVendor =>
  BuiltIns.isBuiltIn(vendor) ||
  (typeof vendor === "object" && vendor !== null && typeof (vendor as CheckedVendor).provider === "string" &&
    typeof (vendor as CheckedVendor).contract === "object" && (vendor as CheckedVendor).contract !== null)

const isResponse = (value: unknown): value is Response =>
  typeof value === "object" && value !== null && !Array.isArray(value) && "body" in value &&
  ((value as Response).status === undefined || typeof (value as Response).status === "number")

/**
 * Matches a received value against a vendor's contract; what `toConformTo` runs.
 *
 * @example
 * ```ts
 * import { matchResponse } from "@unibatch/testkit/Matchers"
 *
 * const result = matchResponse({ status: 401, body: { error: "Authentication credentials were not provided." } }, "respan", "list")
 * console.log(result.pass) // => true
 * ```
 *
 * @since 0.1.0
 * @category matching
 */
export const matchResponse = (
  received: unknown,
  vendor: Provider | CheckedVendor,
  operation: Operation,
  options: ConformOptions = {}
): MatchResult => {
  if (!isVendor(vendor) || (operation !== "list" && operation !== "retrieve")) {
    const given = typeof vendor === "object" && vendor !== null ? "an object without provider and contract" : JSON.stringify(vendor)
    const message = `toConformTo(vendor, operation): vendor is one of ${BuiltIns.names.join(", ")} or a vendor definition, and operation is list or retrieve; got ${given} and ${JSON.stringify(operation)}`
    return { pass: false, report: undefined, message: () => message }
  }
  const provider = typeof vendor === "string" ? vendor : vendor.provider
  if (!isResponse(received)) {
    const message = "toConformTo expects a response { status?, body }, where body is the raw text or the parsed JSON"
    return { pass: false, report: undefined, message: () => message }
  }
  const check = { operation, status: received.status, body: received.body, limit: options.limit, allowExtra: options.allowExtra }
  const report = conform(typeof vendor === "string" ? { ...check, provider: vendor } : { ...check, definition: vendor })
  const about = subject({ provider, operation, status: received.status })
  const lines = Conformance.format(report, about)
  return {
    pass: report.conformant,
    report,
    message: (isNot) =>
      isNot
        ? `expected the ${about} response not to conform to ${provider}'s documented contract, but it does`
        : [`expected the ${about} response to conform to ${provider}'s documented contract:`, ...lines.map((line) => `  ${line}`)].join("\n")
  }
}

/**
 * Registers `toConformTo` with vitest's `expect`. Safe to call more than once.
 *
 * @example
 * ```ts
 * // vitest.setup.ts (listed in `test.setupFiles`)
 * import { installMatchers } from "@unibatch/testkit/Matchers"
 *
 * installMatchers()
 *
 * // in a test:
 * // expect({ status: 200, body: text }).toConformTo("neosantara", "list")
 * ```
 *
 * @since 0.1.0
 * @category installing
 */
export const installMatchers = (): void => {
  expect.extend({
    toConformTo(received: unknown, vendor: Provider | CheckedVendor, operation: Operation, options?: ConformOptions) {
      const result = matchResponse(received, vendor, operation, options)
      // A call that is wrong in itself fails even under `.not`.
      const pass = result.report === undefined ? this.isNot : result.pass
      return { pass, message: () => result.message(this.isNot) }
    }
  })
}
