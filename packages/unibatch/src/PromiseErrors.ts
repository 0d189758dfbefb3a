/**
 * The canonical errors as `Error` subclasses, for code that uses Promises: every rejection of the
 * Promise API is one of these, with the same fields as the Effect errors and never the key.
 *
 * @module unibatch/PromiseErrors
 * @since 0.1.0
 */
import type * as UnibatchError from "@unibatch/core/UnibatchError"

type Fields = ReturnType<typeof UnibatchError.errorToJson>

/**
 * The base class of every Promise API rejection. `name` and `_tag` are the canonical tag.
 *
 * @example
 * ```ts
 * import { createClient, UnibatchApiError } from "unibatch"
 *
 * const client = createClient({ provider: "openai", apiKey: "sk-..." })
 * try {
 *   await client.retrieve("batch_abc123")
 * } catch (error) {
 *   if (error instanceof UnibatchApiError && error._tag === "NotFoundError") console.log(error.message)
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UnibatchApiError extends Error {
  readonly _tag: Fields["_tag"]
  readonly provider: Fields["provider"]
  readonly operation: string
  readonly status: number | null
  readonly requestId: string | null
  /** How many requests were sent before giving up, for errors of client calls. */
  readonly attempts: number | undefined
  /** The vendor's error `type` and `code`, when its body had them. */
  readonly type: string | null | undefined
  readonly code: string | null | undefined
  /** `DecodeError`: the JSON path of the value that did not fit. */
  readonly path: string | undefined
  /** `TransportError`: `Connection` or `Timeout`. */
  readonly reason: "Connection" | "Timeout" | undefined
  /**
   * The vendor's raw response body (up to 64 KiB, the key removed), present only when `message`
   * was cut from a longer one (a vendor message is kept to 500 characters); else `undefined`. It
   * is in the JSON form too (`toJSON().body`), and absent from it when `undefined`.
   *
   * @example
   * ```ts
   * import { createClient, UnibatchApiError } from "unibatch"
   *
   * const client = createClient({ provider: "openai" })
   * try {
   *   await client.list()
   * } catch (error) {
   *   // A short message for people; the whole body, when it was longer, for the logs.
   *   if (error instanceof UnibatchApiError) console.error(error.message, error.body ?? "")
   * }
   * ```
   *
   * @since 0.2.0
   */
  readonly body: string | undefined
  /** Every canonical field of the error, as `unibatch` prints it under `"error"`. */
  readonly details: Fields

  constructor(fields: Fields) {
    super(fields.message)
    const field = <K extends string>(key: K) => (key in fields ? (fields as Record<K, any>)[key] : undefined)
    this.name = fields._tag
    this._tag = fields._tag
    this.provider = fields.provider
    this.operation = fields.operation
    this.status = fields.status
    this.requestId = fields.requestId
    this.attempts = fields.attempts
    this.type = field("type")
    this.code = field("code")
    this.path = field("path")
    this.reason = field("reason")
    this.body = field("body")
    this.details = fields
  }

  /** The canonical JSON of the error. */
  toJSON(): Fields {
    return this.details
  }
}

/**
 * 401: the key is missing or wrong.
 *
 * @example
 * ```ts
 * import { AuthenticationError, createClient } from "unibatch"
 *
 * const client = createClient({ provider: "respan", apiKey: "rs-..." })
 * try {
 *   await client.list()
 * } catch (error) {
 *   if (error instanceof AuthenticationError) console.error(`check the ${error.provider} API key: ${error.message}`)
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends UnibatchApiError {}
/**
 * 403: the key may not do this.
 *
 * @example
 * ```ts
 * import { PermissionDeniedError } from "unibatch"
 *
 * declare const error: unknown
 * if (error instanceof PermissionDeniedError) console.error(`${error.provider} refused ${error.operation}: ${error.message}`)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class PermissionDeniedError extends UnibatchApiError {}
/**
 * 404: no such batch (or route).
 *
 * @example
 * ```ts
 * import { createClient, NotFoundError } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * const batch = await client.retrieve("batch_abc123").catch((error: unknown) => {
 *   if (error instanceof NotFoundError) return undefined
 *   throw error
 * })
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundError extends UnibatchApiError {}
/**
 * 409: the request conflicts with the batch's state.
 *
 * @example
 * ```ts
 * import { ConflictError } from "unibatch"
 *
 * declare const error: unknown
 * if (error instanceof ConflictError) console.error(error.status, error.requestId) // => 409 "req_..."
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ConflictError extends UnibatchApiError {}
/**
 * 400 or 422 from the vendor, or an input refused before sending anything (then `status` is
 * `null`): an ID with path characters, a limit out of range, no API key, ...
 *
 * @example
 * ```ts
 * import { createClient, InvalidRequestError } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * try {
 *   await client.list({ limit: 500 })
 * } catch (error) {
 *   if (error instanceof InvalidRequestError) console.error(error.status, error.message) // => null "limit must be an integer from 1 to 100, got 500."
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequestError extends UnibatchApiError {}
/**
 * A 429; `retryAfterSeconds` is the vendor's wait when it sent one.
 *
 * @example
 * ```ts
 * import { createClient, RateLimitError } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * try {
 *   await client.list()
 * } catch (error) {
 *   if (error instanceof RateLimitError) console.error(`retry after ${error.retryAfterSeconds ?? "?"} s`)
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError extends UnibatchApiError {
  readonly retryAfterSeconds: number | null
  constructor(fields: Fields) {
    super(fields)
    this.retryAfterSeconds = this.details._tag === "RateLimitError" ? this.details.retryAfterSeconds : null
  }
}
/**
 * 5xx, or any other status the vendor should not have answered with.
 *
 * @example
 * ```ts
 * import { ServerError } from "unibatch"
 *
 * declare const error: unknown
 * if (error instanceof ServerError) console.error(`${error.provider} failed (HTTP ${error.status}) after ${error.details.attempts ?? 1} attempts`)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends UnibatchApiError {}
/**
 * No response: the connection failed, was reset, or the request timed out.
 *
 * @example
 * ```ts
 * import { TransportError } from "unibatch"
 *
 * declare const error: unknown
 * if (error instanceof TransportError && error.details._tag === "TransportError") console.error(error.details.reason) // => "Timeout"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends UnibatchApiError {}
/**
 * A response that does not fit: not JSON, a required field missing, a field of the wrong type.
 * `details.path` is the JSON path of the offending value.
 *
 * @example
 * ```ts
 * import { DecodeError } from "unibatch"
 *
 * declare const error: unknown
 * if (error instanceof DecodeError && error.details._tag === "DecodeError") console.error(error.details.path) // => "$.data[3].created_at"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends UnibatchApiError {}

const classes: Record<Fields["_tag"], new(fields: Fields) => UnibatchApiError> = {
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  InvalidRequestError,
  RateLimitError,
  ServerError,
  TransportError,
  DecodeError
}

/**
 * The Promise-side error for a canonical error's JSON.
 *
 * @example
 * ```ts
 * import { fromJson, NotFoundError } from "unibatch"
 *
 * const error = fromJson({
 *   _tag: "NotFoundError", provider: "openai", operation: "retrieve", status: 404,
 *   message: "No such batch", requestId: null, type: "invalid_request_error", code: null
 * })
 * error instanceof NotFoundError // => true
 * error.name // => "NotFoundError"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromJson = (fields: Fields): UnibatchApiError => new classes[fields._tag](fields)
