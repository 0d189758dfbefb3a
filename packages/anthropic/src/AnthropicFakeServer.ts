/**
 * How the test kit's fake server plays Anthropic's Message Batches: the batch object with
 * `processing_status` and whole `request_counts`, and Anthropic's error bodies
 * (`{"type": "error", "error": {"type", "message"}}`). Paths, the `x-api-key` and
 * `anthropic-version` headers, paging and IDs come from the definition in `Anthropic.ts`.
 *
 * @module \@unibatch/anthropic/AnthropicFakeServer
 * @since 0.3.0
 */
import type { FakeBatch, FakeProblem, FakeServerProfile, FakeStatus } from "@unibatch/core/FakeServerProfile"
import type { processingStatuses } from "./AnthropicWire.js"
import { fakeMessage, fakeResultLine } from "./internal/results.js"

/**
 * Anthropic's word for a canonical lifecycle state: everything before the end is `in_progress`,
 * every end is `ended`.
 *
 * @example
 * ```ts
 * import { processingStatusOf } from "@unibatch/anthropic/AnthropicFakeServer"
 *
 * processingStatusOf("finalizing") // => "in_progress"
 * processingStatusOf("cancelling") // => "canceling"
 * processingStatusOf("expired") // => "ended"
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const processingStatusOf = (status: FakeStatus): (typeof processingStatuses)[number] =>
  status === "cancelling"
    ? "canceling"
    : status === "validating" || status === "in_progress" || status === "finalizing"
    ? "in_progress"
    : "ended"

const errorType = (problem: FakeProblem): string => {
  switch (problem._tag) {
    case "MissingKey":
    case "WrongKey":
      return "authentication_error"
    case "UnknownRoute":
    case "BatchNotFound":
      return "not_found_error"
    case "MissingHeader":
    case "MethodNotAllowed":
    case "InvalidParameter":
      return "invalid_request_error"
    case "Fault":
      return problem.status === 429
        ? "rate_limit_error"
        : problem.status === 529
        ? "overloaded_error"
        : problem.status === 403
        ? "permission_error"
        : "api_error"
  }
}

const errorMessage = (problem: FakeProblem): string => {
  switch (problem._tag) {
    case "MissingKey":
      return "x-api-key header is required"
    case "WrongKey":
      return "invalid x-api-key"
    case "UnknownRoute":
      return `Not found: ${problem.method} ${problem.path}`
    case "MethodNotAllowed":
      return `Method ${problem.method} is not allowed here`
    case "BatchNotFound":
      return `message batch ${problem.id} not found`
    case "MissingHeader":
    case "InvalidParameter":
    case "Fault":
      return problem.message
  }
}

/**
 * A batch as Anthropic sends it. The counts add up to the batch's requests: those not run are
 * `processing` until the end, then `canceled` (a cancelled batch) or `expired` (an expired one),
 * as its result lines say.
 */
const batch = (fake: FakeBatch): Record<string, unknown> => {
  const processingStatus = processingStatusOf(fake.status)
  const ended = processingStatus === "ended"
  const { completed, failed, total } = fake.requestCounts
  const remaining = total - completed - failed
  return {
    id: fake.id,
    type: "message_batch",
    processing_status: processingStatus,
    request_counts: {
      processing: ended ? 0 : remaining,
      succeeded: completed,
      errored: failed,
      canceled: fake.status === "cancelled" ? remaining : 0,
      expired: fake.status === "expired" ? remaining : 0
    },
    ended_at: fake.completedAt ?? fake.failedAt ?? fake.expiredAt ?? fake.cancelledAt ?? null,
    created_at: fake.createdAt,
    expires_at: fake.expiresAt,
    archived_at: null,
    cancel_initiated_at: fake.cancellingAt ?? null,
    // The server's own results route; Anthropic's where the server names none.
    results_url: fake.resultsUrl !== undefined ? fake.resultsUrl : ended ? `https://api.anthropic.com/v1/messages/batches/${fake.id}/results` : null
  }
}

/**
 * The fake-server profile of Anthropic's Message Batches.
 *
 * @example
 * ```ts
 * import { fakeServer } from "@unibatch/anthropic/AnthropicFakeServer"
 *
 * fakeServer.error({ _tag: "MissingKey" }) // => { type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } }
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeServer: FakeServerProfile = {
  batch,
  error: (problem) => ({ type: "error", error: { type: errorType(problem), message: errorMessage(problem) } }),
  listFields: {},
  limitOutOfRange: "reject",
  redirectMissingSlash: false,
  lifecycle: { responseBody: fakeMessage, resultLine: fakeResultLine }
}
