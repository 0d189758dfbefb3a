/**
 * When and how long to wait before sending a failed request again: one `Schedule` used by every
 * client. The policy matches the official OpenAI SDK's: retry connection errors, timeouts, 408,
 * 409, 429 and 5xx (never other 4xx), let `x-should-retry` from the server overrule that, wait
 * `retry-after-ms` / `retry-after` when the server asks for at most a minute, else back off
 * exponentially from 0.5 s, capped at 8 s, with up to 25% jitter.
 *
 * @module \@unibatch/core/Retry
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { retryAfterSeconds } from "./internal/errorBody.js"
import type { UnibatchError } from "./UnibatchError.js"

/**
 * Retries after the first attempt when the caller does not say.
 *
 * @example
 * ```ts
 * import * as Retry from "@unibatch/core/Retry"
 *
 * Retry.defaultMaxRetries // => 2: at most 3 attempts in all
 * const policy = Retry.schedule(Retry.defaultMaxRetries)
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxRetries = 2

/** The longest `retry-after` honoured; a server asking for longer gets the normal backoff. */
const maxRetryAfter = Duration.seconds(60)

/** The longest backoff between two attempts. */
const maxBackoff = Duration.seconds(8)

/**
 * One failed attempt, as the retry schedule sees it. The canonical error is built only once the
 * retries are over, so that it can say how many attempts were made.
 *
 * @example
 * ```ts
 * import type { FailedAttempt } from "@unibatch/core/Retry"
 * import { TransportError } from "@unibatch/core/UnibatchError"
 *
 * const timedOut: FailedAttempt = {
 *   toError: (attempts) =>
 *     new TransportError({
 *       provider: "example", operation: "list", status: null, requestId: null, reason: "Timeout",
 *       message: "example list timed out", attempts
 *     }),
 *   retryable: true,
 *   retryAfter: undefined
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FailedAttempt {
  readonly toError: (attempts: number) => UnibatchError
  readonly retryable: boolean
  /** The wait the server asked for, when it asked for one within a minute. */
  readonly retryAfter: Duration.Duration | undefined
}

/**
 * Whether a response status is worth retrying, before any `x-should-retry` header.
 *
 * @example
 * ```ts
 * import { isRetryableStatus } from "@unibatch/core/Retry"
 *
 * isRetryableStatus(503) // => true
 * isRetryableStatus(404) // => false
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500

/**
 * Reads what a failed response says about retrying: `x-should-retry` overrules the status, and
 * `retry-after-ms` / `retry-after` give the wait when it is more than 0 and at most 60 seconds.
 * Header names are expected lower-case, as HTTP clients hand them over.
 *
 * @example
 * ```ts
 * import { fromResponse } from "@unibatch/core/Retry"
 *
 * fromResponse(503, { "x-should-retry": "false" }, Date.now()).retryable // => false
 * fromResponse(429, { "retry-after": "2" }, Date.now()).retryAfter // => Duration.seconds(2)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromResponse = (
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  now: number
): { readonly retryable: boolean; readonly retryAfter: Duration.Duration | undefined } => {
  const shouldRetry = headers["x-should-retry"]
  const retryable = shouldRetry === "true" ? true : shouldRetry === "false" ? false : isRetryableStatus(status)
  const seconds = retryAfterSeconds(headers, now)
  const retryAfter = seconds !== null && seconds > 0 ? Duration.seconds(seconds) : undefined
  return {
    retryable,
    retryAfter: retryAfter !== undefined && Duration.isLessThanOrEqualTo(retryAfter, maxRetryAfter) ? retryAfter : undefined
  }
}

/** Recurs, without a delay of its own, while the failed attempt is worth retrying. */
const whileRetryable: Schedule.Schedule<FailedAttempt, FailedAttempt> = Schedule.fromStepWithMetadata(
  Effect.succeed((metadata: Schedule.InputMetadata<FailedAttempt>) =>
    metadata.input.retryable
      ? Effect.succeed([metadata.input, Duration.zero] as [FailedAttempt, Duration.Duration])
      : Cause.done(metadata.input)
  )
)

/**
 * The retry schedule for up to `maxRetries` retries of failed attempts: exponential backoff
 * from 0.5 s, at most `maxRetries` times, only while the attempt is retryable, capped at 8 s and
 * shortened by up to 25% at random; a `retry-after` the server sent replaces the backoff.
 *
 * @example
 * ```ts
 * import * as Retry from "@unibatch/core/Retry"
 * import * as Effect from "effect/Effect"
 *
 * declare const attempt: Effect.Effect<string, Retry.FailedAttempt>
 * const withRetries = Effect.retry(attempt, Retry.schedule(Retry.defaultMaxRetries))
 * ```
 *
 * @since 0.1.0
 * @category schedules
 */
export const schedule = (maxRetries: number): Schedule.Schedule<Duration.Duration, FailedAttempt> =>
  Schedule.max([
    Schedule.exponential("500 millis").pipe(Schedule.upTo({ times: maxRetries })),
    whileRetryable
  ]).pipe(
    Schedule.modifyDelay(({ duration, input }) =>
      input.retryAfter !== undefined
        ? Effect.succeed(input.retryAfter)
        : Effect.map(Random.next, (random) => Duration.times(Duration.min(duration, maxBackoff), 1 - 0.25 * random))
    )
  )
