/**
 * Lenient, nullable-aware decoding of vendor bodies into the canonical model: what the clients
 * and `unibatch normalize` use. A field that is absent, `null` or the `{}` placeholder has no
 * value; unknown fields go to `extensions`; only `id`, `status` and `created_at` are required; a
 * field of the wrong type is a {@link DecodeError} naming its JSON path. Nothing here throws.
 *
 * The type checks are derived from the wire Schemas in {@link WireBatch}, so they cannot drift
 * from them; the walk itself is a plain loop because the general Schema parser costs 8-36x
 * `JSON.parse` on a list page (see the performance budget in DESIGN.md).
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import { Batch, BatchLineError, BatchPage, RequestCounts, Usage } from "./Batch.js"
import * as BatchId from "./BatchId.js"
import * as BatchStatus from "./BatchStatus.js"
import { locateFault } from "./internal/jsonSyntax.js"
import { describe, kindOf, type WireKind } from "./internal/wireKind.js"
import type { Provider } from "./Provider.js"
import { DecodeError } from "./UnibatchError.js"
import { WireBatch } from "./WireBatch.js"

/**
 * Where a body came from, for the errors decoding may produce.
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

const batchKinds = (kindOf(WireBatch.ast) as Extract<WireKind, { _tag: "object" }>).fields

/** A fault found while walking a value: the path below the walked value and what was wrong. */
interface Fault {
  readonly path: string
  readonly message: string
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isEmptyObject = (value: object): boolean => {
  for (const _ in value) return false
  return true
}

/** Absent, `null` and the `{}` placeholder all mean "no value". */
const isNoValue = (value: unknown): boolean =>
  value === undefined || value === null || (isRecord(value) && isEmptyObject(value))

const typeName = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`

const pathOfKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/** Checks a present value against its kind, leniently: `null` and `{}` are accepted at any depth. */
const check = (kind: WireKind, value: unknown): Fault | undefined => {
  if (value === null) return undefined
  switch (kind._tag) {
    case "string":
    case "number":
    case "boolean":
      if (typeof value === kind._tag && (kind._tag !== "number" || Number.isFinite(value))) return undefined
      if (isRecord(value) && isEmptyObject(value)) return undefined
      return { path: "", message: `expected ${describe(kind)}, got ${typeName(value)}` }
    case "unknown":
      return undefined
    case "array": {
      if (!Array.isArray(value)) {
        return isRecord(value) && isEmptyObject(value) ? undefined : { path: "", message: `expected an array, got ${typeName(value)}` }
      }
      for (let index = 0; index < value.length; index++) {
        const fault = check(kind.item, value[index])
        if (fault !== undefined) return { path: `[${index}]${fault.path}`, message: fault.message }
      }
      return undefined
    }
    case "object":
    case "record": {
      if (!isRecord(value)) return { path: "", message: `expected an object, got ${typeName(value)}` }
      for (const key in value) {
        const inner = kind._tag === "record" ? kind.value : kind.fields.get(key)
        if (inner === undefined) continue
        const fault = check(inner, value[key])
        if (fault !== undefined) return { path: pathOfKey(key) + fault.path, message: fault.message }
      }
      return undefined
    }
  }
}

/** Whether a known object field carries keys the wire schema does not know (kept verbatim in `extensions`). */
const hasUnknownKeys = (kind: WireKind, value: unknown): boolean => {
  if (kind._tag !== "object" || !isRecord(value)) return false
  for (const key in value) {
    const inner = kind.fields.get(key)
    if (inner === undefined || hasUnknownKeys(inner, value[key])) return true
  }
  return false
}

const orNull = <A>(value: unknown): A | null => (isNoValue(value) ? null : (value as A))

const timestamp = (value: unknown): DateTime.Utc | null =>
  isNoValue(value) ? null : DateTime.unsafeMake((value as number) * 1000)

const nested = (value: unknown, key: string): unknown => (isRecord(value) ? value[key] : undefined)

const requestCounts = (value: unknown): RequestCounts | null => {
  if (isNoValue(value)) return null
  const counts = value as Record<string, unknown>
  return new RequestCounts(
    { total: orNull(counts.total), completed: orNull(counts.completed), failed: orNull(counts.failed) },
    true
  )
}

const usage = (value: unknown): Usage | null => {
  if (isNoValue(value)) return null
  const wire = value as Record<string, unknown>
  return new Usage(
    {
      inputTokens: orNull(wire.input_tokens),
      cachedInputTokens: orNull(nested(wire.input_tokens_details, "cached_tokens")),
      outputTokens: orNull(wire.output_tokens),
      reasoningTokens: orNull(nested(wire.output_tokens_details, "reasoning_tokens")),
      totalTokens: orNull(wire.total_tokens)
    },
    true
  )
}

const noLineErrors: ReadonlyArray<BatchLineError> = []

const lineErrors = (value: unknown): ReadonlyArray<BatchLineError> => {
  const data = nested(value, "data")
  if (!Array.isArray(data) || data.length === 0) return noLineErrors
  return data.filter(isRecord).map((entry) =>
    new BatchLineError(
      { code: orNull(entry.code), message: orNull(entry.message), line: orNull(entry.line), param: orNull(entry.param) },
      true
    )
  )
}

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
    const kind = batchKinds.get(key)
    if (kind === undefined) {
      defineField((extensions ??= {}), key, value)
      continue
    }
    const fault = check(kind, value)
    if (fault !== undefined) return { path: pathOfKey(key) + fault.path, message: fault.message }
    if (kind._tag === "object" && hasUnknownKeys(kind, value)) defineField((extensions ??= {}), key, value)
  }
  const missing = requiredFault(raw)
  if (missing !== undefined) return missing
  const nativeId = raw.id as string
  const nativeStatus = raw.status as string
  return new Batch(
    {
      provider,
      id: BatchId.toCanonical(provider, nativeId),
      nativeId,
      endpoint: orNull(raw.endpoint),
      status: BatchStatus.fromNative(nativeStatus),
      nativeStatus,
      inputFileId: orNull(raw.input_file_id),
      outputFileId: orNull(raw.output_file_id),
      errorFileId: orNull(raw.error_file_id),
      completionWindow: orNull(raw.completion_window),
      model: orNull(raw.model),
      createdAt: DateTime.unsafeMake((raw.created_at as number) * 1000),
      inProgressAt: timestamp(raw.in_progress_at),
      expiresAt: timestamp(raw.expires_at),
      finalizingAt: timestamp(raw.finalizing_at),
      completedAt: timestamp(raw.completed_at),
      failedAt: timestamp(raw.failed_at),
      expiredAt: timestamp(raw.expired_at),
      cancellingAt: timestamp(raw.cancelling_at),
      cancelledAt: timestamp(raw.cancelled_at),
      requestCounts: requestCounts(raw.request_counts),
      errors: lineErrors(raw.errors),
      metadata: isNoValue(raw.metadata) ? {} : (raw.metadata as Record<string, string>),
      usage: usage(raw.usage),
      extensions: extensions ?? {}
    },
    true
  )
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
  return Either.right(new BatchPage({ data: batches, firstId: cursor("first_id"), lastId: cursor("last_id"), hasMore: hasMore === true }, true))
}

/**
 * Parses and decodes a batch object body in one step.
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
