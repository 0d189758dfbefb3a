/**
 * How the test kit's fake server plays Azure OpenAI: OpenAI's batch, file and result line objects
 * (Azure documents its routes as OpenAI's), OpenAI-shaped error bodies, except that a missing or
 * wrong `api-key` gets Azure's gateway answer (`{"error": {"code": "401", "message"}}`). Paths under
 * `/openai/v1`, the `api-key` header, paging and IDs come from the definition in `Azure.ts`.
 *
 * @module \@unibatch/azure/AzureFakeServer
 * @since 0.3.0
 */
import type { FakeProblem, FakeServerProfile } from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"

const errorBody = OpenAiFamily.fakeErrorBody

/** The gateway's answer to a missing or wrong key, as Azure writes it. */
const accessDenied = (message: string) => ({ error: { code: "401", message } })

const faultType = (status: number): string =>
  status === 403 ? "permission_error" : status === 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error"

const error = (problem: FakeProblem): unknown => {
  switch (problem._tag) {
    case "MissingKey":
      return accessDenied(
        "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
      )
    case "WrongKey":
      return accessDenied(
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."
      )
    case "MissingHeader":
      return errorBody(problem.message, "invalid_request_error", problem.header)
    case "UnknownRoute":
      return errorBody(`Resource not found (${problem.method} ${problem.path})`, "invalid_request_error", null, "404")
    case "MethodNotAllowed":
      return errorBody(`Method ${problem.method} not allowed.`, "invalid_request_error")
    case "InvalidParameter":
      return errorBody(problem.message, "invalid_request_error", problem.param)
    case "BatchNotFound":
      return errorBody(`No batch found with id '${problem.id}'.`, "invalid_request_error")
    case "Fault":
      return errorBody(problem.message, faultType(problem.status), null, problem.status === 429 ? "rate_limit_exceeded" : null)
  }
}

/**
 * The fake-server profile of Azure OpenAI.
 *
 * @example
 * ```ts
 * import { fakeServer } from "@unibatch/azure/AzureFakeServer"
 *
 * fakeServer.limitOutOfRange // => "reject"
 * const answer = fakeServer.error({ _tag: "MissingKey" })
 * // => { error: { code: "401", message: "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." } }
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeServer: FakeServerProfile = {
  batch: OpenAiFamily.fakeWireBatch,
  error,
  listFields: { object: "list" },
  limitOutOfRange: "reject",
  redirectMissingSlash: false,
  lifecycle: OpenAiFamilyFake.fakeLifecycle
}
