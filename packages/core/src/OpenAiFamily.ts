/**
 * The OpenAI-style `/v1/batches` family: its wire Schemas (the batch object and the list envelope
 * as the family documents them: snake_case, unix seconds), its status vocabulary, its paging rule,
 * its list envelope, its batch codec (wire object to canonical fields), the wire facts its
 * conformance contracts share ({@link wireFacts}), the lifecycle's documented shapes
 * ({@link lifecycleContract}), and {@link definition}, which builds a whole `VendorDefinition` from
 * the family's parts and a vendor's own.
 *
 * A vendor of the family reuses these pieces and writes down only where it differs, so a field's
 * wire type is written once: the lenient decoder and the conformance checker both read the Schemas.
 *
 * @module \@unibatch/core/OpenAiFamily
 * @since 0.2.0
 */
import type * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import type { BatchLineError, RequestCounts as CanonicalRequestCounts, Usage as CanonicalUsage } from "./Batch.js"
import * as BatchStatus from "./BatchStatus.js"
import { maxUnknownDepth } from "./Decoder.js"
import type { FakeBatch } from "./FakeServerProfile.js"
import type { CountsRule, LifecycleContract, TimestampOrder, WireFacts } from "./Conformance.js"
import { isNoValue, isPlaceholder, isRecord, tooDeep } from "./internal/json.js"
import * as Timestamp from "./Timestamp.js"
import type { ResultError, ResultLine } from "./BatchResult.js"
import type {
  BatchCodec,
  FileCodec,
  Lifecycle,
  Limits,
  ListEnvelope,
  MappedFields,
  Paging,
  ResultCodec,
  VendorDefinition
} from "./VendorDefinition.js"

/**
 * Unix seconds: the family's timestamps (the Schema of {@link Timestamp.unixSeconds}).
 *
 * @example
 * ```ts
 * import { UnixSeconds } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(UnixSeconds)(1711471533) // => true
 * Schema.is(UnixSeconds)(1711471533.5) // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const UnixSeconds = Timestamp.UnixSecondsSchema

/**
 * A token or request count.
 *
 * @example
 * ```ts
 * import { Count } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Count)(42) // => true
 * Schema.is(Count)(-1) // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({ identifier: "Count" })

/**
 * `request_counts`.
 *
 * @example
 * ```ts
 * import { RequestCounts } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const counts = Schema.decodeUnknownSync(RequestCounts)({ total: 100, completed: 95, failed: 5 })
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const RequestCounts = Schema.Struct({ total: Count, completed: Count, failed: Count })

/**
 * One entry of `errors.data`.
 *
 * @example
 * ```ts
 * import { LineError } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const error = Schema.decodeUnknownSync(LineError)({ code: "invalid_json", message: "Line 3 is not valid JSON.", line: 3 })
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const LineError = Schema.Struct({
  code: Schema.optionalKey(Schema.String),
  message: Schema.optionalKey(Schema.String),
  param: Schema.optionalKey(Schema.NullOr(Schema.String)),
  line: Schema.optionalKey(Schema.NullOr(Schema.Int))
})

/**
 * `errors`: a list object wrapping the line errors.
 *
 * @example
 * ```ts
 * import { Errors } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const errors = Schema.decodeUnknownSync(Errors)({ object: "list", data: [{ code: "invalid_json", line: 3 }] })
 * errors.data?.[0]?.line // => 3
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Errors = Schema.Struct({
  object: Schema.optionalKey(Schema.String),
  data: Schema.optionalKey(Schema.Array(LineError))
})

/**
 * `usage`, with its nested detail objects.
 *
 * @example
 * ```ts
 * import { Usage } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const usage = Schema.decodeUnknownSync(Usage)({
 *   input_tokens: 1200,
 *   input_tokens_details: { cached_tokens: 200 },
 *   output_tokens: 300,
 *   output_tokens_details: { reasoning_tokens: 0 },
 *   total_tokens: 1500
 * })
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Usage = Schema.Struct({
  input_tokens: Count,
  input_tokens_details: Schema.Struct({ cached_tokens: Count }),
  output_tokens: Count,
  output_tokens_details: Schema.Struct({ reasoning_tokens: Count }),
  total_tokens: Count
})

/**
 * `metadata`: string keys to string values.
 *
 * @example
 * ```ts
 * import { Metadata } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(Metadata)({ project: "evals" }) // => true
 * Schema.is(Metadata)({ attempt: 1 }) // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Metadata = Schema.Record(Schema.String, Schema.String)

const optionalNullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/**
 * Every field of the batch object the family documents, with the types OpenAI publishes. Only the
 * fields OpenAI requires are required here; the others may be absent or `null`.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * // A vendor whose docs show no `usage`: the family's fields without it.
 * const { usage: _usage, ...documented } = OpenAiFamily.batchFields
 * const VendorBatch = Schema.Struct(documented)
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const batchFields = {
  id: Schema.String,
  object: Schema.Literal("batch"),
  endpoint: Schema.String,
  errors: optionalNullable(Errors),
  input_file_id: Schema.String,
  completion_window: Schema.String,
  status: Schema.String,
  output_file_id: optionalNullable(Schema.String),
  error_file_id: optionalNullable(Schema.String),
  created_at: UnixSeconds,
  in_progress_at: optionalNullable(UnixSeconds),
  expires_at: optionalNullable(UnixSeconds),
  finalizing_at: optionalNullable(UnixSeconds),
  completed_at: optionalNullable(UnixSeconds),
  failed_at: optionalNullable(UnixSeconds),
  expired_at: optionalNullable(UnixSeconds),
  cancelling_at: optionalNullable(UnixSeconds),
  cancelled_at: optionalNullable(UnixSeconds),
  request_counts: optionalNullable(RequestCounts),
  metadata: optionalNullable(Metadata),
  model: optionalNullable(Schema.String),
  usage: optionalNullable(Usage)
}

/**
 * The batch object.
 *
 * @example
 * ```ts
 * import { WireBatch } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const batch = Schema.decodeUnknownSync(WireBatch)({
 *   id: "batch_abc123",
 *   object: "batch",
 *   endpoint: "/v1/chat/completions",
 *   input_file_id: "file-abc123",
 *   completion_window: "24h",
 *   status: "validating",
 *   created_at: 1711471533
 * })
 * batch.output_file_id // => undefined
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const WireBatch = Schema.Struct(batchFields).annotate({ identifier: "WireBatch" })

/**
 * The batch object, as a type.
 *
 * @example
 * ```ts
 * import type { WireBatch } from "@unibatch/core/OpenAiFamily"
 *
 * const finishedAt = (batch: WireBatch): number | null => batch.completed_at ?? batch.failed_at ?? null
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export type WireBatch = typeof WireBatch.Type

/**
 * The list envelope around a page of batch objects.
 *
 * @example
 * ```ts
 * import { WireBatchList } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const page = Schema.decodeUnknownSync(WireBatchList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false })
 * page.has_more // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const WireBatchList = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(WireBatch),
  first_id: Schema.NullOr(Schema.String),
  last_id: Schema.NullOr(Schema.String),
  has_more: Schema.Boolean
}).annotate({ identifier: "WireBatchList" })

/**
 * The family's error body: `{"error": {"message", "type", "param", "code"}}`, as OpenAI publishes
 * it (`param` and `code` are null when they do not apply).
 *
 * @example
 * ```ts
 * import { WireErrorBody } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(WireErrorBody)({ error: { message: "No such batch", type: "invalid_request_error", param: null, code: null } }) // => true
 * Schema.is(WireErrorBody)({ error: "No such batch" }) // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const WireErrorBody = Schema.Struct({
  error: Schema.Struct({
    message: Schema.String,
    type: Schema.String,
    param: Schema.NullOr(Schema.String),
    code: Schema.NullOr(Schema.String)
  })
}).annotate({ identifier: "WireErrorBody" })

/**
 * The `{}` placeholder some vendors write where a value is not set. A contract that documents it
 * puts it in a union with the field's type. The lenient decoder reads `{}` as "no value" anywhere.
 *
 * @example
 * ```ts
 * import { Placeholder } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const OutputFileId = Schema.Union([Schema.String, Schema.Null, Placeholder])
 * Schema.is(OutputFileId)({}) // => true
 * Schema.is(OutputFileId)({ id: 1 }) // => false
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Placeholder: Schema.declare<Readonly<Record<string, never>>> = Schema.declare(isPlaceholder, {
  identifier: "Placeholder",
  description: "{}",
  // `Arbitrary.schema` of a contract that documents `{}` draws it (from `null`, mapped to `{}`).
  toCodecArbitrary: () =>
    Schema.link<Readonly<Record<string, never>>>()(Schema.Null, {
      decode: SchemaGetter.transform(() => ({})),
      encode: SchemaGetter.transform(() => null)
    })
})

/**
 * The family's status vocabulary, as OpenAI documents it: every canonical status but `unknown`.
 *
 * @example
 * ```ts
 * import { statuses } from "@unibatch/core/OpenAiFamily"
 *
 * statuses // => ["validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"]
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const statuses: ReadonlyArray<string> = BatchStatus.BatchStatus.literals.filter((status) => status !== "unknown")

/**
 * The family's list envelope: `data`, `has_more`, `first_id`, `last_id`.
 *
 * @example
 * ```ts
 * import { listEnvelope } from "@unibatch/core/OpenAiFamily"
 *
 * listEnvelope.hasMore // => "has_more"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const listEnvelope: ListEnvelope = { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" }

/**
 * The family's paging rule: `limit` (1 to 100, 20 when not sent) and `after`, the last item's id.
 *
 * @example
 * ```ts
 * import { paging } from "@unibatch/core/OpenAiFamily"
 *
 * paging.maxLimit // => 100
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const paging: Paging = {
  limitParam: "limit",
  cursorParam: "after",
  defaultLimit: 20,
  maxLimit: 100,
  nextCursor: "lastItemId",
  order: "unspecified"
}

// ---------------------------------------------------------------------------------------------
// The batch codec: a type-checked wire object to canonical fields. The decoder has checked every
// field against `WireBatch` (leniently: absent, `null` and `{}` mean no value) before `read` runs.
// ---------------------------------------------------------------------------------------------

/** Absent, `null` and the `{}` placeholder all mean "no value". */
const orNull = <A>(value: unknown): A | null => (isNoValue(value) ? null : value as A)

/** Unix seconds to a `DateTime.Utc`, or `null` for no value. */
const utc = Timestamp.toUtc(Timestamp.unixSeconds)

const nested = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined)

const requestCounts = (value: unknown): CanonicalRequestCounts | null => {
  const counts = orNull<Record<string, unknown>>(value)
  return counts === null ? null : {
    total: orNull(counts.total),
    completed: orNull(counts.completed),
    failed: orNull(counts.failed),
    processing: null,
    cancelled: null,
    expired: null
  }
}

const usage = (value: unknown): CanonicalUsage | null => {
  const wire = orNull<Record<string, unknown>>(value)
  return wire === null ? null : {
    inputTokens: orNull(wire.input_tokens),
    cachedInputTokens: orNull(nested(wire.input_tokens_details, "cached_tokens")),
    outputTokens: orNull(wire.output_tokens),
    reasoningTokens: orNull(nested(wire.output_tokens_details, "reasoning_tokens")),
    totalTokens: orNull(wire.total_tokens)
  }
}

/** Metadata values that are `null` or `{}` have no value, like any other field: their keys are left out. */
const metadata = (value: unknown): Readonly<Record<string, string>> => {
  const record = orNull<Record<string, unknown>>(value)
  if (record === null) return {}
  for (const key in record) {
    if (typeof record[key] !== "string") {
      return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
    }
  }
  return record as Record<string, string>
}

const noLineErrors: ReadonlyArray<BatchLineError> = []

const lineErrors = (value: unknown): ReadonlyArray<BatchLineError> => {
  const data = nested(value, "data")
  if (!Array.isArray(data) || data.length === 0) return noLineErrors
  const errors: Array<BatchLineError> = []
  for (const entry of data) {
    if (!isRecord(entry)) continue
    errors.push({ code: orNull(entry.code), message: orNull(entry.message), line: orNull(entry.line), param: orNull(entry.param) })
  }
  return errors
}

/**
 * The family's canonical fields of a wire batch object (all but what the decoder fills itself).
 * Exported so that a vendor close to the family can start from it.
 *
 * @example
 * ```ts
 * import { readBatch } from "@unibatch/core/OpenAiFamily"
 *
 * readBatch({ id: "batch_abc", status: "completed", created_at: 1711471533, output_file_id: {} }).outputFileId // => null
 * ```
 *
 * @since 0.2.0
 * @category codecs
 */
export const readBatch = (raw: Readonly<Record<string, unknown>>): MappedFields => ({
  endpoint: orNull(raw.endpoint),
  inputFileId: orNull(raw.input_file_id),
  outputFileId: orNull(raw.output_file_id),
  errorFileId: orNull(raw.error_file_id),
  resultsUrl: null,
  completionWindow: orNull(raw.completion_window),
  model: orNull(raw.model),
  createdAt: utc(raw.created_at)!,
  inProgressAt: utc(raw.in_progress_at),
  expiresAt: utc(raw.expires_at),
  finalizingAt: utc(raw.finalizing_at),
  completedAt: utc(raw.completed_at),
  failedAt: utc(raw.failed_at),
  expiredAt: utc(raw.expired_at),
  cancellingAt: utc(raw.cancelling_at),
  cancelledAt: utc(raw.cancelled_at),
  requestCounts: requestCounts(raw.request_counts),
  errors: lineErrors(raw.errors),
  metadata: metadata(raw.metadata),
  usage: usage(raw.usage)
})

/**
 * The family's batch codec: the lenient schema is {@link WireBatch}; `id`, `status` and
 * `created_at` are required; statuses map by {@link BatchStatus.fromNative} (spelling variants
 * such as `canceled` included); timestamps are unix seconds.
 *
 * @example
 * ```ts
 * import { batchCodec } from "@unibatch/core/OpenAiFamily"
 *
 * batchCodec.status("canceled", {}) // => "cancelled"
 * batchCodec.required.createdAt // => "created_at"
 * ```
 *
 * @since 0.2.0
 * @category codecs
 */
export const batchCodec: BatchCodec = {
  schema: WireBatch,
  required: { id: "id", status: "status", createdAt: "created_at" },
  status: (nativeStatus) => BatchStatus.fromNative(nativeStatus),
  read: readBatch
}

/**
 * The family's lifecycle order, for `timestamps.order`: `created_at` ≤ `in_progress_at` ≤
 * `finalizing_at` ≤ `completed_at`, `cancelling_at` ≤ `cancelled_at`, and creation before every
 * other timestamp (`expires_at` included). A batch can fail, expire or be cancelled from more than
 * one state, so only creation comes before those.
 *
 * @example
 * ```ts
 * import { timestampOrder } from "@unibatch/core/OpenAiFamily"
 *
 * timestampOrder.find((step) => step.field === "cancelled_at")?.notBefore // => ["cancelling_at", "created_at"]
 * ```
 *
 * @since 0.2.0
 * @category conformance
 */
export const timestampOrder: ReadonlyArray<TimestampOrder> = [
  { field: "in_progress_at", notBefore: ["created_at"] },
  { field: "finalizing_at", notBefore: ["in_progress_at", "created_at"] },
  { field: "completed_at", notBefore: ["finalizing_at", "in_progress_at", "created_at"] },
  { field: "failed_at", notBefore: ["created_at"] },
  { field: "expired_at", notBefore: ["created_at"] },
  { field: "cancelling_at", notBefore: ["created_at"] },
  { field: "cancelled_at", notBefore: ["cancelling_at", "created_at"] },
  { field: "expires_at", notBefore: ["created_at"] }
]

/**
 * The family's counts rule, for `request-counts.sum`: `request_counts.completed + failed` is at
 * most `total`.
 *
 * @example
 * ```ts
 * import { countsRule } from "@unibatch/core/OpenAiFamily"
 *
 * countsRule.parts // => ["completed", "failed"]
 * ```
 *
 * @since 0.2.0
 * @category conformance
 */
export const countsRule: CountsRule = { field: "request_counts", total: "total", parts: ["completed", "failed"] }

/**
 * The family's wire facts for a `Conformance.Contract`: the ID, status and creation field names
 * (those of {@link batchCodec}), the list envelope ({@link listEnvelope}), unix seconds with the
 * family's {@link timestampOrder}, and {@link countsRule}. A vendor of the family spreads them into
 * its contract.
 *
 * @example
 * ```ts
 * import type * as Conformance from "@unibatch/core/Conformance"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * const contract: Conformance.Contract = {
 *   ...OpenAiFamily.wireFacts,
 *   provider: "example",
 *   batch: OpenAiFamily.WireBatch,
 *   list: OpenAiFamily.WireBatchList,
 *   errorBodies: { byStatus: {}, otherwise: OpenAiFamily.WireErrorBody, severity: "error" },
 *   statuses: OpenAiFamily.statuses,
 *   statusSeverity: "error",
 *   nativePrefix: "batch_",
 *   newestFirst: false,
 *   notes: []
 * }
 * ```
 *
 * @since 0.2.0
 * @category conformance
 */
export const wireFacts: WireFacts = {
  fields: batchCodec.required,
  envelope: listEnvelope,
  timestamps: { codec: Timestamp.unixSeconds, order: timestampOrder },
  counts: countsRule
}

// ---------------------------------------------------------------------------------------------
// The lifecycle: files, create, cancel, result lines (VENDORS-LIFECYCLE.md, "OpenAI").
// ---------------------------------------------------------------------------------------------

/**
 * The family's file object (`POST /files`, `GET /files/{id}`); only `id` is required, the rest may
 * be absent or `null` (Neosantara adds `status_details`; OpenAI `expires_at`).
 *
 * @example
 * ```ts
 * import { WireFile } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(WireFile)({ id: "file-abc", object: "file", bytes: 120, created_at: 1711471533, filename: "in.jsonl", purpose: "batch" }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const WireFile = Schema.Struct({
  id: Schema.String,
  object: Schema.optionalKey(Schema.Literal("file")),
  bytes: optionalNullable(Count),
  created_at: optionalNullable(UnixSeconds),
  expires_at: optionalNullable(UnixSeconds),
  filename: optionalNullable(Schema.String),
  purpose: optionalNullable(Schema.String),
  status: optionalNullable(Schema.String),
  status_details: optionalNullable(Schema.Unknown)
}).annotate({ identifier: "WireFile" })

/**
 * The family's file listing (`GET /files`): OpenAI sends `first_id` / `last_id`, Neosantara does
 * not (its cursor is the last item's id).
 *
 * @example
 * ```ts
 * import { WireFileList } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(WireFileList)({ object: "list", data: [], has_more: false }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const WireFileList = Schema.Struct({
  ...WireBatchList.fields,
  data: Schema.Array(WireFile),
  first_id: Schema.optionalKey(WireBatchList.fields.first_id),
  last_id: Schema.optionalKey(WireBatchList.fields.last_id)
}).annotate({ identifier: "WireFileList" })

/**
 * One line of an output or error file: `response` is `null` when the request never got an answer,
 * `error` is `null` on success and (a known quirk) on some failures whose error is in
 * `response.body`. Leniently, as servers of the family write it: `error` may be a plain string
 * (its message) and its `code` a number; `response.body` may be any JSON value (a JSON string
 * holding the body included, see {@link readResultLine}).
 *
 * @example
 * ```ts
 * import { WireResultLine } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(WireResultLine)({ id: "batch_req_1", custom_id: "r-1", response: null, error: { code: "batch_expired", message: "expired" } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category schemas
 */
export const WireResultLine = Schema.Struct({
  id: Schema.optionalKey(Schema.String),
  custom_id: Schema.String,
  response: optionalNullable(Schema.Struct({
    status_code: Schema.Int,
    request_id: optionalNullable(Schema.String),
    body: Schema.optionalKey(Schema.Unknown)
  })),
  error: optionalNullable(Schema.Union([
    Schema.Struct({
      code: optionalNullable(Schema.Union([Schema.String, Schema.Number])),
      message: optionalNullable(Schema.String)
    }),
    Schema.String
  ]))
}).annotate({ identifier: "WireResultLine" })

/**
 * The family's file codec: `bytes`, `filename`, `purpose`, `status` verbatim, `created_at` and
 * `expires_at` from unix seconds; absent, `null` and `{}` mean no value.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * OpenAiFamily.fileCodec.read({ id: "file-1", bytes: 10, created_at: 0 }).bytes // => 10
 * ```
 *
 * @since 0.3.0
 * @category codecs
 */
export const fileCodec: FileCodec = {
  schema: WireFile,
  required: { id: "id" },
  read: (raw) => ({
    bytes: orNull(raw.bytes),
    filename: orNull(raw.filename),
    purpose: orNull(raw.purpose),
    status: orNull(raw.status),
    createdAt: utc(raw.created_at),
    expiresAt: utc(raw.expires_at)
  })
}

/** An error code as text: a string as it is, a number (some servers write `500`) as its digits. */
const codeText = (code: unknown): string | null =>
  typeof code === "string" ? code : typeof code === "number" && Number.isFinite(code) ? String(code) : null

/**
 * The error inside a response body: `{ error: { code, message } }`, `{ error: "text" }` or
 * `{ message }`; a body that is plain text (a proxy's `Bad Gateway`) is the message.
 */
const bodyError = (body: unknown): ResultError => {
  if (typeof body === "string") return { code: null, message: body.length === 0 ? null : body }
  const error = nested(body, "error")
  if (typeof error === "string") return { code: null, message: error }
  const code = codeText(nested(error, "code")) ?? codeText(nested(error, "type"))
  const message = nested(error, "message") ?? nested(body, "message")
  return { code, message: typeof message === "string" ? message : null }
}

/**
 * A body some servers write as a JSON string (`"body": "{\"id\": ...}"`): the object or array it
 * holds. Any other string (plain text, a JSON string literal, text that does not parse, nesting
 * past the decoder's depth limit) is the body verbatim.
 */
const bodyOf = (body: unknown): unknown => {
  if (typeof body !== "string") return body
  const first = body.trimStart().charCodeAt(0)
  // `{` or `[`: only an object or array is taken out of the text.
  if (first !== 123 && first !== 91) return body
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return body
  }
  return typeof parsed === "object" && parsed !== null && tooDeep(parsed, maxUnknownDepth) === undefined ? parsed : body
}

const outcomeOfCode: Readonly<Record<string, ResultLine["outcome"]>> = {
  batch_expired: "expired",
  batch_cancelled: "cancelled",
  batch_canceled: "cancelled"
}

/**
 * Reads one type-checked result line. A line with an `error` is `failed`, or `expired` /
 * `cancelled` for the codes of requests that never ran; without one, a 2xx `status_code` is
 * `succeeded` and anything else `failed`, its error taken from the body.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * const line = OpenAiFamily.readResultLine({
 *   custom_id: "r-2", error: null,
 *   response: { status_code: 400, request_id: "req_2", body: { error: { code: "invalid_model", message: "No such model" } } }
 * })
 * line.outcome // => "failed"
 * line.error // => { code: "invalid_model", message: "No such model" }
 *
 * // As some servers write it: the error as a plain string.
 * OpenAiFamily.readResultLine({ custom_id: "r-3", response: null, error: "the model crashed" }).error
 * // => { code: null, message: "the model crashed" }
 * ```
 *
 * @since 0.3.0
 * @category codecs
 */
export const readResultLine = (raw: Readonly<Record<string, unknown>>): ResultLine => {
  const response = orNull<Record<string, unknown>>(raw.response)
  const statusCode = response === null ? null : orNull<number>(response.status_code)
  const body = response === null || response.body === undefined ? null : bodyOf(response.body)
  const requestId = response === null ? null : orNull<string>(response.request_id)
  // A plain string is the error's message; an empty one says nothing.
  const error = raw.error === "" ? null : typeof raw.error === "string" ? { message: raw.error } : orNull<Record<string, unknown>>(raw.error)
  const customId = raw.custom_id as string
  if (error !== null) {
    const code = codeText(orNull(error.code))
    return {
      customId,
      outcome: (code !== null ? outcomeOfCode[code] : undefined) ?? "failed",
      statusCode,
      body,
      error: { code, message: orNull(error.message) },
      requestId
    }
  }
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { customId, outcome: "succeeded", statusCode, body, error: null, requestId }
  }
  return { customId, outcome: "failed", statusCode, body, error: bodyError(body), requestId }
}

/**
 * The family's result codec: {@link WireResultLine} read by {@link readResultLine}.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * OpenAiFamily.resultCodec.schema === OpenAiFamily.WireResultLine // => true
 * ```
 *
 * @since 0.3.0
 * @category codecs
 */
export const resultCodec: ResultCodec = { schema: WireResultLine, read: readResultLine }

// ---------------------------------------------------------------------------------------------
// The lifecycle's contract: OpenAI's documented shapes, strict, for `Conformance.LifecycleContract`.
// A vendor of the family states only where its docs differ (as its batch contract does).
// ---------------------------------------------------------------------------------------------

/**
 * The file purposes OpenAI documents.
 *
 * @example
 * ```ts
 * import { FilePurpose } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(FilePurpose)("batch_output") // => true
 * Schema.is(FilePurpose)("batches") // => false
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const FilePurpose = Schema.Literals([
  "assistants",
  "assistants_output",
  "batch",
  "batch_output",
  "fine-tune",
  "fine-tune-results",
  "vision",
  "user_data"
])

/**
 * The file object as OpenAI documents it, for a contract (the lenient decoder reads
 * {@link WireFile}): `id`, `object: "file"`, `bytes`, `created_at`, `filename` and `purpose`
 * ({@link FilePurpose}) are required; `expires_at` and the deprecated `status_details` may be
 * absent or `null`; the deprecated `status` (`uploaded | processed | error`) may be absent, but
 * not `null`.
 *
 * @example
 * ```ts
 * import { ContractFile } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(ContractFile)({
 *   id: "file-abc123", object: "file", bytes: 120000, created_at: 1677610602, expires_at: 1680202602,
 *   filename: "requests.jsonl", purpose: "batch", status: "processed"
 * }) // => true
 * Schema.is(ContractFile)({ id: "file-abc123" }) // => false
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const ContractFile = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("file"),
  bytes: Count,
  created_at: UnixSeconds,
  expires_at: optionalNullable(UnixSeconds),
  filename: Schema.String,
  purpose: FilePurpose,
  status: Schema.optionalKey(Schema.Literals(["uploaded", "processed", "error"])),
  status_details: optionalNullable(Schema.String)
}).annotate({ identifier: "ContractFile" })

/**
 * The file list as OpenAI documents it, for a contract: the batch list's envelope
 * ({@link WireBatchList}: `first_id` and `last_id` required, null on an empty page) around
 * {@link ContractFile}s.
 *
 * @example
 * ```ts
 * import { ContractFileList } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(ContractFileList)({ object: "list", data: [], first_id: null, last_id: null, has_more: false }) // => true
 * Schema.is(ContractFileList)({ object: "list", data: [], has_more: false }) // => false
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const ContractFileList = Schema.Struct({ ...WireBatchList.fields, data: Schema.Array(ContractFile) }).annotate({
  identifier: "ContractFileList"
})

/**
 * The `response` of a result line: the endpoint's HTTP status, the vendor's request id and the
 * JSON body it answered with, all required.
 *
 * @example
 * ```ts
 * import { LineResponse } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(LineResponse)({ status_code: 200, request_id: "req_123", body: { object: "chat.completion" } }) // => true
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const LineResponse = Schema.Struct({
  status_code: Schema.Int,
  request_id: Schema.String,
  body: Schema.Record(Schema.String, Schema.Unknown)
})

/**
 * The `error` of an error line: `{code, message}`, both required.
 *
 * @example
 * ```ts
 * import { ResultLineError } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(ResultLineError)({ code: "batch_expired", message: "This request could not be executed before the completion window expired." }) // => true
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const ResultLineError = Schema.Struct({ code: Schema.String, message: Schema.String })

/**
 * A line of an output file as OpenAI's Batch guide shows it, every field required:
 * `{id, custom_id, response: {status_code, request_id, body}, error: null}` (any status code).
 *
 * @example
 * ```ts
 * import { OutputLine } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(OutputLine)({
 *   id: "batch_req_123", custom_id: "request-1", error: null,
 *   response: { status_code: 200, request_id: "req_123", body: { object: "chat.completion" } }
 * }) // => true
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const OutputLine = Schema.Struct({
  id: Schema.String,
  custom_id: Schema.String,
  response: LineResponse,
  error: Schema.Null
}).annotate({ identifier: "OutputLine" })

/**
 * A status code outside 200-299: the status of a failed request whose line carries `error: null`.
 *
 * @example
 * ```ts
 * import { FailedStatusCode } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * Schema.is(FailedStatusCode)(400) // => true
 * Schema.is(FailedStatusCode)(200) // => false
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const FailedStatusCode = Schema.Number.check(
  Schema.makeFilter((code: number) => Number.isInteger(code) && (code < 200 || code > 299), { expected: "an integer status outside 200-299" })
)

/**
 * A line of an error file as OpenAI documents it: `response: null` and `error: {code, message}`
 * (requests that failed or never ran: `batch_expired`, `batch_cancelled`), or the known quirk
 * (openai/openai-openapi issue 302): `error: null` and a `response` whose `status_code` is not
 * 2xx, the error in its body.
 *
 * @example
 * ```ts
 * import { ErrorLine } from "@unibatch/core/OpenAiFamily"
 * import * as Schema from "effect/Schema"
 *
 * const is = Schema.is(ErrorLine)
 * is({ id: "batch_req_1", custom_id: "r-1", response: null, error: { code: "batch_expired", message: "expired" } }) // => true
 * is({ id: "batch_req_2", custom_id: "r-2", error: null, response: { status_code: 400, request_id: "req_2", body: { error: {} } } }) // => true
 * is({ id: "batch_req_3", custom_id: "r-3", error: null, response: { status_code: 200, request_id: "req_3", body: {} } }) // => false
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const ErrorLine = Schema.Union([
  Schema.Struct({ id: Schema.String, custom_id: Schema.String, response: Schema.Null, error: ResultLineError }),
  Schema.Struct({
    id: Schema.String,
    custom_id: Schema.String,
    response: Schema.Struct({ ...LineResponse.fields, status_code: FailedStatusCode }),
    error: Schema.Null
  })
]).annotate({ identifier: "ErrorLine" })

/**
 * The family's file IDs: `file-<rest>`.
 *
 * @example
 * ```ts
 * import { filePrefix } from "@unibatch/core/OpenAiFamily"
 *
 * filePrefix // => "file-"
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const filePrefix = "file-"

/**
 * The family's result line IDs: `batch_req_<rest>`.
 *
 * @example
 * ```ts
 * import { resultLinePrefix } from "@unibatch/core/OpenAiFamily"
 *
 * resultLinePrefix // => "batch_req_"
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const resultLinePrefix = "batch_req_"

/**
 * The family's lifecycle contract, as OpenAI documents it: create and cancel answer the batch
 * object ({@link WireBatch}); {@link ContractFile} and {@link ContractFileList} (cursors
 * `first_id` / `last_id`); {@link OutputLine} and {@link ErrorLine}; file IDs {@link filePrefix},
 * result line IDs {@link resultLinePrefix}. A vendor of the family spreads it and overrides where
 * its docs differ.
 *
 * @example
 * ```ts
 * import type * as Conformance from "@unibatch/core/Conformance"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * // A vendor that documents no result line IDs and sends no file list cursors:
 * const lifecycle: Conformance.LifecycleContract = {
 *   ...OpenAiFamily.lifecycleContract,
 *   fileEnvelope: { data: "data", firstId: null, lastId: null },
 *   lineIds: null
 * }
 * ```
 *
 * @since 0.3.0
 * @category conformance
 */
export const lifecycleContract: LifecycleContract = {
  create: WireBatch,
  cancel: WireBatch,
  file: ContractFile,
  fileList: ContractFileList,
  outputLine: OutputLine,
  errorLine: ErrorLine,
  fileEnvelope: { data: "data", firstId: "first_id", lastId: "last_id" },
  fileIds: { field: "id", prefix: filePrefix },
  lineIds: { field: "id", prefix: resultLinePrefix }
}

/**
 * OpenAI's documented limits: its batch endpoints, the `24h` window, 16 metadata pairs (keys up
 * to 64 characters, values up to 512), 200 MB and 50,000 requests per input file. Vendors of the
 * family that are silent on a limit take OpenAI's.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * OpenAiFamily.limits.maxFileBytes // => 209715200
 * ```
 *
 * @since 0.3.0
 * @category lifecycle
 */
export const limits: Limits = {
  endpoints: ["/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations"],
  completionWindows: ["24h"],
  metadata: { maxPairs: 16, maxKeyLength: 64, maxValueLength: 512 },
  maxFileBytes: 200 * 1024 * 1024,
  maxRequests: 50_000
}

/**
 * The family's lifecycle: `/batches` and `/files` routes, OpenAI's limits, purpose `batch`, the
 * file and result codecs, files paged like batches, a full batch in the cancel answer, and JSONL
 * request lines `{custom_id, method, url, body}`.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * OpenAiFamily.lifecycle.requestLine({ customId: "r-1", body: { model: "m" } }, "/v1/chat/completions")
 * // => { custom_id: "r-1", method: "POST", url: "/v1/chat/completions", body: { model: "m" } }
 * ```
 *
 * @since 0.3.0
 * @category lifecycle
 */
export const lifecycle: Lifecycle = {
  paths: {
    create: "/batches",
    cancel: "/batches/{id}/cancel",
    files: "/files",
    file: "/files/{id}",
    fileContent: "/files/{id}/content"
  },
  limits,
  filePurpose: "batch",
  file: fileCodec,
  filePaging: { ...paging, maxLimit: 10_000, defaultLimit: 10_000 },
  fileList: listEnvelope,
  partialCancel: false,
  createBody: ({ completionWindow, endpoint, inputFileId, metadata }) => ({
    input_file_id: inputFileId,
    endpoint,
    completion_window: completionWindow,
    ...(Object.keys(metadata).length === 0 ? {} : { metadata })
  }),
  requestLine: (request, endpoint) => ({
    custom_id: request.customId,
    method: request.method ?? "POST",
    url: request.url ?? endpoint,
    body: request.body
  }),
  results: resultCodec
}

/**
 * What a vendor of the family changes in the lifecycle: any part, with `paths` and `limits`
 * merged over the family's.
 *
 * @example
 * ```ts
 * import type { LifecycleSpec } from "@unibatch/core/OpenAiFamily"
 *
 * const spec: LifecycleSpec = { limits: { maxFileBytes: 100 * 1024 * 1024 }, partialCancel: true }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type LifecycleSpec =
  & Partial<Omit<Lifecycle, "paths" | "limits">>
  & { readonly paths?: Partial<Lifecycle["paths"]> | undefined; readonly limits?: Partial<Limits> | undefined }

/** The parts of a definition the family fills; a vendor may still give its own. */
type FamilyParts = "auth" | "paths" | "ids" | "timestamps" | "list" | "batch" | "requestIdHeader"

/**
 * What a vendor of the family says about itself: its name, URL, key variable, contract and fake
 * server profile; and, where it differs from the family, any family part (auth, paths, IDs, timestamps, list envelope,
 * batch codec, request-id header), with `paging` merged over the family's rule.
 *
 * @example
 * ```ts
 * import type { FamilySpec } from "@unibatch/core/OpenAiFamily"
 *
 * type Required = keyof Pick<FamilySpec, "provider" | "displayName" | "defaultBaseUrl" | "apiKeyEnv" | "contract" | "fakeServer">
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type FamilySpec =
  & Omit<VendorDefinition, FamilyParts | "paging" | "lifecycle">
  & { readonly [K in FamilyParts]?: VendorDefinition[K] | undefined }
  & { readonly paging?: Partial<Paging> | undefined; readonly lifecycle?: LifecycleSpec | undefined }

/**
 * A whole vendor definition from the family's parts and the vendor's own: `Authorization: Bearer`,
 * `/batches` and `/batches/{id}`, `batch_` IDs, unix seconds, the family's paging, list envelope
 * and batch codec, and `x-request-id`, unless the spec says otherwise.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import type { Contract } from "@unibatch/core/Conformance"
 * import type { FakeServerProfile } from "@unibatch/core/FakeServerProfile"
 *
 * declare const contract: Contract
 * declare const fakeServer: FakeServerProfile
 *
 * const definition = OpenAiFamily.definition({
 *   provider: "example",
 *   displayName: "Example",
 *   defaultBaseUrl: "https://api.example.com/v1",
 *   apiKeyEnv: "EXAMPLE_API_KEY",
 *   ids: { nativePrefix: "batch-" },
 *   paging: { order: "newestFirst" },
 *   contract,
 *   fakeServer
 * })
 * definition.paging.maxLimit // => 100
 * definition.provider // => "example" (its type is the literal, so a registry can check its names)
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const definition = <const Provider extends string, const ApiKeyEnv extends string>(
  spec: FamilySpec & { readonly provider: Provider; readonly apiKeyEnv: ApiKeyEnv }
): VendorDefinition & { readonly provider: Provider; readonly apiKeyEnv: ApiKeyEnv } => ({
  ...spec,
  auth: spec.auth ?? { header: "authorization", scheme: "Bearer" },
  paths: spec.paths ?? { list: "/batches", retrieve: "/batches/{id}" },
  ids: spec.ids ?? { nativePrefix: "batch_" },
  timestamps: spec.timestamps ?? Timestamp.unixSeconds,
  paging: { ...paging, ...definedOnly(spec.paging) },
  list: spec.list ?? listEnvelope,
  batch: spec.batch ?? batchCodec,
  lifecycle: {
    ...lifecycle,
    ...definedOnly(spec.lifecycle),
    paths: { ...lifecycle.paths, ...definedOnly(spec.lifecycle?.paths) },
    limits: { ...lifecycle.limits, ...definedOnly(spec.lifecycle?.limits) }
  },
  requestIdHeader: spec.requestIdHeader ?? "x-request-id"
})

const definedOnly = <A extends object>(value: A | undefined): Partial<A> =>
  value === undefined ? {} : Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as Partial<A>

/**
 * The family's batch object as a fake server writes it: every documented field (`null` where not
 * set) except `model` and `usage`, which only some of the family send. A profile's `batch` starts
 * from it.
 *
 * @example
 * ```ts
 * import type { FakeServerProfile } from "@unibatch/core/FakeServerProfile"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * const batch: FakeServerProfile["batch"] = (fake) => ({ ...OpenAiFamily.fakeWireBatch(fake), model: fake.model })
 * ```
 *
 * @since 0.2.0
 * @category fake server
 */
export const fakeWireBatch = (batch: FakeBatch): Record<string, unknown> => ({
  id: batch.id,
  object: "batch",
  endpoint: batch.endpoint,
  errors: batch.errors.length === 0
    ? null
    : { object: "list", data: batch.errors.map(({ code, line, message, param }) => ({ code, message, param, line })) },
  input_file_id: batch.inputFileId,
  completion_window: batch.completionWindow,
  status: batch.status,
  output_file_id: batch.outputFileId,
  error_file_id: batch.errorFileId,
  created_at: batch.createdAt,
  in_progress_at: batch.inProgressAt,
  expires_at: batch.expiresAt,
  finalizing_at: batch.finalizingAt,
  completed_at: batch.completedAt,
  failed_at: batch.failedAt,
  expired_at: batch.expiredAt,
  cancelling_at: batch.cancellingAt,
  cancelled_at: batch.cancelledAt,
  request_counts: { ...batch.requestCounts },
  metadata: { ...batch.metadata }
})

/**
 * The family's error body, `{"error": {"message", "type", "param", "code"}}`, as a fake server writes it.
 *
 * @example
 * ```ts
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 *
 * OpenAiFamily.fakeErrorBody("No batch found.", "invalid_request_error")
 * // => { error: { message: "No batch found.", type: "invalid_request_error", param: null, code: null } }
 * ```
 *
 * @since 0.2.0
 * @category fake server
 */
export const fakeErrorBody = (message: string, type: string, param: string | null = null, code: string | null = null) => ({
  error: { message, type, param, code }
})
