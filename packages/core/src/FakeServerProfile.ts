/**
 * How the test kit's fake server plays one vendor: the facts about a vendor's server that its
 * `VendorDefinition` does not already say (the auth header, paths, base path, ID prefix,
 * timestamp format, paging parameters and largest page come from the definition). A profile is
 * plain data and a few pure functions: how a generated batch looks on the wire, what an error body
 * looks like, whether an out-of-range `limit` is refused or clamped, and the like. The server that
 * reads it (`@unibatch/testkit/FakeVendor`) has no code of its own for any vendor. It serves
 * batches newest first, which fits a vendor that documents that order and one that documents none.
 *
 * @module \@unibatch/core/FakeServerProfile
 * @since 0.2.0
 */
import type { BatchStatus } from "./BatchStatus.js"

/**
 * The lifecycle state of a generated batch: every canonical status but `unknown`. Items cycle
 * through them in this order: `validating`, `in_progress`, `finalizing`, `completed`, `failed`,
 * `expired`, `cancelling`, `cancelled`.
 *
 * @example
 * ```ts
 * import type { FakeStatus } from "@unibatch/core/FakeServerProfile"
 *
 * // A vendor with a three-state vocabulary of its own:
 * const processingStatus = (status: FakeStatus): string =>
 *   status === "cancelling" ? "canceling" : status === "validating" || status === "in_progress" || status === "finalizing" ? "in_progress" : "ended"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type FakeStatus = Exclude<BatchStatus, "unknown">

/**
 * One request error of a failed batch (a line of its input file that could not be run).
 *
 * @example
 * ```ts
 * import type { FakeBatchError } from "@unibatch/core/FakeServerProfile"
 *
 * const wire = (error: FakeBatchError) => ({ code: error.code, message: error.message, param: error.param, line: error.line })
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface FakeBatchError {
  readonly code: string
  readonly message: string
  readonly param: string | null
  readonly line: number
}

/**
 * Token usage of a generated batch.
 *
 * @example
 * ```ts
 * import type { FakeUsage } from "@unibatch/core/FakeServerProfile"
 *
 * const wire = (usage: FakeUsage) => ({ input_tokens: usage.inputTokens, output_tokens: usage.outputTokens })
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface FakeUsage {
  readonly inputTokens: number
  readonly cachedInputTokens: number
  readonly outputTokens: number
  readonly reasoningTokens: number
  readonly totalTokens: number
}

/**
 * A generated batch before a vendor shapes it: canonical names, with the two things a definition
 * already says applied. `id` is the vendor's native ID (`definition.ids`), and every timestamp is
 * the vendor's wire value (`definition.timestamps.write`), or `null` when the batch has not reached
 * that state. A profile's {@link FakeServerProfile.batch} picks and renames what its vendor sends.
 *
 * The generated data is consistent: timestamps follow the lifecycle, counts add up, a failed batch
 * has `errors`, output and error files exist only where results do.
 *
 * @example
 * ```ts
 * import type { FakeBatch } from "@unibatch/core/FakeServerProfile"
 *
 * const minimal = (batch: FakeBatch) => ({ id: batch.id, status: batch.status, created_at: batch.createdAt })
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface FakeBatch {
  /** Position in the list, 0 for the newest. */
  readonly index: number
  /** The native ID, e.g. `batch_abc...` or `batch-abc...`. */
  readonly id: string
  readonly status: FakeStatus
  readonly endpoint: string
  readonly model: string
  readonly completionWindow: string
  readonly inputFileId: string
  readonly outputFileId: string | null
  readonly errorFileId: string | null
  /** The wire value; never `null`. */
  readonly createdAt: unknown
  readonly inProgressAt: unknown
  /** The wire value; never `null`. */
  readonly expiresAt: unknown
  readonly finalizingAt: unknown
  readonly completedAt: unknown
  readonly failedAt: unknown
  readonly expiredAt: unknown
  readonly cancellingAt: unknown
  readonly cancelledAt: unknown
  /** Requests in the batch: all zero before the input is validated. */
  readonly requestCounts: { readonly total: number; readonly completed: number; readonly failed: number }
  /** Empty unless the batch `failed`. */
  readonly errors: ReadonlyArray<FakeBatchError>
  readonly metadata: Readonly<Record<string, string>>
  /** `null` when not reported: always reported on completed batches, on about half of the others. */
  readonly usage: FakeUsage | null
  /** About half the batches: a vendor whose docs show minimal objects next to full ones sends this one minimal. */
  readonly brief: boolean
  /** Every third batch: a vendor whose docs show the `{}` placeholder for unset values uses it on this one. */
  readonly placeholders: boolean
  /**
   * Where the fake server serves this batch's results, once it has ended, for a vendor whose
   * lifecycle names a `results` path; `null` before the end, absent for other vendors.
   *
   * @since 0.3.0
   */
  readonly resultsUrl?: string | null | undefined
}

/**
 * Why the fake server refuses a request. Each has a fixed HTTP status ({@link problemStatus}); the
 * profile's {@link FakeServerProfile.error} says the body.
 *
 * - `MissingKey`: no key in the auth header (or a header without the definition's scheme).
 * - `WrongKey`: a key other than the one the server was started with.
 * - `MissingHeader`: one of the definition's static `auth.headers` is absent or has another value.
 * - `UnknownRoute`: no documented path (the path as requested).
 * - `MethodNotAllowed`: a documented path with another method.
 * - `InvalidParameter`: a query parameter out of range or of the wrong type (`limit`).
 * - `BatchNotFound`: no batch with that ID (as requested, URL-decoded).
 * - `Fault`: an injected status without a body of its own (`message` is a plain sentence for it).
 *
 * @example
 * ```ts
 * import { problemStatus, type FakeProblem } from "@unibatch/core/FakeServerProfile"
 *
 * const problem: FakeProblem = { _tag: "BatchNotFound", id: "batch_nope" }
 * problemStatus(problem) // => 404
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type FakeProblem =
  | { readonly _tag: "MissingKey" }
  | { readonly _tag: "WrongKey" }
  | { readonly _tag: "MissingHeader"; readonly header: string; readonly message: string }
  | { readonly _tag: "UnknownRoute"; readonly method: string; readonly path: string }
  | { readonly _tag: "MethodNotAllowed"; readonly method: string }
  | { readonly _tag: "InvalidParameter"; readonly param: string; readonly message: string }
  | { readonly _tag: "BatchNotFound"; readonly id: string }
  | { readonly _tag: "Fault"; readonly status: number; readonly message: string }

/**
 * The HTTP status of a {@link FakeProblem}.
 *
 * @example
 * ```ts
 * import { problemStatus } from "@unibatch/core/FakeServerProfile"
 *
 * problemStatus({ _tag: "MissingKey" }) // => 401
 * problemStatus({ _tag: "Fault", status: 503, message: "The server is overloaded or not ready yet." }) // => 503
 * ```
 *
 * @since 0.2.0
 * @category problems
 */
export const problemStatus = (problem: FakeProblem): number => {
  switch (problem._tag) {
    case "MissingKey":
    case "WrongKey":
      return 401
    case "MissingHeader":
    case "InvalidParameter":
      return 400
    case "UnknownRoute":
    case "BatchNotFound":
      return 404
    case "MethodNotAllowed":
      return 405
    case "Fault":
      return problem.status
  }
}

/**
 * How the test kit's fake server plays a vendor, beside what the vendor's definition says.
 *
 * - `batch`: one generated batch as the vendor sends it (field names, which fields, status
 *   vocabulary, `null` or `{}` or absent for an unset value).
 * - `error`: the JSON body of an error reply (its status is {@link problemStatus}).
 * - `listFields`: constant fields written first on a list page (`{ object: "list" }`); the page's
 *   own fields are named by `definition.list`.
 * - `limitOutOfRange`: a whole-number `limit` outside 1..`definition.paging.maxLimit` is refused
 *   with a 400 (`reject`) or served as the nearest allowed value (`clamp`). A `limit` that is not a
 *   whole number is always a 400.
 * - `redirectMissingSlash`: for definitions whose paths end in `/`, a GET without that slash is
 *   answered with a 301 to the slashed path (query kept), before authentication, as Django's
 *   `APPEND_SLASH` does. Otherwise such a path is an unknown route. A POST without the slash is
 *   never redirected (Django cannot redirect a POST): it is an unknown route.
 *
 * @example
 * ```ts
 * import type { FakeServerProfile } from "@unibatch/core/FakeServerProfile"
 *
 * const fakeServer: FakeServerProfile = {
 *   batch: (batch) => ({
 *     id: batch.id,
 *     type: "batch",
 *     processing_status: batch.status === "cancelling"
 *       ? "canceling"
 *       : ["validating", "in_progress", "finalizing"].includes(batch.status) ? "in_progress" : "ended",
 *     created_at: batch.createdAt
 *   }),
 *   error: (problem) => ({ type: "error", error: { type: problem._tag, message: "message" in problem ? problem.message : problem._tag } }),
 *   listFields: {},
 *   limitOutOfRange: "reject",
 *   redirectMissingSlash: false
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface FakeServerProfile {
  readonly batch: (batch: FakeBatch) => Record<string, unknown>
  readonly error: (problem: FakeProblem) => unknown
  readonly listFields: Readonly<Record<string, unknown>>
  readonly limitOutOfRange: "reject" | "clamp"
  readonly redirectMissingSlash: boolean
  /**
   * How the lifecycle routes answer (files, create, cancel, results); absent: the OpenAI family's
   * files, answers and result lines, and refusals through `error` (see {@link FakeLifecycleProfile}).
   *
   * @since 0.3.0
   */
  readonly lifecycle?: FakeLifecycleProfile | undefined
}

/**
 * A file the fake server keeps: an uploaded input file, or the output or error file of a batch it
 * ran. Timestamps are the vendor's wire values (`definition.timestamps.write`); `expiresAt` is
 * `null` where the file does not expire.
 *
 * @example
 * ```ts
 * import type { FakeFile } from "@unibatch/core/FakeServerProfile"
 *
 * const wire = (file: FakeFile) => ({ id: file.id, bytes: file.bytes, purpose: file.purpose })
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface FakeFile {
  readonly id: string
  readonly bytes: number
  readonly filename: string
  readonly purpose: string
  readonly createdAt: unknown
  readonly expiresAt: unknown
}

/**
 * One request of a batch the fake server runs, as its input line gave it: the `body` verbatim
 * (JSON), the endpoint of the batch.
 *
 * @example
 * ```ts
 * import type { FakeRequest } from "@unibatch/core/FakeServerProfile"
 *
 * const model = (request: FakeRequest): string => (request.body as { model?: string }).model ?? "unknown"
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface FakeRequest {
  readonly customId: string
  readonly endpoint: string
  readonly body: unknown
  /** A small number drawn from the `customId` alone, to vary the answers deterministically. */
  readonly seed: number
  /** The batch's creation time, unix seconds (for `created` fields of the answers). */
  readonly createdAt: number
}

/**
 * The outcome of one request of a batch the fake server ran, before its vendor writes it as a
 * line of the output or error file.
 *
 * - `Succeeded`: the request ran; `body` is what the profile's `responseBody` answered.
 * - `Failed`: the request ran and failed (a `customId` containing `fail`). `inBody` is the
 *   documented quirk: the line has no error of its own, a non-2xx status and the error in the
 *   response body.
 * - `NotRun`: the batch expired (`expired`) or was cancelled (`cancelled`) before the request ran.
 *
 * @example
 * ```ts
 * import type { FakeResult } from "@unibatch/core/FakeServerProfile"
 *
 * const inErrorFile = (result: FakeResult): boolean => result._tag !== "Succeeded"
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type FakeResult =
  | {
    readonly _tag: "Succeeded"
    readonly lineId: string
    readonly customId: string
    readonly requestId: string
    readonly body: unknown
  }
  | {
    readonly _tag: "Failed"
    readonly lineId: string
    readonly customId: string
    readonly requestId: string
    readonly statusCode: number
    readonly code: string
    readonly message: string
    readonly inBody: boolean
  }
  | {
    readonly _tag: "NotRun"
    readonly lineId: string
    readonly customId: string
    readonly reason: "expired" | "cancelled"
  }

/**
 * Why the fake server refuses a lifecycle request (files, create, cancel). Each has a fixed HTTP
 * status ({@link lifecycleProblemStatus}); the profile's {@link FakeLifecycleProfile.error} says
 * the body.
 *
 * - `FileNotFound`: no file with that ID (`param` names the field that gave it, e.g.
 *   `input_file_id` on create; `null` for a path segment).
 * - `MissingFile`: an upload without a `file` part, or a body that is not multipart.
 * - `InvalidPurpose`: an upload whose `purpose` is not the one a batch input takes.
 * - `FileTooLarge`: an upload over the vendor's `maxFileBytes`.
 * - `InvalidFile`: an input file whose line (1-based; `null` for the whole file) is not a request.
 * - `InvalidRequest`: a create body that is not JSON, lacks a field or breaks a limit (`param`
 *   names the field).
 * - `CannotCancel`: the batch has already ended (`status` is its canonical status).
 *
 * @example
 * ```ts
 * import { lifecycleProblemStatus, type FakeLifecycleProblem } from "@unibatch/core/FakeServerProfile"
 *
 * const problem: FakeLifecycleProblem = { _tag: "FileNotFound", id: "file-nope", param: null }
 * lifecycleProblemStatus(problem) // => 404
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type FakeLifecycleProblem =
  | { readonly _tag: "FileNotFound"; readonly id: string; readonly param: string | null }
  | { readonly _tag: "MissingFile"; readonly message: string }
  | { readonly _tag: "InvalidPurpose"; readonly purpose: string; readonly expected: string }
  | { readonly _tag: "FileTooLarge"; readonly bytes: number; readonly maxBytes: number }
  | { readonly _tag: "InvalidFile"; readonly line: number | null; readonly message: string }
  | { readonly _tag: "InvalidRequest"; readonly param: string | null; readonly message: string }
  | { readonly _tag: "CannotCancel"; readonly id: string; readonly status: FakeStatus }

/**
 * The HTTP status of a {@link FakeLifecycleProblem}: 404 for a file not found, 409 for a batch
 * that cannot be cancelled, 400 otherwise.
 *
 * @example
 * ```ts
 * import { lifecycleProblemStatus } from "@unibatch/core/FakeServerProfile"
 *
 * lifecycleProblemStatus({ _tag: "CannotCancel", id: "batch_1", status: "completed" }) // => 409
 * ```
 *
 * @since 0.3.0
 * @category problems
 */
export const lifecycleProblemStatus = (problem: FakeLifecycleProblem): number => {
  switch (problem._tag) {
    case "FileNotFound":
      return 404
    case "CannotCancel":
      return 409
    case "MissingFile":
    case "InvalidPurpose":
    case "FileTooLarge":
    case "InvalidFile":
    case "InvalidRequest":
      return 400
  }
}

/**
 * A plain sentence for a {@link FakeLifecycleProblem}, naming the value and the limit; profiles
 * use it as their error message unless the vendor words it otherwise.
 *
 * @example
 * ```ts
 * import { lifecycleProblemMessage } from "@unibatch/core/FakeServerProfile"
 *
 * lifecycleProblemMessage({ _tag: "FileTooLarge", bytes: 300, maxBytes: 200 })
 * // => "The file is 300 bytes; the largest batch input file is 200 bytes."
 * ```
 *
 * @since 0.3.0
 * @category problems
 */
export const lifecycleProblemMessage = (problem: FakeLifecycleProblem): string => {
  switch (problem._tag) {
    case "FileNotFound":
      return `No such File object: ${problem.id}`
    case "MissingFile":
    case "InvalidFile":
    case "InvalidRequest":
      return problem.message
    case "InvalidPurpose":
      return `Invalid purpose '${problem.purpose}': a batch input file takes purpose '${problem.expected}'.`
    case "FileTooLarge":
      return `The file is ${problem.bytes} bytes; the largest batch input file is ${problem.maxBytes} bytes.`
    case "CannotCancel":
      return `Cannot cancel a batch with status '${problem.status}': batch ${problem.id} has already ended.`
  }
}

/**
 * How the fake server plays a vendor's lifecycle routes (files, create, cancel, results), beside
 * what `definition.lifecycle` says (paths, limits, purpose, file paging and envelope, request
 * lines). Every member is optional; the test kit fills an absent one with the OpenAI family's
 * (`@unibatch/core/OpenAiFamilyFake`), but for `error` and `cancelAnswer`, which default to the
 * profile's own `error` and `batch`.
 *
 * - `error`: the JSON body of a lifecycle refusal (its status is {@link lifecycleProblemStatus});
 *   default: the profile's `error` of a `Fault` with that status and {@link lifecycleProblemMessage}.
 * - `file`: a file object as the vendor sends it (upload, retrieve, list).
 * - `responseBody`: the deterministic answer to one request, shaped like its endpoint's.
 * - `resultLine`: one line of an output or error file.
 * - `cancelAnswer`: the answer to a cancel, from the batch just cancelled (`cancelling`, its
 *   `cancellingAt` set); default: the profile's `batch` of it. A vendor that answers a partial
 *   object writes it here.
 *
 * @example
 * ```ts
 * import type { FakeLifecycleProfile } from "@unibatch/core/FakeServerProfile"
 *
 * const lifecycle: FakeLifecycleProfile = {
 *   cancelAnswer: (batch) => ({ id: batch.id, object: "batch", status: "canceled", cancelled_at: batch.cancellingAt })
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface FakeLifecycleProfile {
  readonly error?: ((problem: FakeLifecycleProblem) => unknown) | undefined
  readonly file?: ((file: FakeFile) => Record<string, unknown>) | undefined
  readonly responseBody?: ((request: FakeRequest) => unknown) | undefined
  readonly resultLine?: ((result: FakeResult) => Record<string, unknown>) | undefined
  readonly cancelAnswer?: ((batch: FakeBatch) => Record<string, unknown>) | undefined
}
