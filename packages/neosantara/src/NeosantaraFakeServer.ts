/**
 * How the test kit's fake server plays Neosantara: only the batch fields it documents (no
 * `cancelling_at`, `model` or `usage`), the `{}` placeholder its schema shows for unset values on
 * some items, and OpenAI-shaped error bodies with typed categories (its docs show none; this is
 * the assumption). An out-of-range `limit` is clamped. Its lifecycle: files `uploaded` with
 * `status_details`, refusals with its codes (`file_not_found`, `missing_file`, ...), and the
 * partial `canceled` answer to a cancel; result lines are the family's. Paths, `x-api-key` auth, paging and the
 * `batch-` IDs come from the definition in `Neosantara.ts`.
 *
 * @module \@unibatch/neosantara/NeosantaraFakeServer
 * @since 0.2.0
 */
import type { FakeBatch, FakeFile, FakeLifecycleProblem, FakeProblem, FakeServerProfile } from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"

const errorBody = OpenAiFamily.fakeErrorBody

const faultTypes: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  405: "invalid_request_error",
  409: "conflict_error",
  429: "rate_limit_error"
}

const error = (problem: FakeProblem): unknown => {
  switch (problem._tag) {
    case "MissingKey":
      return errorBody("Missing API key. Provide it in the x-api-key header.", "authentication_error", null, "invalid_api_key")
    case "WrongKey":
      return errorBody("Invalid API key.", "authentication_error", null, "invalid_api_key")
    case "MissingHeader":
      return errorBody(problem.message, "invalid_request_error", problem.header)
    case "UnknownRoute":
      return errorBody(`Invalid URL (${problem.method} ${problem.path})`, "not_found_error")
    case "MethodNotAllowed":
      return errorBody(`Method ${problem.method} not allowed.`, "invalid_request_error")
    case "InvalidParameter":
      return errorBody(problem.message, "invalid_request_error", problem.param)
    case "BatchNotFound":
      return errorBody(`No batch found with id '${problem.id}'.`, "not_found_error")
    case "Fault":
      return errorBody(
        problem.message,
        faultTypes[problem.status] ?? (problem.status >= 500 ? "server_error" : "invalid_request_error")
      )
  }
}

/** Its file pages name `file_not_found` and `missing_file`; the other codes follow their pattern. */
const lifecycleCodes: Readonly<Record<FakeLifecycleProblem["_tag"], readonly [code: string, type: string]>> = {
  FileNotFound: ["file_not_found", "not_found_error"],
  MissingFile: ["missing_file", "invalid_request_error"],
  InvalidPurpose: ["invalid_purpose", "invalid_request_error"],
  FileTooLarge: ["file_too_large", "invalid_request_error"],
  InvalidFile: ["invalid_file", "invalid_request_error"],
  InvalidRequest: ["invalid_request", "invalid_request_error"],
  CannotCancel: ["batch_not_cancellable", "conflict_error"]
}

const lifecycleError = (problem: FakeLifecycleProblem): unknown => {
  const [code, type] = lifecycleCodes[problem._tag]
  return OpenAiFamilyFake.fakeLifecycleError(problem, code, type)
}

/** Its upload answer: `status: "uploaded"` and `status_details`; no `expires_at` documented. */
const file = (file: FakeFile): Record<string, unknown> => ({
  id: file.id,
  object: "file",
  bytes: file.bytes,
  created_at: file.createdAt,
  filename: file.filename,
  purpose: file.purpose,
  status: "uploaded",
  status_details: null
})

/** Its cancel page: a partial object, `status` spelled `canceled`, the time of the cancel. */
const cancelAnswer = (batch: FakeBatch): Record<string, unknown> => ({
  id: batch.id,
  object: "batch",
  endpoint: batch.endpoint,
  status: "canceled",
  cancelled_at: batch.cancelledAt ?? batch.cancellingAt,
  request_counts: { ...batch.requestCounts }
})

const batch = (batch: FakeBatch): Record<string, unknown> => {
  // Its schema shows `{}` for nullable fields; some items use that placeholder instead of null.
  const orUnset = (value: unknown): unknown => (value !== null ? value : batch.placeholders ? {} : null)
  const counted = batch.requestCounts.total > 0
  return {
    id: batch.id,
    object: "batch",
    endpoint: batch.endpoint,
    errors: orUnset(
      batch.errors.length === 0
        ? null
        : { object: "list", data: batch.errors.map(({ code, line, message, param }) => ({ code, message, param, line })) }
    ),
    input_file_id: batch.inputFileId,
    completion_window: batch.completionWindow,
    status: batch.status,
    output_file_id: orUnset(batch.outputFileId),
    error_file_id: orUnset(batch.errorFileId),
    created_at: batch.createdAt,
    in_progress_at: orUnset(batch.inProgressAt),
    expires_at: batch.expiresAt,
    finalizing_at: orUnset(batch.finalizingAt),
    completed_at: orUnset(batch.completedAt),
    failed_at: orUnset(batch.failedAt),
    expired_at: orUnset(batch.expiredAt),
    cancelled_at: orUnset(batch.cancelledAt),
    request_counts: !counted && batch.placeholders ? {} : { ...batch.requestCounts },
    metadata: { ...batch.metadata }
  }
}

/**
 * The fake-server profile of Neosantara.
 *
 * @example
 * ```ts
 * import { fakeServer } from "@unibatch/neosantara/NeosantaraFakeServer"
 *
 * fakeServer.limitOutOfRange // => "clamp"
 * fakeServer.error({ _tag: "MissingKey" })
 * // => { error: { message: "Missing API key. Provide it in the x-api-key header.", type: "authentication_error", param: null, code: "invalid_api_key" } }
 * ```
 *
 * @since 0.2.0
 * @category fake server
 */
export const fakeServer: FakeServerProfile = {
  batch,
  error,
  listFields: { object: "list" },
  limitOutOfRange: "clamp",
  redirectMissingSlash: false,
  lifecycle: { ...OpenAiFamilyFake.fakeLifecycle, error: lifecycleError, file, cancelAnswer }
}
