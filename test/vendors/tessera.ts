/**
 * "Tessera": a fourth vendor that exists only in this test folder, written as a whole
 * `VendorDefinition` (batch codec, strict contract, fake-server profile) with the traits none of
 * the three built-in vendors has:
 *
 * - RFC 3339 timestamps (`Timestamp.rfc3339`);
 * - `after_id` paging, the next cursor read from the page's `last_id`, pages up to 1000, newest first;
 * - `x-api-key: <key>` plus a `tessera-version` header on every request;
 * - `processing_status` with its own vocabulary (`in_progress`, `canceling`, `ended`); `ended`
 *   becomes `cancelled` when `cancel_initiated_at` is set, else `expired` when every request
 *   expired, else `completed` (the native word stays in `nativeStatus`);
 * - `msgbatch_` IDs (canonical `batch_`);
 * - request counts `{processing, succeeded, errored, canceled, expired}`, kept whole;
 * - `results_url` instead of output files;
 * - a `request-id` response header;
 * - error bodies `{"type": "error", "error": {"type", "message"}}`.
 *
 * Nothing here is imported by a package: core, the test kit and the command read it only as a
 * `VendorDefinition` value handed to them.
 */
import type { MappedFields, VendorDefinition } from "@unibatch/core/VendorDefinition"
import type { BatchStatus } from "@unibatch/core/BatchStatus"
import type { Contract } from "@unibatch/core/Conformance"
import type { FakeBatch, FakeProblem, FakeServerProfile, FakeStatus } from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Timestamp from "@unibatch/core/Timestamp"
import * as Schema from "effect/Schema"

export const provider = "tessera"
export const apiKeyEnv = "TESSERA_API_KEY"
export const versionHeader = "tessera-version"
export const version = "2025-01-01"
export const defaultBaseUrl = "https://api.tessera.test/v1"

/** The vendor's `processing_status` vocabulary. */
export const processingStatuses = ["in_progress", "canceling", "ended"] as const

// ---------------------------------------------------------------------------------------------
// Wire Schemas
// ---------------------------------------------------------------------------------------------

const Rfc3339 = Timestamp.rfc3339.schema
const Count = OpenAiFamily.Count
const optionalNullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/** `request_counts`: one count per outcome, no total. */
const StrictCounts = Schema.Struct({ processing: Count, succeeded: Count, errored: Count, canceled: Count, expired: Count })

/**
 * The lenient batch Schema the decoder reads: what a batch cannot exist without is required, the
 * rest may be absent or `null`. `archived_at` is left out on purpose: the canonical model has no
 * place for it, so it is kept in `extensions`.
 */
export const WireBatch = Schema.Struct({
  id: Schema.String,
  type: optionalNullable(Schema.String),
  processing_status: Schema.String,
  request_counts: optionalNullable(Schema.Struct({
    processing: Schema.optionalKey(Count),
    succeeded: Schema.optionalKey(Count),
    errored: Schema.optionalKey(Count),
    canceled: Schema.optionalKey(Count),
    expired: Schema.optionalKey(Count)
  })),
  created_at: Rfc3339,
  expires_at: optionalNullable(Rfc3339),
  ended_at: optionalNullable(Rfc3339),
  cancel_initiated_at: optionalNullable(Rfc3339),
  results_url: optionalNullable(Schema.String)
}).annotate({ identifier: "TesseraWireBatch" })

/** The batch object exactly as the vendor documents it (every field present, `null` where documented). */
export const StrictBatch = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("message_batch"),
  // A string: the contract's `statuses` judge its value (the `status` rule), as for any vendor.
  processing_status: Schema.String,
  request_counts: StrictCounts,
  ended_at: Schema.NullOr(Rfc3339),
  created_at: Rfc3339,
  expires_at: Rfc3339,
  archived_at: Schema.NullOr(Rfc3339),
  cancel_initiated_at: Schema.NullOr(Rfc3339),
  results_url: Schema.NullOr(Schema.String)
}).annotate({ identifier: "TesseraBatch" })

/** The list envelope: no `object` field. */
export const StrictList = Schema.Struct({
  data: Schema.Array(StrictBatch),
  has_more: Schema.Boolean,
  first_id: Schema.NullOr(Schema.String),
  last_id: Schema.NullOr(Schema.String)
}).annotate({ identifier: "TesseraBatchList" })

/** Every error body, whatever the status. */
export const StrictErrorBody = Schema.Struct({
  type: Schema.Literal("error"),
  error: Schema.Struct({ type: Schema.String, message: Schema.String })
}).annotate({ identifier: "TesseraErrorBody" })

// ---------------------------------------------------------------------------------------------
// Batch codec
// ---------------------------------------------------------------------------------------------

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const countOf = (counts: Readonly<Record<string, unknown>>, key: string): number | null =>
  typeof counts[key] === "number" ? counts[key] : null

/** `ended`: cancelled when a cancel was asked for, expired when every request expired, else completed. */
export const status = (nativeStatus: string, raw: Readonly<Record<string, unknown>>): BatchStatus => {
  switch (nativeStatus) {
    case "in_progress":
      return "in_progress"
    case "canceling":
      return "cancelling"
    case "ended": {
      if (typeof raw.cancel_initiated_at === "string") return "cancelled"
      const counts = raw.request_counts
      if (isRecord(counts)) {
        const expired = countOf(counts, "expired") ?? 0
        const others = ["processing", "succeeded", "errored", "canceled"].reduce((sum, key) => sum + (countOf(counts, key) ?? 0), 0)
        if (expired > 0 && others === 0) return "expired"
      }
      return "completed"
    }
    default:
      return "unknown"
  }
}

const utc = Timestamp.toUtc(Timestamp.rfc3339)

/** The canonical fields of a type-checked wire object (core fills id, status and extensions). */
export const read = (raw: Readonly<Record<string, unknown>>): MappedFields => {
  const nativeStatus = typeof raw.processing_status === "string" ? raw.processing_status : ""
  const canonical = status(nativeStatus, raw)
  const endedAt = utc(raw.ended_at)
  const counts = isRecord(raw.request_counts) ? raw.request_counts : null
  const outcome = (key: string) => (counts === null ? null : countOf(counts, key))
  return {
    endpoint: null,
    inputFileId: null,
    outputFileId: null,
    errorFileId: null,
    resultsUrl: typeof raw.results_url === "string" ? raw.results_url : null,
    completionWindow: null,
    model: null,
    createdAt: utc(raw.created_at)!,
    inProgressAt: null,
    expiresAt: utc(raw.expires_at),
    finalizingAt: null,
    completedAt: canonical === "completed" ? endedAt : null,
    failedAt: null,
    expiredAt: canonical === "expired" ? endedAt : null,
    cancellingAt: utc(raw.cancel_initiated_at),
    cancelledAt: canonical === "cancelled" ? endedAt : null,
    requestCounts: counts === null ? null : {
      total: ["processing", "succeeded", "errored", "canceled", "expired"].reduce((sum, key) => sum + (outcome(key) ?? 0), 0),
      completed: outcome("succeeded"),
      failed: outcome("errored"),
      processing: outcome("processing"),
      cancelled: outcome("canceled"),
      expired: outcome("expired")
    },
    errors: [],
    metadata: {},
    usage: null
  }
}

// ---------------------------------------------------------------------------------------------
// Fake server profile
// ---------------------------------------------------------------------------------------------

/** The vendor's word for a generated batch's lifecycle state. */
export const processingStatusOf = (fake: FakeStatus): (typeof processingStatuses)[number] =>
  fake === "cancelling"
    ? "canceling"
    : fake === "validating" || fake === "in_progress" || fake === "finalizing"
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
      return problem.status === 429 ? "rate_limit_error" : problem.status === 529 ? "overloaded_error" : "api_error"
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
 * A generated batch as this vendor sends it. Counts are kept whole (they add up to the plan's
 * total). This vendor's batches expire before any request runs, so an expired batch counts every
 * request as expired, and a canceled one counts the requests that had not run as canceled.
 */
const fakeBatch = (batch: FakeBatch): Record<string, unknown> => {
  const processingStatus = processingStatusOf(batch.status)
  const ended = processingStatus === "ended"
  const { completed, failed, total } = batch.requestCounts
  const remaining = total - completed - failed
  const expired = batch.status === "expired"
  return {
    id: batch.id,
    type: "message_batch",
    processing_status: processingStatus,
    request_counts: {
      processing: ended ? 0 : remaining,
      succeeded: expired ? 0 : completed,
      errored: expired ? 0 : failed,
      canceled: batch.status === "cancelled" ? remaining : 0,
      expired: expired ? total : 0
    },
    ended_at: batch.completedAt ?? batch.failedAt ?? batch.expiredAt ?? batch.cancelledAt,
    created_at: batch.createdAt,
    expires_at: batch.expiresAt,
    archived_at: null,
    cancel_initiated_at: batch.cancellingAt,
    results_url: ended ? `${defaultBaseUrl}/messages/batches/${batch.id}/results` : null
  }
}

export const fakeServer: FakeServerProfile = {
  batch: fakeBatch,
  error: (problem) => ({ type: "error", error: { type: errorType(problem), message: errorMessage(problem) } }),
  listFields: {},
  limitOutOfRange: "reject",
  redirectMissingSlash: false
}

// ---------------------------------------------------------------------------------------------
// The definition
// ---------------------------------------------------------------------------------------------

export const contract: Contract = {
  provider,
  batch: StrictBatch,
  list: StrictList,
  errorBodies: { byStatus: {}, otherwise: StrictErrorBody, severity: "error" },
  statuses: processingStatuses,
  statusSeverity: "error",
  nativePrefix: "msgbatch_",
  newestFirst: true,
  // The same names as the definition's `batch.required` and `list`, and its timestamp codec.
  fields: { id: "id", status: "processing_status", createdAt: "created_at" },
  envelope: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
  timestamps: {
    codec: Timestamp.rfc3339,
    order: [
      { field: "cancel_initiated_at", notBefore: ["created_at"] },
      { field: "ended_at", notBefore: ["cancel_initiated_at", "created_at"] },
      { field: "expires_at", notBefore: ["created_at"] },
      { field: "archived_at", notBefore: ["ended_at", "created_at"] }
    ]
  },
  // The counts are one per outcome, with no total to add up to.
  counts: null,
  notes: [
    "processing_status is the status field: a value outside in_progress, canceling, ended is a `status` violation.",
    "request_counts has no total, so no counts rule applies; each count is a non-negative integer."
  ]
}

export const definition: VendorDefinition = {
  provider,
  displayName: "Tessera",
  defaultBaseUrl,
  apiKeyEnv,
  auth: { header: "x-api-key", headers: { [versionHeader]: version } },
  paths: { list: "/messages/batches", retrieve: "/messages/batches/{id}" },
  ids: { nativePrefix: "msgbatch_" },
  timestamps: Timestamp.rfc3339,
  paging: { limitParam: "limit", cursorParam: "after_id", defaultLimit: 20, maxLimit: 1000, nextCursor: "lastIdField", order: "newestFirst" },
  list: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
  batch: {
    schema: WireBatch,
    required: { id: "id", status: "processing_status", createdAt: "created_at" },
    status,
    read
  },
  // The lifecycle is not what this test is about: the family's, so that the definition is whole.
  lifecycle: OpenAiFamily.lifecycle,
  requestIdHeader: "request-id",
  contract,
  fakeServer
}
