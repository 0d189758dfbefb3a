/**
 * Watching a batch, on the TestClock, with a scripted `retrieve` (a unit test of `Watch` alone:
 * the client's HTTP side is tested elsewhere): only changes are emitted, the stream ends at a
 * terminal status, retry-after is waited out, the default schedule's delays, the wait's timeout,
 * and interruption stops the polling.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Batch } from "@unibatch/core/Batch"
import * as Decoder from "@unibatch/core/Decoder"
import { RateLimitError, ServerError, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Watch from "@unibatch/core/Watch"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"

type State = { readonly status: string; readonly counts?: readonly [total: number, completed: number, failed: number] } | UnibatchError

const batchIn = (status: string, counts?: readonly [number, number, number]): Batch =>
  Result.getOrThrow(Decoder.decodeBatch(OpenAi.definition, {
    id: "batch_abc",
    object: "batch",
    endpoint: "/v1/chat/completions",
    input_file_id: "file-in",
    completion_window: "24h",
    status,
    created_at: 1711471533,
    ...(counts === undefined ? {} : { request_counts: { total: counts[0], completed: counts[1], failed: counts[2] } })
  }, { provider: "openai", operation: "retrieve" }))

/**
 * A `retrieve` that answers the states in turn (the last one forever after) and records the
 * TestClock time of each call.
 */
const scripted = (states: ReadonlyArray<State>) => {
  const calls: Array<number> = []
  const ids: Array<string> = []
  const retrieve = (id: string): Effect.Effect<Batch, UnibatchError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      calls.push(now)
      ids.push(id)
      const state = states[Math.min(calls.length, states.length) - 1]!
      return "_tag" in state ? Effect.fail(state) : Effect.succeed(batchIn(state.status, state.counts))
    })
  return { retrieve, calls, ids }
}

const rateLimited = (retryAfterSeconds: number | null) =>
  new RateLimitError({
    provider: "openai", operation: "retrieve", status: 429, message: "Too many requests", requestId: null, type: null, code: null, retryAfterSeconds
  })

const serverError = new ServerError({
  provider: "openai", operation: "retrieve", status: 503, message: "down", requestId: null, type: null, code: null
})

/** Moves the TestClock on a second at a time until the fiber is done (at most `limit`). */
const driveUntilDone = <A, E>(fiber: Fiber.Fiber<A, E>, limit: Duration.Input = "1 hour") =>
  Effect.gen(function*() {
    const steps = Duration.toSeconds(Duration.fromInputUnsafe(limit))
    for (let step = 0; step < steps && fiber.pollUnsafe() === undefined; step++) yield* TestClock.adjust("1 second")
    return yield* Fiber.await(fiber)
  })

const everySecond = { schedule: Schedule.spaced("1 second") }

describe("Watch.watch", () => {
  it.effect("emits the batch now and on each change of status or counts, and ends at a terminal status", () =>
    Effect.gen(function*() {
      const { calls, ids, retrieve } = scripted([
        { status: "validating" },
        { status: "validating" },
        { status: "in_progress", counts: [10, 0, 0] },
        { status: "in_progress", counts: [10, 0, 0] },
        { status: "in_progress", counts: [10, 5, 1] },
        { status: "finalizing", counts: [10, 9, 1] },
        { status: "completed", counts: [10, 9, 1] },
        { status: "completed", counts: [10, 9, 1] }
      ])
      const fiber = yield* Effect.forkChild(Stream.runCollect(Watch.watch(retrieve, "batch_abc", everySecond)))
      const exit = yield* driveUntilDone(fiber)
      assert.isTrue(exit._tag === "Success")
      const seen = exit._tag === "Success" ? exit.value : []
      assert.deepStrictEqual(seen.map((batch) => [batch.status, batch.requestCounts?.completed ?? null]), [
        ["validating", null],
        ["in_progress", 0],
        ["in_progress", 5],
        ["finalizing", 9],
        ["completed", 9]
      ])
      assert.deepStrictEqual(calls, [0, 1000, 2000, 3000, 4000, 5000, 6000])
      assert.isTrue(ids.every((id) => id === "batch_abc"))
      // Nothing polls after the end.
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(calls.length, 7)
    }))

  it.effect("a batch already terminal is emitted once, with one request", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([{ status: "cancelled" }])
      const seen = yield* Stream.runCollect(Watch.watch(retrieve, "batch_abc", everySecond))
      assert.deepStrictEqual(seen.map((batch) => batch.status), ["cancelled"])
      assert.strictEqual(calls.length, 1)
    }))

  it.effect("unknown is not terminal: polling goes on until a status that is", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([{ status: "queued" }, { status: "queued" }, { status: "paused" }, { status: "expired" }])
      const fiber = yield* Effect.forkChild(Stream.runCollect(Watch.watch(retrieve, "batch_abc", everySecond)))
      const exit = yield* driveUntilDone(fiber)
      const seen = exit._tag === "Success" ? exit.value : []
      // queued and paused are both `unknown`, but their native statuses differ: a change.
      assert.deepStrictEqual(seen.map((batch) => [batch.status, batch.nativeStatus]), [
        ["unknown", "queued"],
        ["unknown", "paused"],
        ["expired", "expired"]
      ])
      assert.strictEqual(calls.length, 4)
    }))

  it.effect("a RateLimitError with retry-after is waited out, then the poll goes on", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([
        { status: "in_progress" },
        rateLimited(30),
        rateLimited(5),
        rateLimited(0),
        { status: "in_progress" },
        { status: "completed" }
      ])
      const fiber = yield* Effect.forkChild(Stream.runCollect(Watch.watch(retrieve, "batch_abc", everySecond)))
      const exit = yield* driveUntilDone(fiber)
      assert.strictEqual(exit._tag, "Success")
      // retry-after 0 still waits a second: no tight loop.
      assert.deepStrictEqual(calls, [0, 1000, 31000, 36000, 37000, 38000])
    }))

  it.effect("a vendor that rate-limits every poll: 20 waits, then the RateLimitError ends the watch", () =>
    Effect.gen(function*() {
      const limited = rateLimited(2)
      const { calls, retrieve } = scripted([{ status: "in_progress" }, limited])
      const fiber = yield* Effect.forkChild(Effect.flip(Stream.runDrain(Watch.watch(retrieve, "batch_abc", everySecond))))
      const exit = yield* driveUntilDone(fiber)
      assert.deepStrictEqual(exit._tag === "Success" ? exit.value : undefined, limited)
      // The first poll, then one poll and 20 retries of it, two seconds apart.
      assert.strictEqual(calls.length, 1 + 1 + 20)
      assert.strictEqual(calls.at(-1), 1000 + 20 * 2000)
    }))

  it.effect("a RateLimitError without retry-after, or any other error, ends the stream with it", () =>
    Effect.gen(function*() {
      for (const error of [rateLimited(null), serverError]) {
        const { calls, retrieve } = scripted([{ status: "in_progress" }, error, { status: "completed" }])
        const seen: Array<string> = []
        const fiber = yield* Effect.forkChild(
          Watch.watch(retrieve, "batch_abc", everySecond).pipe(
            Stream.runForEach((batch) => Effect.sync(() => seen.push(batch.status))),
            Effect.flip
          )
        )
        const exit = yield* driveUntilDone(fiber)
        assert.deepStrictEqual(exit._tag === "Success" ? exit.value : undefined, error)
        assert.deepStrictEqual(seen, ["in_progress"])
        assert.strictEqual(calls.length, 2)
      }
    }))

  it.effect("the default schedule: first poll after about 1 s, backing off to 60 s, never above it", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([{ status: "in_progress" }])
      const fiber = yield* Effect.forkChild(Stream.runDrain(Watch.watch(retrieve, "batch_abc")))
      for (let minute = 0; minute < 30; minute++) yield* TestClock.adjust("1 minute")
      yield* Fiber.interrupt(fiber)
      const gaps = calls.slice(1).map((time, index) => time - calls[index]!)
      assert.isAtLeast(gaps[0]!, 800)
      assert.isAtMost(gaps[0]!, 1200)
      // It backs off: each early gap is longer than the one before it (1.5x, jitter 0.8 to 1.2).
      assert.isAbove(gaps[4]!, gaps[0]!)
      for (const gap of gaps) assert.isAtMost(gap, 60_000)
      // After a few minutes the gaps sit near the 60 s cap.
      const late = gaps.slice(-5)
      for (const gap of late) assert.isAtLeast(gap, 48_000)
      assert.isAbove(calls.length, 20)
      assert.isBelow(calls.length, 60)
    }))
})

describe("Watch.waitForCompletion", () => {
  it.effect("answers the terminal batch", () =>
    Effect.gen(function*() {
      const { retrieve } = scripted([{ status: "validating" }, { status: "in_progress" }, { status: "failed" }])
      const fiber = yield* Effect.forkChild(Watch.waitForCompletion(retrieve, "batch_abc", everySecond))
      const exit = yield* driveUntilDone(fiber)
      assert.strictEqual(exit._tag === "Success" ? exit.value.status : undefined, "failed")
    }))

  it.effect("past its timeout: a TransportError naming the batch, the time and its last status", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([{ status: "validating" }, { status: "in_progress", counts: [10, 3, 1] }])
      const fiber = yield* Effect.forkChild(
        Effect.flip(Watch.waitForCompletion(retrieve, "batch_abc", { ...everySecond, timeout: "10 seconds" }))
      )
      const exit = yield* driveUntilDone(fiber)
      const error = exit._tag === "Success" ? exit.value : undefined
      assert.strictEqual(error?._tag, "TransportError")
      if (error?._tag !== "TransportError") return
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.operation, "wait")
      assert.strictEqual(error.provider, "openai")
      assert.strictEqual(error.status, null)
      assert.strictEqual(error.requestId, null)
      assert.strictEqual(error.attempts, calls.length)
      assert.strictEqual(
        error.message,
        `batch batch_abc did not end within ${Duration.format(Duration.seconds(10))}: its last status was in_progress ("in_progress", 3 completed and 1 failed of 10).`
      )
      const polls = calls.length
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(calls.length, polls)
    }))

  it.effect("a timeout before any answer names the provider it was given", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.forkChild(
        Effect.flip(Watch.waitForCompletion(() => Effect.never, "batch_abc", { timeout: "5 seconds", provider: "neosantara" }))
      )
      const exit = yield* driveUntilDone(fiber)
      const error = exit._tag === "Success" ? exit.value : undefined
      assert.strictEqual(error?.provider, "neosantara")
      assert.match(error?.message ?? "", /^batch batch_abc did not end within .*: no poll had answered yet\.$/)
      const invalid = yield* Effect.flip(Watch.waitForCompletion(() => Effect.never, "batch_abc", { timeout: "soon" as Duration.Input }))
      assert.strictEqual(invalid._tag, "InvalidRequestError")
    }))
})

describe("interruption stops the polling", () => {
  it.effect("no poll after the watcher is interrupted, the one in flight included", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([{ status: "in_progress" }])
      const fiber = yield* Effect.forkChild(Stream.runDrain(Watch.watch(retrieve, "batch_abc", everySecond)))
      yield* TestClock.adjust("5 seconds")
      assert.strictEqual(calls.length, 6)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(calls.length, 6)

      let started = 0
      let interrupted = 0
      const hanging = () =>
        Effect.suspend(() => {
          started++
          return Effect.never
        }).pipe(Effect.onInterrupt(() => Effect.sync(() => interrupted++)))
      const waiting = yield* Effect.forkChild(Watch.waitForCompletion(hanging, "batch_abc"))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(started, 1)
      yield* Fiber.interrupt(waiting)
      assert.strictEqual(interrupted, 1)
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(started, 1)
    }))

  it.effect("a retry-after wait is interrupted too", () =>
    Effect.gen(function*() {
      const { calls, retrieve } = scripted([{ status: "in_progress" }, rateLimited(120), { status: "completed" }])
      const fiber = yield* Effect.forkChild(Stream.runDrain(Watch.watch(retrieve, "batch_abc", everySecond)))
      yield* TestClock.adjust("30 seconds")
      assert.strictEqual(calls.length, 2)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(calls.length, 2)
    }))
})
