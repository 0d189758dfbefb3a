/**
 * How the test kit's fake server plays Respan: Django REST framework behind OpenAI-shaped
 * objects. Its docs show full batch objects (retrieve) next to minimal ones (list) and never
 * `model` or `usage`; errors are `{"error":"text"}` (authentication, routing, injected statuses)
 * or `{"error":{"message","type"}}` (a batch not found, a bad parameter, lifecycle refusals); a
 * GET without its trailing slash is redirected (a POST is not: Django cannot redirect one, so it
 * is an unknown route); an out-of-range `limit` is clamped. Files and result lines are OpenAI's,
 * which it proxies. Paths, auth, paging and IDs
 * come from the definition in `Respan.ts`.
 *
 * @module \@unibatch/respan/RespanFakeServer
 * @since 0.2.0
 */
import {
  type FakeBatch,
  type FakeLifecycleProblem,
  type FakeProblem,
  type FakeServerProfile,
  lifecycleProblemMessage
} from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"

const error = (problem: FakeProblem): unknown => {
  switch (problem._tag) {
    case "MissingKey":
      return { error: "Authentication credentials were not provided." }
    case "WrongKey":
      return { error: "Invalid API key." }
    case "MissingHeader":
      return { error: problem.message }
    case "UnknownRoute":
      return { error: "Not found." }
    case "MethodNotAllowed":
      return { error: `Method "${problem.method}" not allowed.` }
    case "InvalidParameter":
      return { error: { message: problem.message, type: "invalid_request_error" } }
    case "BatchNotFound":
      return { error: { message: `No such batch: ${problem.id}`, type: "invalid_request_error" } }
    case "Fault":
      return { error: problem.message }
  }
}

/**
 * Its lifecycle pages show no error bodies: a form without its file is Django REST framework's
 * plain sentence; the rest are OpenAI's refusals passed through its proxy as `{message, type}`.
 */
const lifecycleError = (problem: FakeLifecycleProblem): unknown =>
  problem._tag === "MissingFile"
    ? { error: "No file was submitted." }
    : { error: { message: lifecycleProblemMessage(problem), type: "invalid_request_error" } }

const full = OpenAiFamily.fakeWireBatch

const minimal = (batch: FakeBatch): Record<string, unknown> => ({
  id: batch.id,
  object: "batch",
  endpoint: batch.endpoint,
  status: batch.status,
  created_at: batch.createdAt,
  ...(batch.completedAt !== null ? { completed_at: batch.completedAt } : {}),
  request_counts: { ...batch.requestCounts }
})

/**
 * The fake-server profile of Respan.
 *
 * @example
 * ```ts
 * import { fakeServer } from "@unibatch/respan/RespanFakeServer"
 *
 * fakeServer.redirectMissingSlash // => true
 * fakeServer.error({ _tag: "MissingKey" }) // => { error: "Authentication credentials were not provided." }
 * ```
 *
 * @since 0.2.0
 * @category fake server
 */
export const fakeServer: FakeServerProfile = {
  batch: (batch) => (batch.brief ? minimal(batch) : full(batch)),
  error,
  listFields: { object: "list" },
  limitOutOfRange: "clamp",
  redirectMissingSlash: true,
  lifecycle: { ...OpenAiFamilyFake.fakeLifecycle, error: lifecycleError, cancelAnswer: full }
}
