/**
 * Lenient, nullable-aware decoding of vendor bodies into the canonical model: what the clients
 * and `unibatch normalize` use. A field that is absent, `null` or the `{}` placeholder has no
 * value; unknown fields go to `extensions`; only `id`, `status` and `created_at` are required; a
 * field of the wrong type is a {@link DecodeError} naming its JSON path. Nothing here throws.
 *
 * The type checks are compiled once from the wire Schemas in {@link WireBatch}, so they cannot
 * drift from them, and the walk is a plain loop: the general Schema parser costs 8-36x `JSON.parse`
 * on a list page, this about 2x (budgets in DESIGN.md, figures in docs/performance.md).
 * DecoderEquivalence.test.ts proves the result equal to decoding through Schema itself.
 *
 * @module \@unibatch/core/Decoder
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import { Batch, BatchLineError, BatchPage, RequestCounts, Usage } from "./Batch.js"
import * as BatchId from "./BatchId.js"
import * as BatchStatus from "./BatchStatus.js"
import { locateFault } from "./internal/jsonSyntax.js"
import {
  compileFields,
  type Check,
  type Fault,
  hasUnknownKeys,
  isEmptyObject,
  isRecord,
  kindOf,
  pathOfKey,
  typeName,
  type WireKind
} from "./internal/wireKind.js"
import type { Provider } from "./Provider.js"
import { DecodeError } from "./UnibatchError.js"
import { WireBatch } from "./WireBatch.js"

/**
 * Where a body came from, for the errors decoding may produce.
 *
 * @example
 * ```ts
 * import type { DecodeContext } from "@unibatch/core/Decoder"
 *
 * const context: DecodeContext = { provider: "respan", operation: "list", status: 200, requestId: "req_123" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DecodeContext {
  readonly provider: Provider
  readonly operation: string
  readonly status?: number | null | undefined
  readonly requestId?: string | null | undefined
}

/** Absent, `null` and the `{}` placeholder all mean "no value". */
const isNoValue = (value: unknown): boolean =>
  value === undefined || value === null || (isRecord(value) && isEmptyObject(value))

const orNull = <A>(value: unknown): A | null => (isNoValue(value) ? null : (value as A))

// The largest distance from the epoch a Date (and so a DateTime) can hold, in milliseconds.
const maxEpochMillis = 8.64e15

/*
 * `DateTime.unsafeMake(millis)` goes through a `Date` and four type tests before it builds its
 * object: ~40% more than building the object alone, which was a fifth of decoding a page. This
 * builds the same object the way DateTime does (its prototype, `epochMillis`, then the hidden
 * `partsUtc` cache slot), from a sample checked at load; should DateTime ever build its values
 * differently, the check fails and decoding goes through `DateTime.unsafeMake` again.
 */
const sampleUtc = DateTime.unsafeMake(0)
const utcPrototype: object = Object.getPrototypeOf(sampleUtc)
const partsUtcDescriptor: PropertyDescriptor = { value: undefined, enumerable: false, writable: true }
const fastUtc = (epochMillis: number): DateTime.Utc => {
  const utc = Object.create(utcPrototype)
  // What a Date's time value clipping does: whole milliseconds, and never -0.
  utc.epochMillis = Math.trunc(epochMillis) + 0
  Object.defineProperty(utc, "partsUtc", partsUtcDescriptor)
  return utc
}
const sameOwnProperties = (left: object, right: object) =>
  JSON.stringify(Object.entries(Object.getOwnPropertyDescriptors(left))) === JSON.stringify(Object.entries(Object.getOwnPropertyDescriptors(right)))
const utcOfMillis: (epochMillis: number) => DateTime.Utc = sameOwnProperties(fastUtc(0), sampleUtc) && DateTime.isUtc(fastUtc(0)) && DateTime.toEpochMillis(fastUtc(1.5)) === 1
  ? fastUtc
  : (epochMillis) => DateTime.unsafeMake(epochMillis)

/** Unix seconds to a DateTime; the seconds were checked to fit a Date before. */
const utcOfSeconds = (seconds: number): DateTime.Utc => utcOfMillis(seconds * 1000)

const timestamp = (value: unknown): DateTime.Utc | null => (typeof value === "number" ? utcOfSeconds(value) : null)

const timestampFields = ["created_at", "in_progress_at", "expires_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at"]

/** Seconds a Date can hold: a larger number would make DateTime throw, so it is a fault of the body. */
const checkDateRange = (check: Check): Check => (value) =>
  typeof value === "number" && Math.abs(value * 1000) > maxEpochMillis
    ? { path: "", message: `expected unix seconds a date can hold, got ${typeName(value)}` }
    : check(value)

const batchChecks: ReadonlyMap<string, Check> = new Map(
  [...compileFields(kindOf(WireBatch.ast) as Extract<WireKind, { _tag: "object" }>)].map(([name, check]) => [
    name,
    timestampFields.includes(name) ? checkDateRange(check) : check
  ])
)

const nested = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined)

/*
 * `new SomeClass(props, true)` on a `Schema.Class` copies `props` twice (a spread, then a merge of
 * constructor defaults over every field) before it assigns them; with validation off it does
 * nothing else. That was ~40% of decoding a list page. The constructors below build the very same
 * objects (same prototype, same own fields in the same order) in one step. The classes have no
 * constructor defaults, and DecoderEquivalence.test.ts checks the result equal to the Class's own.
 */

interface RequestCountsConstructor {
  new (counts: Record<string, unknown>): RequestCounts
  prototype: RequestCounts
}
const RequestCountsFromWire = function (this: Record<string, unknown>, counts: Record<string, unknown>) {
  this.total = orNull(counts.total)
  this.completed = orNull(counts.completed)
  this.failed = orNull(counts.failed)
} as unknown as RequestCountsConstructor
RequestCountsFromWire.prototype = RequestCounts.prototype

interface UsageConstructor {
  new (usage: Record<string, unknown>): Usage
  prototype: Usage
}
const UsageFromWire = function (this: Record<string, unknown>, usage: Record<string, unknown>) {
  this.inputTokens = orNull(usage.input_tokens)
  this.cachedInputTokens = orNull(nested(usage.input_tokens_details, "cached_tokens"))
  this.outputTokens = orNull(usage.output_tokens)
  this.reasoningTokens = orNull(nested(usage.output_tokens_details, "reasoning_tokens"))
  this.totalTokens = orNull(usage.total_tokens)
} as unknown as UsageConstructor
UsageFromWire.prototype = Usage.prototype

interface BatchLineErrorConstructor {
  new (entry: Record<string, unknown>): BatchLineError
  prototype: BatchLineError
}
const BatchLineErrorFromWire = function (this: Record<string, unknown>, entry: Record<string, unknown>) {
  this.code = orNull(entry.code)
  this.message = orNull(entry.message)
  this.line = orNull(entry.line)
  this.param = orNull(entry.param)
} as unknown as BatchLineErrorConstructor
BatchLineErrorFromWire.prototype = BatchLineError.prototype

const requestCounts = (value: unknown): RequestCounts | null => (isNoValue(value) ? null : new RequestCountsFromWire(value as Record<string, unknown>))

const usage = (value: unknown): Usage | null => (isNoValue(value) ? null : new UsageFromWire(value as Record<string, unknown>))

/** Metadata values that are `null` or `{}` have no value, like any other field: their keys are left out. */
const metadataOf = (value: unknown): Record<string, string> => {
  if (isNoValue(value)) return {}
  const record = value as Record<string, unknown>
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
  return data.filter(isRecord).map((entry) => new BatchLineErrorFromWire(entry))
}

interface BatchConstructor {
  new (provider: Provider, raw: Record<string, unknown>, extensions: Record<string, unknown>): Batch
  prototype: Batch
}
/** Reads an already checked wire batch; the order of the fields is the order of Batch's. */
const BatchFromWire = function (
  this: Record<string, unknown>,
  provider: Provider,
  raw: Record<string, unknown>,
  extensions: Record<string, unknown>
) {
  const nativeId = raw.id as string
  const nativeStatus = raw.status as string
  this.provider = provider
  this.id = BatchId.toCanonical(provider, nativeId)
  this.nativeId = nativeId
  this.endpoint = orNull(raw.endpoint)
  this.status = BatchStatus.fromNative(nativeStatus)
  this.nativeStatus = nativeStatus
  this.inputFileId = orNull(raw.input_file_id)
  this.outputFileId = orNull(raw.output_file_id)
  this.errorFileId = orNull(raw.error_file_id)
  this.completionWindow = orNull(raw.completion_window)
  this.model = orNull(raw.model)
  this.createdAt = utcOfSeconds(raw.created_at as number)
  this.inProgressAt = timestamp(raw.in_progress_at)
  this.expiresAt = timestamp(raw.expires_at)
  this.finalizingAt = timestamp(raw.finalizing_at)
  this.completedAt = timestamp(raw.completed_at)
  this.failedAt = timestamp(raw.failed_at)
  this.expiredAt = timestamp(raw.expired_at)
  this.cancellingAt = timestamp(raw.cancelling_at)
  this.cancelledAt = timestamp(raw.cancelled_at)
  this.requestCounts = requestCounts(raw.request_counts)
  this.errors = lineErrors(raw.errors)
  this.metadata = metadataOf(raw.metadata)
  this.usage = usage(raw.usage)
  this.extensions = extensions
} as unknown as BatchConstructor
BatchFromWire.prototype = Batch.prototype

interface BatchPageConstructor {
  new (data: ReadonlyArray<Batch>, firstId: string | null, lastId: string | null, hasMore: boolean): BatchPage
  prototype: BatchPage
}
const BatchPageFromWire = function (
  this: Record<string, unknown>,
  data: ReadonlyArray<Batch>,
  firstId: string | null,
  lastId: string | null,
  hasMore: boolean
) {
  this.data = data
  this.firstId = firstId
  this.lastId = lastId
  this.hasMore = hasMore
} as unknown as BatchPageConstructor
BatchPageFromWire.prototype = BatchPage.prototype

const defineField = (target: Record<string, unknown>, key: string, value: unknown) => {
  // `__proto__` is a legal JSON key; define it instead of assigning so it stays plain data.
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

const requiredFault = (raw: Record<string, unknown>): Fault | undefined => {
  if (typeof raw.id !== "string" || raw.id.length === 0) {
    return { path: ".id", message: raw.id === undefined ? "required field is missing" : `expected a non-empty string, got ${typeName(raw.id)}` }
  }
  if (typeof raw.status !== "string") {
    return { path: ".status", message: raw.status === undefined ? "required field is missing" : `expected a string, got ${typeName(raw.status)}` }
  }
  if (typeof raw.created_at !== "number") {
    return { path: ".created_at", message: raw.created_at === undefined ? "required field is missing" : `expected a number, got ${typeName(raw.created_at)}` }
  }
  return undefined
}

/** Decodes one wire batch object, or says where it does not fit. */
const batchOrFault = (provider: Provider, raw: unknown): Batch | Fault => {
  if (!isRecord(raw)) return { path: "", message: `expected a batch object, got ${typeName(raw)}` }
  let extensions: Record<string, unknown> | undefined
  for (const key in raw) {
    const value = raw[key]
    const check = batchChecks.get(key)
    if (check === undefined) {
      defineField((extensions ??= {}), key, value)
      continue
    }
    if (value === null) continue
    const result = check(value)
    if (result === undefined) continue
    // A known object with fields the schema does not know is kept verbatim in `extensions` too.
    if (result === hasUnknownKeys) defineField((extensions ??= {}), key, value)
    else return { path: pathOfKey(key) + result.path, message: result.message }
  }
  const missing = requiredFault(raw)
  if (missing !== undefined) return missing
  return new BatchFromWire(provider, raw, extensions ?? {})
}

const decodeError = (context: DecodeContext, path: string, message: string) =>
  new DecodeError({
    provider: context.provider,
    operation: context.operation,
    status: context.status ?? null,
    requestId: context.requestId ?? null,
    path,
    message: `${context.provider} ${context.operation} response does not fit at ${path}: ${message}`
  })

/**
 * Parses a response body as JSON. A body that is not JSON (an HTML error page, a truncated
 * response, trailing commas) is a {@link DecodeError} with the line and column of the first fault.
 *
 * @example
 * ```ts
 * import { parseJson } from "@unibatch/core/Decoder"
 *
 * parseJson('{"a": 1,}', { provider: "openai", operation: "list" })
 * // Either.left(DecodeError: "... body is not JSON: unexpected \"}\" at line 1, column 9")
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const parseJson = (text: string, context: DecodeContext): Either.Either<unknown, DecodeError> => {
  try {
    return Either.right(JSON.parse(text))
  } catch {
    const fault = locateFault(text)
    return Either.left(
      new DecodeError({
        provider: context.provider,
        operation: context.operation,
        status: context.status ?? null,
        requestId: context.requestId ?? null,
        path: "$",
        message: `${context.provider} ${context.operation} response body is not JSON: unexpected ${fault.found} at line ${fault.line}, column ${fault.column}`
      })
    )
  }
}

/**
 * Decodes a parsed batch object into a canonical {@link Batch}.
 *
 * @example
 * ```ts
 * import { decodeBatch } from "@unibatch/core/Decoder"
 *
 * decodeBatch({ id: "batch-abc", status: "canceled", created_at: 1699564800, output_file_id: {} }, {
 *   provider: "neosantara",
 *   operation: "retrieve"
 * })
 * // Either.right(Batch { id: "batch_abc", nativeId: "batch-abc", status: "cancelled", outputFileId: null, ... })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeBatch = (value: unknown, context: DecodeContext): Either.Either<Batch, DecodeError> => {
  const result = batchOrFault(context.provider, value)
  return result instanceof Batch ? Either.right(result) : Either.left(decodeError(context, "$" + result.path, result.message))
}

/**
 * Decodes a parsed list envelope into a canonical {@link BatchPage}. `data` is required;
 * `has_more` absent or `null` counts as `false`.
 *
 * @example
 * ```ts
 * import { decodePage } from "@unibatch/core/Decoder"
 *
 * decodePage({ data: [{ id: "batch_abc", status: "completed", created_at: 1711471533 }] }, {
 *   provider: "openai",
 *   operation: "list"
 * })
 * // Either.right(BatchPage { data: [Batch { id: "batch_abc", ... }], firstId: null, lastId: null, hasMore: false })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePage = (value: unknown, context: DecodeContext): Either.Either<BatchPage, DecodeError> => {
  if (!isRecord(value)) return Either.left(decodeError(context, "$", `expected a list object, got ${typeName(value)}`))
  const data = value.data
  if (!Array.isArray(data)) {
    return Either.left(decodeError(context, "$.data", data === undefined ? "required field is missing" : `expected an array, got ${typeName(data)}`))
  }
  for (const key of ["first_id", "last_id"] as const) {
    const cursor = value[key]
    if (!isNoValue(cursor) && typeof cursor !== "string") {
      return Either.left(decodeError(context, `$.${key}`, `expected a string or null, got ${typeName(cursor)}`))
    }
  }
  const hasMore = value.has_more
  if (!isNoValue(hasMore) && typeof hasMore !== "boolean") {
    return Either.left(decodeError(context, "$.has_more", `expected a boolean, got ${typeName(hasMore)}`))
  }
  const batches: Array<Batch> = new Array(data.length)
  for (let index = 0; index < data.length; index++) {
    const result = batchOrFault(context.provider, data[index])
    if (!(result instanceof Batch)) return Either.left(decodeError(context, `$.data[${index}]${result.path}`, result.message))
    batches[index] = result
  }
  const cursor = (key: "first_id" | "last_id") => {
    const id = orNull<string>(value[key])
    return id === null ? null : BatchId.toCanonical(context.provider, id)
  }
  return Either.right(new BatchPageFromWire(batches, cursor("first_id"), cursor("last_id"), hasMore === true))
}

/**
 * Parses and decodes a batch object body in one step.
 *
 * @example
 * ```ts
 * import { decodeBatchText } from "@unibatch/core/Decoder"
 *
 * decodeBatchText('{"id":"batch_abc","status":"queued","created_at":"yesterday"}', { provider: "openai", operation: "retrieve" })
 * // Either.left(DecodeError { path: "$.created_at", message: "... expected a number, got string \"yesterday\"" })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeBatchText = (text: string, context: DecodeContext): Either.Either<Batch, DecodeError> =>
  Either.flatMap(parseJson(text, context), (value) => decodeBatch(value, context))

/**
 * Parses and decodes a list body in one step.
 *
 * @example
 * ```ts
 * import { decodePageText } from "@unibatch/core/Decoder"
 *
 * decodePageText('{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}', {
 *   provider: "openai",
 *   operation: "list"
 * })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePageText = (text: string, context: DecodeContext): Either.Either<BatchPage, DecodeError> =>
  Either.flatMap(parseJson(text, context), (value) => decodePage(value, context))
