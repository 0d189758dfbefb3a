/**
 * The retry policy, on its own (its delays, on the TestClock) and over real loopback HTTP against
 * test-kit fault injection (how many requests, what error at the end), and the pagination guards.
 */
import { describe, it } from "@effect/vitest"
import * as Retry from "@unibatch/core/Retry"
import { ServerError, type UnibatchError } from "@unibatch/core/UnibatchError"
import type { FakeVendorServer } from "@unibatch/testkit/FakeVendor"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/testing/TestClock"
import { assert } from "vitest"
import { setup, vendors } from "./vendors.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

/** Real time passes (HTTP is real) while the TestClock stands still. */
const realPause = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))

const untilRequests = (server: FakeVendorServer, count: number) =>
  Effect.gen(function*() {
    while (server.requests().length < count) yield* realPause
  })

/**
 * Moves the TestClock on a second at a time, with real pauses for the HTTP in between, until the
 * fiber is done. (A second is more than any first backoff; the 10-minute request timeout is never
 * reached.)
 */
const driveUntilDone = <A, E>(fiber: Fiber.Fiber<A, E>) =>
  Effect.gen(function*() {
    while (fiber.pollUnsafe() === undefined) {
      yield* TestClock.adjust("1 second")
      yield* realPause
    }
    return yield* Fiber.join(fiber)
  })

const openai = vendors[0]!

const failed = (retryable: boolean, retryAfter?: Duration.Duration): Retry.FailedAttempt => ({
  toError: (attempts) =>
    new ServerError({ provider: "example", operation: "list", status: 503, message: "down", requestId: null, type: null, code: null, attempts }),
  retryable,
  retryAfter
})

/**
 * Runs an attempt that fails with `failures` in turn (then succeeds) under `Retry.schedule`, on
 * the TestClock, and returns the waits between attempts and how many attempts were made.
 */
const scheduleRun = (failures: ReadonlyArray<Retry.FailedAttempt>, maxRetries: number) =>
  Effect.gen(function*() {
    const times: Array<number> = []
    const attempt = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      times.push(now)
      const failure = failures[times.length - 1]
      return failure === undefined ? Effect.succeed("done") : Effect.fail(failure)
    })
    const fiber = yield* Effect.forkChild(Effect.exit(Effect.retry(attempt, Retry.schedule(maxRetries))))
    yield* TestClock.adjust("10 minutes")
    const exit = yield* Fiber.join(fiber)
    return { exit, attempts: times.length, waits: times.slice(1).map((time, index) => time - times[index]!) }
  })

describe("Retry.fromResponse", () => {
  it("retries 408, 409, 429 and 5xx, never other 4xx; x-should-retry overrules", () => {
    const retryable = (status: number, headers: Record<string, string> = {}) => Retry.fromResponse(status, headers, 0).retryable
    assert.deepStrictEqual([408, 409, 429, 500, 502, 503, 504].map((status) => retryable(status)), [true, true, true, true, true, true, true])
    assert.deepStrictEqual([400, 401, 403, 404, 422].map((status) => retryable(status)), [false, false, false, false, false])
    assert.isFalse(retryable(503, { "x-should-retry": "false" }))
    assert.isTrue(retryable(400, { "x-should-retry": "true" }))
  })

  it("honours retry-after-ms, then retry-after seconds or date, only within (0, 60 s]", () => {
    const wait = (headers: Record<string, string>) => {
      const retryAfter = Retry.fromResponse(429, headers, Date.parse("2026-11-30T00:00:00Z")).retryAfter
      return retryAfter === undefined ? undefined : Duration.toMillis(retryAfter)
    }
    assert.strictEqual(wait({ "retry-after-ms": "250", "retry-after": "9" }), 250)
    assert.strictEqual(wait({ "retry-after": "2" }), 2000)
    assert.strictEqual(wait({ "retry-after": "Mon, 30 Nov 2026 00:00:05 GMT" }), 5000)
    assert.strictEqual(wait({ "retry-after": "61" }), undefined)
    assert.strictEqual(wait({ "retry-after": "0" }), undefined)
    assert.strictEqual(wait({ "retry-after": "later" }), undefined)
    assert.strictEqual(wait({}), undefined)
  })
})

describe("Retry.schedule", () => {
  it.effect("backs off 0.5 s then 1 s, each shortened by at most 25% jitter", () =>
    Effect.gen(function*() {
      const { attempts, exit, waits } = yield* scheduleRun([failed(true), failed(true)], 2)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(attempts, 3)
      assert.isAtLeast(waits[0]!, 375)
      assert.isAtMost(waits[0]!, 500)
      assert.isAtLeast(waits[1]!, 750)
      assert.isAtMost(waits[1]!, 1000)
    }))

  it.effect("caps the backoff at 8 s", () =>
    Effect.gen(function*() {
      const { attempts, waits } = yield* scheduleRun(Array.from({ length: 6 }, () => failed(true)), 6)
      assert.strictEqual(attempts, 7)
      for (const [index, base] of [500, 1000, 2000, 4000, 8000, 8000].entries()) {
        assert.isAtLeast(waits[index]!, base * 0.75, `wait ${index}`)
        assert.isAtMost(waits[index]!, base, `wait ${index}`)
      }
    }))

  it.effect("a retry-after the server sent replaces the backoff", () =>
    Effect.gen(function*() {
      const { waits } = yield* scheduleRun([failed(true, Duration.millis(1500)), failed(true, Duration.seconds(7))], 2)
      assert.deepStrictEqual(waits, [1500, 7000])
    }))

  it.effect("stops at maxRetries, and at once for a failure that is not retryable", () =>
    Effect.gen(function*() {
      const always = Array.from({ length: 10 }, () => failed(true))
      const bounded = yield* scheduleRun(always, 4)
      assert.deepStrictEqual([Exit.isFailure(bounded.exit), bounded.attempts], [true, 5])
      assert.strictEqual((yield* scheduleRun(always, 0)).attempts, 1)
      const notRetryable = yield* scheduleRun([failed(true), failed(false), failed(true)], 5)
      assert.deepStrictEqual([Exit.isFailure(notRetryable.exit), notRetryable.attempts], [true, 2])
    }))
})

describe("retries over loopback", () => {
  it.live("429 then 200 with retry-after: 1 waits at least a second (real time), 2 requests", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 429, headers: { "retry-after": "1" } })
      const started = Date.now()
      const page = yield* client.list()
      assert.isAtLeast(Date.now() - started, 1000)
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.live("retry-after-ms sets the wait (real time, longer than any first backoff)", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 429, headers: { "retry-after-ms": "1200" } })
      const started = Date.now()
      yield* client.list()
      assert.isAtLeast(Date.now() - started, 1200)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.effect("503 twice then 200: 3 requests, then the page", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 503, times: 2 })
      const page = yield* driveUntilDone(yield* Effect.forkChild(client.list()))
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 3)
    }))

  it.effect("an HTML 502 every time: 3 requests, then ServerError saying 3 attempts", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 502, times: 10 })
      const error = yield* driveUntilDone(yield* Effect.forkChild(failureOf(client.list())))
      assert.deepStrictEqual([error._tag, error.status, error.attempts], ["ServerError", 502, 3])
      assert.include(error.message, "502 Bad Gateway")
      assert.strictEqual(server.requests().length, 3)
    }))

  it.effect("maxRetries bounds the requests", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai, {}, { maxRetries: 4 })
      server.inject({ status: 500, times: 10 })
      const error = yield* driveUntilDone(yield* Effect.forkChild(failureOf(client.list())))
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["ServerError", 5, 5])
    }))

  it.effect("maxRetries: 0 sends one request", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai, {}, { maxRetries: 0 })
      server.inject({ status: 503, times: 10 })
      const error = yield* failureOf(client.list())
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["ServerError", 1, 1])
    }))

  it.effect("400 is not retried: 1 request", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 400 })
      const error = yield* failureOf(client.list())
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["InvalidRequestError", 1, 1])
    }))

  it.effect("503 with x-should-retry: false is not retried: 1 request", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 503, headers: { "x-should-retry": "false" } })
      const error = yield* failureOf(client.list())
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["ServerError", 1, 1])
    }))

  it.effect("a reset connection then 200: 2 requests", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ reset: true })
      const page = yield* driveUntilDone(yield* Effect.forkChild(client.list()))
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.live("a hung request with a 400 ms timeout and 0 retries is a TransportError within a few seconds", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai, {}, { timeout: "400 millis", maxRetries: 0 })
      server.inject({ hang: true })
      const started = Date.now()
      const error = yield* failureOf(client.list())
      assert.isBelow(Date.now() - started, 3000)
      assert.deepStrictEqual([error._tag, error._tag === "TransportError" ? error.reason : "", error.attempts], ["TransportError", "Timeout", 1])
      assert.include(error.message, "timed out after")
    }))

  it.live("a hung request times out and is retried: the retry's answer is the result", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai, {}, { timeout: "300 millis", maxRetries: 1 })
      server.inject({ hang: true })
      const page = yield* client.list()
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.effect("a truncated 200 body is a DecodeError, not retried", () =>
    Effect.gen(function*() {
      const { client, server } = yield* setup(openai)
      server.inject({ truncate: true })
      const error = yield* failureOf(client.list())
      assert.strictEqual(error._tag, "DecodeError")
      assert.strictEqual(server.requests().length, 1)
    }))
})

for (const vendor of vendors) {
  describe(`${vendor.provider} pagination guards`, () => {
    it.effect("a cursor that repeats stops listAll with a typed error", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        // Every list answers as if the cursor were not sent: the second page repeats the first.
        server.inject({ route: "list", repeatCursor: true, times: 5 })
        const error = yield* failureOf(Stream.runDrain(client.listAll({ limit: 10 })))
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "cursor did not advance")
        assert.strictEqual(server.requests().length, 2)
      }))

    it.effect("an empty page that says has_more stops listAll with a typed error", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        server.inject({ route: "list", status: 200, body: JSON.stringify({ object: "list", data: [], first_id: null, last_id: null, has_more: true }) })
        const error = yield* failureOf(Stream.runDrain(client.listAll()))
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "empty but has_more is true")
        assert.strictEqual(server.requests().length, 1)
      }))

    it.effect("with read-ahead, a page that fails comes after every batch before it", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        server.inject({ route: "list", status: 400, skip: 1 })
        const seen: Array<string> = []
        const error = yield* failureOf(Stream.runForEach(client.listAll({ limit: 10 }), (batch) => Effect.sync(() => seen.push(batch.nativeId))))
        assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", 400])
        assert.deepStrictEqual(seen, server.batches.slice(0, 10).map((batch) => batch.id))
        assert.strictEqual(server.requests().length, 2)
      }))

    it.effect("a bad item on a page that says has_more is a DecodeError at its path, though the next page was read ahead", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const item = (suffix: string, status: unknown) => ({ id: vendor.nativePrefix + suffix, object: "batch", status, created_at: 1711471533 })
        const body = { object: "list", data: [item("a", "completed"), item("b", 3)], first_id: null, last_id: null, has_more: true }
        server.inject({ route: "list", status: 200, body: JSON.stringify(body) })
        const error = yield* failureOf(Stream.runDrain(client.listAll()))
        assert.deepStrictEqual([error._tag, error._tag === "DecodeError" ? error.path : ""], ["DecodeError", "$.data[1].status"])
      }))

    it.live("interrupting the stream mid-page cancels the request in flight", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const fiber = yield* Effect.forkChild(Stream.runDrain(client.listAll({ limit: 10 })))
        yield* untilRequests(server, 1)
        server.inject({ route: "list", hang: true })
        yield* untilRequests(server, 2)
        const started = Date.now()
        yield* Fiber.interrupt(fiber)
        assert.isBelow(Date.now() - started, 1000)
      }))
  })
}
