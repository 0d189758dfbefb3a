/**
 * How the test kit's fake server plays an OpenAI-compatible endpoint: OpenAI's batch, file and
 * result line objects and OpenAI-shaped error bodies, with messages that name no vendor. The
 * base path, auth header, ID prefix and limits come from the definition
 * (`Compatible.definition(options)`), so one profile serves every form.
 *
 * @module \@unibatch/compatible/CompatibleFakeServer
 * @since 0.3.0
 */
import type { FakeProblem, FakeServerProfile } from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"

const errorBody = OpenAiFamily.fakeErrorBody

const faultType = (status: number): string =>
  status === 401
    ? "authentication_error"
    : status === 403
    ? "permission_error"
    : status === 429
    ? "rate_limit_error"
    : status >= 500
    ? "server_error"
    : "invalid_request_error"

const error = (problem: FakeProblem): unknown => {
  switch (problem._tag) {
    case "MissingKey":
      return errorBody("Missing API key.", "authentication_error", null, "invalid_api_key")
    case "WrongKey":
      return errorBody("Invalid API key.", "authentication_error", null, "invalid_api_key")
    case "MissingHeader":
      return errorBody(problem.message, "invalid_request_error", problem.header)
    case "UnknownRoute":
      return errorBody(`Unknown route: ${problem.method} ${problem.path}`, "invalid_request_error", null, "unknown_url")
    case "MethodNotAllowed":
      return errorBody(`Method ${problem.method} not allowed.`, "invalid_request_error")
    case "InvalidParameter":
      return errorBody(problem.message, "invalid_request_error", problem.param)
    case "BatchNotFound":
      return errorBody(`No batch found with id '${problem.id}'.`, "invalid_request_error", null, "not_found")
    case "Fault":
      return errorBody(problem.message, faultType(problem.status), null, problem.status === 429 ? "rate_limit_exceeded" : null)
  }
}

/**
 * The fake-server profile of an OpenAI-compatible endpoint.
 *
 * @example
 * ```ts
 * import { fakeServer } from "@unibatch/compatible/CompatibleFakeServer"
 *
 * fakeServer.limitOutOfRange // => "reject"
 * fakeServer.error({ _tag: "WrongKey" })
 * // => { error: { message: "Invalid API key.", type: "authentication_error", param: null, code: "invalid_api_key" } }
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
