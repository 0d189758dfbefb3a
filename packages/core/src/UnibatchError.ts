/**
 * The canonical errors. Every failure of a unibatch client is one of these tagged errors, whatever
 * the vendor; none of them ever holds the API key.
 *
 * @module \@unibatch/core/UnibatchError
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { parseErrorBody, retryAfterSeconds } from "./internal/errorBody.js"

const common = {
  /** The vendor's provider name (`definition.provider`). */
  provider: Schema.String,
  /** The client operation that failed: `list`, `retrieve`, ... */
  operation: Schema.String,
  /** The HTTP status, `null` when there was no response. */
  status: Schema.NullOr(Schema.Number),
  /** The vendor's message when it sent one, else a short excerpt of the raw body. */
  message: Schema.String,
  /** The vendor's request id header, when sent. */
  requestId: Schema.NullOr(Schema.String),
  /** How many requests were sent before giving up, when the error comes from a client call. */
  attempts: Schema.optional(Schema.Int)
}

const vendorError = {
  ...common,
  /** The vendor's error `type`, when its body had one. */
  type: Schema.NullOr(Schema.String),
  /** The vendor's error `code`, when its body had one. */
  code: Schema.NullOr(Schema.String),
  /**
   * The vendor's raw response body (up to 64 KiB, credentials removed), present only when
   * `message` was cut from a longer one (a vendor message is kept to 500 characters).
   *
   * @since 0.2.0
   */
  body: Schema.optional(Schema.String)
}

/**
 * 401: the key is missing or wrong.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const page = BatchClient.list().pipe(
 *   Effect.catchTag("AuthenticationError", (error) =>
 *     Effect.die(new Error(`check the ${error.provider} API key: ${error.message}`)))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>()(
  "AuthenticationError",
  vendorError
) {}

/**
 * 403: the key may not do this.
 *
 * @example
 * ```ts
 * import { PermissionDeniedError } from "@unibatch/core/UnibatchError"
 *
 * const error = new PermissionDeniedError({
 *   provider: "example", operation: "list", status: 403, message: "You are not allowed to list batches in this project.",
 *   requestId: "req_123", type: "invalid_request_error", code: null
 * })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PermissionDeniedError extends Schema.TaggedError<PermissionDeniedError>()(
  "PermissionDeniedError",
  vendorError
) {}

/**
 * 404: no such batch (or route).
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 * import * as Option from "effect/Option"
 *
 * // `Option.none()` when there is no such batch; every other error stays an error.
 * const maybeBatch = BatchClient.retrieve("batch_abc123").pipe(
 *   Effect.map(Option.some),
 *   Effect.catchTag("NotFoundError", () => Effect.succeed(Option.none()))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", vendorError) {}

/**
 * 409: the request conflicts with the batch's state.
 *
 * @example
 * ```ts
 * import { ConflictError } from "@unibatch/core/UnibatchError"
 *
 * const error = new ConflictError({
 *   provider: "example", operation: "retrieve", status: 409, message: "The batch is being cancelled.",
 *   requestId: null, type: "invalid_request_error", code: null, attempts: 3
 * })
 * error._tag // => "ConflictError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ConflictError extends Schema.TaggedError<ConflictError>()("ConflictError", vendorError) {}

/**
 * 400 or 422 from the vendor, or an input unibatch refused before sending anything (then
 * `status` is `null`): an ID with path characters, a limit out of range, ...
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = BatchClient.retrieve("batch_a/../b").pipe(
 *   Effect.catchTag("InvalidRequestError", (error) =>
 *     // `status` is null: refused before any request was sent.
 *     Effect.succeed(error.status === null ? `refused: ${error.message}` : `the vendor said: ${error.message}`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequestError extends Schema.TaggedError<InvalidRequestError>()(
  "InvalidRequestError",
  vendorError
) {}

/**
 * 429: too many requests. `retryAfterSeconds` is the vendor's `retry-after` when it sent one.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const page = BatchClient.list().pipe(
 *   Effect.tapErrorTag("RateLimitError", (error) =>
 *     Effect.logWarning(`rate limited after ${error.attempts ?? 1} attempts; retry after ${error.retryAfterSeconds ?? "?"} s`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError extends Schema.TaggedError<RateLimitError>()("RateLimitError", {
  ...vendorError,
  retryAfterSeconds: Schema.NullOr(Schema.Number)
}) {}

/**
 * 5xx, or any other status the vendor should not have answered with.
 *
 * @example
 * ```ts
 * import { ServerError } from "@unibatch/core/UnibatchError"
 * import * as Schema from "effect/Schema"
 *
 * declare const error: unknown
 * if (Schema.is(ServerError)(error)) console.log(error.status, error.attempts) // => 503 3
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", vendorError) {}

/**
 * No response: the connection failed, was reset, or the request timed out.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const page = BatchClient.list().pipe(
 *   Effect.catchTag("TransportError", (error) =>
 *     Effect.fail(new Error(error.reason === "Timeout" ? "the vendor is slow" : "the vendor is unreachable")))
 * )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  ...common,
  reason: Schema.Literals(["Connection", "Timeout"])
}) {}

/**
 * A response that does not fit: not JSON, a required field missing, a field of the wrong type.
 * `path` is the JSON path of the offending value (`$.data[3].created_at`).
 *
 * @example
 * ```ts
 * import { DecodeError } from "@unibatch/core/UnibatchError"
 *
 * const error = new DecodeError({
 *   provider: "example", operation: "retrieve", status: 200, requestId: null,
 *   path: "$.id", message: "expected a non-empty string, got 42"
 * })
 * error.path // => "$.id"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  ...common,
  path: Schema.String
}) {}

/**
 * Any canonical error.
 *
 * @example
 * ```ts
 * import { UnibatchError } from "@unibatch/core/UnibatchError"
 * import * as Schema from "effect/Schema"
 *
 * // Back from the canonical JSON, e.g. the `"error"` that `unibatch` prints:
 * const error = Schema.decodeUnknownSync(UnibatchError)({
 *   _tag: "NotFoundError", provider: "example", operation: "retrieve", status: 404,
 *   message: "No such batch", requestId: null, type: "invalid_request_error", code: null
 * })
 * error._tag // => "NotFoundError"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export const UnibatchError = Schema.Union([
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TransportError,
  DecodeError
])

/**
 * Any canonical error, as a type: a union discriminated by `_tag`.
 *
 * @example
 * ```ts
 * import type { UnibatchError } from "@unibatch/core/UnibatchError"
 *
 * const describe = (error: UnibatchError): string => {
 *   switch (error._tag) {
 *     case "RateLimitError":
 *       return `slow down (retry after ${error.retryAfterSeconds ?? "?"} s)`
 *     case "TransportError":
 *       return `no response (${error.reason})`
 *     default:
 *       return error.message
 *   }
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type UnibatchError = typeof UnibatchError.Type

const tags: ReadonlySet<string> = new Set<UnibatchError["_tag"]>([
  "AuthenticationError",
  "PermissionDeniedError",
  "NotFoundError",
  "ConflictError",
  "InvalidRequestError",
  "RateLimitError",
  "ServerError",
  "TransportError",
  "DecodeError"
])

/**
 * Tells whether a value is one of the canonical errors.
 *
 * @example
 * ```ts
 * import { isUnibatchError } from "@unibatch/core/UnibatchError"
 *
 * isUnibatchError(new Error("boom")) // => false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isUnibatchError = (value: unknown): value is UnibatchError =>
  typeof value === "object" && value !== null && "_tag" in value && typeof value._tag === "string" &&
  tags.has(value._tag) && "provider" in value

const encodeError = Schema.encodeSync(UnibatchError)

/**
 * The canonical JSON form of an error, as `unibatch` prints it under `"error"`.
 *
 * @example
 * ```ts
 * import { errorToJson, NotFoundError } from "@unibatch/core/UnibatchError"
 *
 * errorToJson(new NotFoundError({
 *   provider: "example", operation: "retrieve", status: 404, message: "No such batch",
 *   requestId: null, type: "invalid_request_error", code: null
 * }))
 * // => { _tag: "NotFoundError", provider: "example", operation: "retrieve", status: 404, ... }
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const errorToJson = (error: UnibatchError): typeof UnibatchError.Encoded => {
  // The tag first: it is what a reader (or a `jq .error._tag`) looks for.
  const { _tag, ...fields } = encodeError(error)
  return { _tag, ...fields } as typeof UnibatchError.Encoded
}

/**
 * The classified fields of a vendor error response.
 *
 * @example
 * ```ts
 * import { fromStatus, type VendorErrorFields } from "@unibatch/core/UnibatchError"
 *
 * const fields: VendorErrorFields = {
 *   provider: "example", operation: "list", status: 429, message: "Rate limit reached", requestId: "req_123",
 *   type: "requests", code: "rate_limit_exceeded", retryAfterSeconds: 2
 * }
 * fromStatus(fields)._tag // => "RateLimitError"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface VendorErrorFields {
  readonly provider: string
  readonly operation: string
  readonly status: number
  readonly message: string
  readonly requestId: string | null
  readonly type: string | null
  readonly code: string | null
  readonly retryAfterSeconds: number | null
  readonly attempts?: number | undefined
  /**
   * The raw body, when `message` was cut from it.
   *
   * @since 0.2.0
   */
  readonly body?: string | undefined
}

/**
 * Classifies a non-2xx vendor response by its status into the canonical error.
 *
 * @example
 * ```ts
 * import { fromStatus } from "@unibatch/core/UnibatchError"
 *
 * fromStatus({
 *   provider: "example", operation: "list", status: 401, message: "Authentication credentials were not provided.",
 *   requestId: null, type: null, code: null, retryAfterSeconds: null
 * })._tag // => "AuthenticationError"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStatus = (fields: VendorErrorFields): UnibatchError => {
  const { attempts, body, retryAfterSeconds, ...known } = fields
  const withAttempts = attempts === undefined ? known : { ...known, attempts }
  const rest = body === undefined ? withAttempts : { ...withAttempts, body }
  switch (fields.status) {
    case 400:
    case 422:
      return new InvalidRequestError(rest)
    case 401:
      return new AuthenticationError(rest)
    case 403:
      return new PermissionDeniedError(rest)
    case 404:
      return new NotFoundError(rest)
    case 409:
      return new ConflictError(rest)
    case 429:
      return new RateLimitError({ ...rest, retryAfterSeconds })
    default:
      // Other 4xx are the caller's request; 5xx and anything stranger are the vendor's side.
      return fields.status >= 400 && fields.status < 500 ? new InvalidRequestError(rest) : new ServerError(rest)
  }
}

/**
 * An input refused before any request was sent.
 *
 * @example
 * ```ts
 * import { invalidInput } from "@unibatch/core/UnibatchError"
 *
 * const error = invalidInput("example", "list", "limit must be an integer from 1 to 100, got 0.")
 * error.status // => null
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalidInput = (provider: string, operation: string, message: string): InvalidRequestError =>
  new InvalidRequestError({ provider, operation, status: null, message, requestId: null, type: null, code: null })

/**
 * The header most vendors send their request id in; {@link fromResponse} reads it when not told
 * another (a client passes its vendor definition's `requestIdHeader`).
 *
 * @example
 * ```ts
 * import { defaultRequestIdHeader } from "@unibatch/core/UnibatchError"
 *
 * defaultRequestIdHeader // => "x-request-id"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultRequestIdHeader = "x-request-id"

/**
 * The canonical error for a non-2xx vendor response: the status picks the error, the message
 * comes from whichever body shape the vendor used (`{"error":{"message",...}}`,
 * `{"error":"text"}`, `{"detail":"text"}`, ...) or else a short excerpt of the raw body (an HTML
 * gateway page, a binary body named rather than shown). A vendor message longer than 500
 * characters is cut, and the raw body (up to 64 KiB) is kept in `body`. The request id is read
 * from `requestIdHeader` (the vendor definition's
 * `requestIdHeader`; default {@link defaultRequestIdHeader}); header names are matched without
 * regard to case.
 *
 * @example
 * ```ts
 * import { fromResponse } from "@unibatch/core/UnibatchError"
 *
 * const error = fromResponse({
 *   provider: "example",
 *   operation: "retrieve",
 *   status: 404,
 *   body: '{"error":{"message":"No such batch: batch_abc123","type":"invalid_request_error"}}',
 *   headers: { "request-id": "req_1" },
 *   requestIdHeader: "request-id"
 * })
 * // => NotFoundError { message: "No such batch: batch_abc123", type: "invalid_request_error", requestId: "req_1", ... }
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromResponse = (response: {
  readonly provider: string
  readonly operation: string
  readonly status: number
  readonly body: string
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined
  /** @since 0.2.0 */
  readonly requestIdHeader?: string | undefined
  readonly attempts?: number | undefined
}): UnibatchError => {
  const headers = lowerCaseKeys(response.headers ?? {})
  const body = parseErrorBody(response.body, statusFallback(response.status))
  return fromStatus({
    provider: response.provider,
    operation: response.operation,
    status: response.status,
    requestId: headers[(response.requestIdHeader ?? defaultRequestIdHeader).toLowerCase()] ?? null,
    message: body.message,
    type: body.type,
    code: body.code,
    retryAfterSeconds: retryAfterSeconds(headers, Date.now()),
    attempts: response.attempts,
    body: body.body
  })
}

/**
 * The message of a response whose body says nothing: the status, and for the ones a client never
 * expects as an answer (a 304 to a request without conditions, a 1xx as the final response, a
 * redirect left unfollowed), what is odd about it.
 */
const statusFallback = (status: number): string => {
  if (status === 304) return "HTTP 304 Not Modified, an answer to a conditional request, which unibatch never sends"
  if (status >= 100 && status < 200) return `HTTP ${status}, an informational status, as the final answer`
  if (status >= 300 && status < 400) return `HTTP ${status}, a redirect that was not followed (no usable location, or too many redirects)`
  return `HTTP ${status}`
}

/** HTTP clients hand headers over lower-cased; a hand-written record may not be. */
const lowerCaseKeys = (
  headers: Readonly<Record<string, string | undefined>>
): Readonly<Record<string, string | undefined>> => {
  for (const key in headers) {
    if (key !== key.toLowerCase()) {
      const lower: Record<string, string | undefined> = {}
      for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value
      return lower
    }
  }
  return headers
}
