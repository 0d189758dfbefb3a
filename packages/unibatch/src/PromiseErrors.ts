/**
 * The canonical errors as `Error` subclasses, for code that uses Promises: every rejection of the
 * Promise API is one of these, with the same fields as the Effect errors and never the key.
 *
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
  /** Every canonical field of the error, as `unibatch` prints it under `"error"`. */
  readonly details: Fields

  constructor(fields: Fields) {
    super(fields.message)
    this.name = fields._tag
    this._tag = fields._tag
    this.provider = fields.provider
    this.operation = fields.operation
    this.status = fields.status
    this.requestId = fields.requestId
    this.details = fields
  }

  /** The canonical JSON of the error. */
  toJSON(): Fields {
    return this.details
  }
}

/** @since 0.1.0 @category errors */
export class AuthenticationError extends UnibatchApiError {}
/** @since 0.1.0 @category errors */
export class PermissionDeniedError extends UnibatchApiError {}
/** @since 0.1.0 @category errors */
export class NotFoundError extends UnibatchApiError {}
/** @since 0.1.0 @category errors */
export class ConflictError extends UnibatchApiError {}
/** @since 0.1.0 @category errors */
export class InvalidRequestError extends UnibatchApiError {}
/**
 * A 429; `retryAfterSeconds` is the vendor's wait when it sent one.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError extends UnibatchApiError {
  readonly retryAfterSeconds: number | null
  constructor(fields: Fields) {
    super(fields)
    this.retryAfterSeconds = "retryAfterSeconds" in fields ? fields.retryAfterSeconds : null
  }
}
/** @since 0.1.0 @category errors */
export class ServerError extends UnibatchApiError {}
/** @since 0.1.0 @category errors */
export class TransportError extends UnibatchApiError {}
/** @since 0.1.0 @category errors */
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
 * @since 0.1.0
 * @category constructors
 */
export const fromJson = (fields: Fields): UnibatchApiError => new classes[fields._tag](fields)
