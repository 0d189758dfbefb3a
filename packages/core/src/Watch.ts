/**
 * Watching a batch: poll it on a `Schedule` and emit it whenever its status or request counts
 * change, until it reaches a terminal status; wait for that, with an optional timeout. Nothing
 * here talks to a vendor: the client hands over its `retrieve`.
 *
 * @module \@unibatch/core/Watch
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type { Batch, RequestCounts } from "./Batch.js"
import type { WaitOptions, WatchOptions } from "./BatchClient.js"
import * as BatchStatus from "./BatchStatus.js"
import { render } from "./internal/json.js"
import { invalidInput, TransportError, type UnibatchError } from "./UnibatchError.js"

const maxPollMillis = 60_000

/**
 * The default poll schedule: the first poll 1 s after the first look, each next delay 1.5 times
 * the last, capped at 60 s; every delay is jittered (0.8 to 1.2 times, then capped), so that
 * many watchers started together do not poll in step.
 *
 * @example
 * ```ts
 * import { defaultSchedule } from "@unibatch/core/Watch"
 * import * as Schedule from "effect/Schedule"
 *
 * // No more than 100 polls:
 * const bounded = defaultSchedule.pipe(Schedule.upTo({ times: 100 }))
 * ```
 *
 * @since 0.3.0
 * @category schedules
 */
export const defaultSchedule: Schedule.Schedule<Duration.Duration> = Schedule.exponential("1 second", 1.5).pipe(
  Schedule.jittered,
  // Whole milliseconds: jitter leaves fractions that would make a poll's time read 60000.00000000003 ms later.
  Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.millis(Math.round(Math.min(Duration.toMillis(duration), maxPollMillis)))))
)

/**
 * The wait a `RateLimitError` asks for (its `retry-after`), when it gives one; at least a second,
 * so that a vendor answering `retry-after: 0` again and again is not polled in a tight loop.
 */
const retryAfterOf = (error: UnibatchError): Duration.Duration | undefined =>
  error._tag === "RateLimitError" && error.retryAfterSeconds !== null && error.retryAfterSeconds >= 0
    ? Duration.seconds(Math.max(error.retryAfterSeconds, 1))
    : undefined

/**
 * How many rate limits in a row one poll waits out. The client has already retried each (its
 * `maxRetries`); past this many the vendor is refusing, not pacing, and the `RateLimitError` ends
 * the watch rather than leave a wait silent for ever.
 */
const maxRateLimitWaits = 20

/** Retry-after: wait as long as the vendor says, then poll again; any other error ends the poll. */
const waitOutRateLimits: Schedule.Schedule<number, UnibatchError> = Schedule.recurs(maxRateLimitWaits).pipe(
  Schedule.setInputType<UnibatchError>(),
  Schedule.modifyDelay(({ input }) => Effect.succeed(retryAfterOf(input) ?? Duration.zero))
)

const sameCounts = (left: RequestCounts | null, right: RequestCounts | null): boolean =>
  left === right || (left !== null && right !== null &&
    left.total === right.total && left.completed === right.completed && left.failed === right.failed &&
    left.processing === right.processing && left.cancelled === right.cancelled && left.expired === right.expired)

const unchanged = (previous: Batch, next: Batch): boolean =>
  previous.status === next.status && previous.nativeStatus === next.nativeStatus && sameCounts(previous.requestCounts, next.requestCounts)

/**
 * The batch now, then on each change of its status (canonical or native) or request counts, polled on `schedule`
 * ({@link defaultSchedule} unless told), ending after the first terminal status
 * (`BatchStatus.isTerminal`; `unknown` is not terminal) or when the schedule ends. A
 * `RateLimitError` that carries a `retry-after` is waited out (at least 1 s) and the poll tried
 * again; any other error ends the stream. Interrupting the stream stops the polling, the request in flight
 * included.
 *
 * @example
 * ```ts
 * import type { BatchClientService } from "@unibatch/core/BatchClient"
 * import { watch } from "@unibatch/core/Watch"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * declare const client: BatchClientService
 * const progress = watch(client.retrieve, "batch_abc").pipe(
 *   Stream.runForEach((batch) => Effect.log(`${batch.status} ${batch.requestCounts?.completed ?? 0}/${batch.requestCounts?.total ?? "?"}`))
 * )
 * ```
 *
 * @since 0.3.0
 * @category watching
 */
export const watch = (
  retrieve: (id: string) => Effect.Effect<Batch, UnibatchError>,
  id: string,
  options?: WatchOptions
): Stream.Stream<Batch, UnibatchError> => {
  const poll = Effect.retry(Effect.suspend(() => retrieve(id)), {
    schedule: waitOutRateLimits,
    while: (error) => retryAfterOf(error) !== undefined
  })
  return Stream.fromEffectSchedule(poll, options?.schedule ?? defaultSchedule).pipe(
    Stream.changesWith(unchanged),
    Stream.takeUntil((batch) => BatchStatus.isTerminal(batch.status))
  )
}

/**
 * Who waits, for the timeout error: the provider (else the last batch's provider).
 *
 * @example
 * ```ts
 * import type { WaitContext } from "@unibatch/core/Watch"
 *
 * const options: WaitContext = { timeout: "2 hours", provider: "example" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface WaitContext extends WaitOptions {
  readonly provider?: string | undefined
}

const countsText = (batch: Batch): string => {
  const counts = batch.requestCounts
  if (counts === null || counts.total === null) return ""
  return `, ${counts.completed ?? 0} completed and ${counts.failed ?? 0} failed of ${counts.total}`
}

/**
 * The batch once it reaches a terminal status: the last batch of {@link watch} (or the last one
 * seen when a finite schedule ends first). With `timeout`, a batch still running past it fails
 * the wait with a `TransportError` (`reason: "Timeout"`, `operation: "wait"`, `attempts`: the
 * polls made) whose message names the batch, the time waited and its last status; the poll in
 * flight is interrupted.
 *
 * @example
 * ```ts
 * import type { BatchClientService } from "@unibatch/core/BatchClient"
 * import { waitForCompletion } from "@unibatch/core/Watch"
 * import * as Effect from "effect/Effect"
 *
 * declare const client: BatchClientService
 * const done = waitForCompletion(client.retrieve, "batch_abc", { timeout: "2 hours" }).pipe(
 *   Effect.map((batch) => batch.status) // "completed", "failed", "expired" or "cancelled"
 * )
 * ```
 *
 * @since 0.3.0
 * @category watching
 */
export const waitForCompletion = (
  retrieve: (id: string) => Effect.Effect<Batch, UnibatchError>,
  id: string,
  options?: WaitContext
): Effect.Effect<Batch, UnibatchError> =>
  Effect.suspend(() => {
    let last: Batch | undefined
    let polls = 0
    const counted = (batchId: string) => Effect.suspend(() => {
      polls++
      return retrieve(batchId)
    })
    const wait = watch(counted, id, options).pipe(
      Stream.runForEach((batch) => Effect.sync(() => {
        last = batch
      })),
      Effect.flatMap(() =>
        last === undefined
          ? Effect.fail(timeoutError(options?.provider ?? "unibatch", id, "before its schedule ended", undefined, polls))
          : Effect.succeed(last)
      )
    )
    const timeout = options?.timeout
    if (timeout === undefined) return wait
    const parsed = Duration.fromInput(timeout)
    if (parsed._tag === "None") {
      return Effect.fail(invalidInput(options?.provider ?? "unibatch", "wait", `timeout must be a duration (milliseconds or "2 hours"), got ${render(timeout)}.`))
    }
    const duration = parsed.value
    return Effect.timeoutOrElse(wait, {
      duration,
      orElse: () =>
        Effect.fail(timeoutError(options?.provider ?? last?.provider ?? "unibatch", id, `within ${Duration.format(duration)}`, last, polls))
    })
  })

const timeoutError = (provider: string, id: string, when: string, last: Batch | undefined, polls: number) =>
  new TransportError({
    provider,
    operation: "wait",
    status: null,
    requestId: null,
    reason: "Timeout",
    attempts: polls,
    message: last === undefined
      ? `batch ${id} did not end ${when}: no poll had answered yet.`
      : `batch ${id} did not end ${when}: its last status was ${last.status} (${JSON.stringify(last.nativeStatus)}${countsText(last)}).`
  })
