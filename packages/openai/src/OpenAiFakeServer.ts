/**
 * How the test kit's fake server plays OpenAI: every documented batch field (`null` where not
 * set, as the real API sends), `usage` where reported, and OpenAI's error bodies. Paths, auth,
 * paging and IDs come from the definition in `OpenAi.ts`.
 *
 * @module \@unibatch/openai/OpenAiFakeServer
 * @since 0.2.0
 */
import type { FakeBatch, FakeProblem, FakeServerProfile } from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"

const errorBody = OpenAiFamily.fakeErrorBody

const faultType = (status: number): string =>
  status === 403 ? "permission_error" : status === 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error"

const error = (problem: FakeProblem): unknown => {
  switch (problem._tag) {
    case "MissingKey":
      return errorBody(
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        "invalid_request_error",
        null,
        "invalid_api_key"
      )
    case "WrongKey":
      // The real API echoes a masked key; the fake never echoes any part of it.
      return errorBody(
        "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        null,
        "invalid_api_key"
      )
    case "MissingHeader":
      return errorBody(problem.message, "invalid_request_error", problem.header)
    case "UnknownRoute":
      return errorBody(`Invalid URL (${problem.method} ${problem.path})`, "invalid_request_error")
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

const batch = (batch: FakeBatch): Record<string, unknown> => ({
  ...OpenAiFamily.fakeWireBatch(batch),
  model: batch.model,
  ...(batch.usage === null ? {} : {
    usage: {
      input_tokens: batch.usage.inputTokens,
      input_tokens_details: { cached_tokens: batch.usage.cachedInputTokens },
      output_tokens: batch.usage.outputTokens,
      output_tokens_details: { reasoning_tokens: batch.usage.reasoningTokens },
      total_tokens: batch.usage.totalTokens
    }
  })
})

/**
 * The fake-server profile of OpenAI: out-of-range `limit` values are refused (1..100), errors are
 * `{"error":{"message","type","param","code"}}`, list pages carry `"object": "list"`. Its
 * lifecycle is the family's (`OpenAiFamilyFake.fakeLifecycle`): file objects with `expires_at`,
 * output lines `{id, custom_id, response, error}`, the whole batch as the answer to a cancel.
 *
 * @example
 * ```ts
 * import { fakeServer } from "@unibatch/openai/OpenAiFakeServer"
 *
 * fakeServer.limitOutOfRange // => "reject"
 * fakeServer.error({ _tag: "BatchNotFound", id: "batch_x" })
 * // => { error: { message: "No batch found with id 'batch_x'.", type: "invalid_request_error", param: null, code: null } }
 * ```
 *
 * @since 0.2.0
 * @category fake server
 */
export const fakeServer: FakeServerProfile = {
  batch,
  error,
  listFields: { object: "list" },
  limitOutOfRange: "reject",
  redirectMissingSlash: false,
  lifecycle: OpenAiFamilyFake.fakeLifecycle
}
