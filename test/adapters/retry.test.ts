/**
 * The retry policy and pagination guards over real loopback HTTP, against testkit fault
 * injection. Waits run on the TestClock, except one real-time test that proves the wiring.
 */
import { describe, it } from "@effect/vitest"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as Retry from "@unibatch/core/Retry"
import type { FakeVendorServer } from "@unibatch/testkit/FakeVendor"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { assert } from "vitest"
import { setup, vendors } from "./vendors.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.either(effect), (result) => (Either.isLeft(result) ? Effect.succeed(result.left) : Effect.dieMessage("expected a failure")))

/** Real time passes (HTTP is real) while the TestClock stands still. */
const realPause = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))

const untilRequests = (server: FakeVendorServer, count: number) =>
  Effect.gen(function* () {
    while (server.requests().length < count) yield* realPause
  })

/** Waits until the client sleeps before a retry (a sleep shorter than the 10-minute request timeout), and returns its length. */
const nextRetrySleep = Effect.gen(function* () {
  for (;;) {
    const now = yield* TestClock.currentTimeMillis
    const pending = Chunk.toReadonlyArray(yield* TestClock.sleeps()).map((wake) => wake - now).filter((delay) => delay < 120_000)
    if (pending.length > 0) return Math.min(...pending)
    yield* realPause
  }
})

const openai = vendors[0]!

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

describe("retries over loopback", () => {
  it.scopedLive("429 then 200 with retry-after: 1 waits at least a second (real time), 2 requests", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 429, headers: { "retry-after": "1" } })
      const started = Date.now()
      const page = yield* client.list()
      assert.isAtLeast(Date.now() - started, 1000)
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.scoped("retry-after-ms sets the wait", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 429, headers: { "retry-after-ms": "1500" } })
      const fiber = yield* Effect.fork(client.list())
      assert.strictEqual(yield* nextRetrySleep, 1500)
      yield* TestClock.adjust("1499 millis")
      assert.strictEqual(server.requests().length, 1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.scoped("503 twice then 200: backoff 0.5 s then 1 s with at most 25% jitter, 3 requests", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 503, times: 2 })
      const fiber = yield* Effect.fork(client.list())
      const first = yield* nextRetrySleep
      assert.isAtLeast(first, 375)
      assert.isAtMost(first, 500)
      yield* TestClock.adjust(Duration.millis(first))
      yield* untilRequests(server, 2)
      const second = yield* nextRetrySleep
      assert.isAtLeast(second, 750)
      assert.isAtMost(second, 1000)
      yield* TestClock.adjust(Duration.millis(second))
      const page = yield* Fiber.join(fiber)
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 3)
    }))

  it.scoped("an HTML 502 every time: 3 requests, then ServerError saying 3 attempts", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 502, times: 10 })
      const fiber = yield* Effect.fork(failureOf(client.list()))
      yield* TestClock.adjust(Duration.millis(yield* nextRetrySleep))
      yield* untilRequests(server, 2)
      yield* TestClock.adjust(Duration.millis(yield* nextRetrySleep))
      const error = yield* Fiber.join(fiber)
      assert.deepStrictEqual([error._tag, error.status, error.attempts], ["ServerError", 502, 3])
      assert.include(error.message, "502 Bad Gateway")
      assert.strictEqual(server.requests().length, 3)
    }))

  it.scoped("maxRetries bounds the requests", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai, {}, { maxRetries: 4 })
      server.inject({ status: 500, times: 10 })
      const fiber = yield* Effect.fork(failureOf(client.list()))
      for (let request = 1; request <= 4; request++) {
        yield* untilRequests(server, request)
        yield* TestClock.adjust(Duration.millis(yield* nextRetrySleep))
      }
      const error = yield* Fiber.join(fiber)
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["ServerError", 5, 5])
    }))

  it.scoped("400 is not retried: 1 request", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 400 })
      const error = yield* failureOf(client.list())
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["InvalidRequestError", 1, 1])
    }))

  it.scoped("503 with x-should-retry: false is not retried: 1 request", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ status: 503, headers: { "x-should-retry": "false" } })
      const error = yield* failureOf(client.list())
      assert.deepStrictEqual([error._tag, error.attempts, server.requests().length], ["ServerError", 1, 1])
    }))

  it.scoped("a reset connection then 200: 2 requests", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ reset: true })
      const fiber = yield* Effect.fork(client.list())
      yield* TestClock.adjust(Duration.millis(yield* nextRetrySleep))
      const page = yield* Fiber.join(fiber)
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.scopedLive("a hung request with a 400 ms timeout and 0 retries is a TransportError within a few seconds", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai, {}, { timeout: "400 millis", maxRetries: 0 })
      server.inject({ hang: true })
      const started = Date.now()
      const error = yield* failureOf(client.list())
      assert.isBelow(Date.now() - started, 3000)
      assert.deepStrictEqual([error._tag, error._tag === "TransportError" ? error.reason : "", error.attempts], ["TransportError", "Timeout", 1])
    }))

  it.scoped("a truncated 200 body is a DecodeError, not retried", () =>
    Effect.gen(function* () {
      const { client, server } = yield* setup(openai)
      server.inject({ truncate: true })
      const error = yield* failureOf(client.list())
      assert.strictEqual(error._tag, "DecodeError")
      assert.strictEqual(server.requests().length, 1)
    }))
})

for (const vendor of vendors) {
  describe(`${vendor.provider} pagination guards`, () => {
    it.scoped("a cursor that repeats stops listAll with a typed error", () =>
      Effect.gen(function* () {
        const { client, server } = yield* setup(vendor)
        // Every list answers as if `after` were not sent: the second page repeats the first.
        server.inject({ route: "list", repeatCursor: true, times: 5 })
        const error = yield* failureOf(Stream.runDrain(client.listAll({ limit: 10 })))
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "cursor did not advance")
        assert.strictEqual(server.requests().length, 2)
      }))

    it.scoped("an empty page that says has_more stops listAll with a typed error", () =>
      Effect.gen(function* () {
        const { client, server } = yield* setup(vendor)
        server.inject({ route: "list", status: 200, body: JSON.stringify({ object: "list", data: [], first_id: null, last_id: null, has_more: true }) })
        const error = yield* failureOf(Stream.runDrain(client.listAll()))
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "empty but has_more is true")
        assert.strictEqual(server.requests().length, 1)
      }))

    it.scoped("with read-ahead, a page that fails comes after every batch before it", () =>
      Effect.gen(function* () {
        const { client, server } = yield* setup(vendor)
        server.inject({ route: "list", status: 400, skip: 1 })
        const seen: Array<string> = []
        const error = yield* failureOf(Stream.runForEach(client.listAll({ limit: 10 }), (batch) => Effect.sync(() => seen.push(batch.nativeId))))
        assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", 400])
        assert.deepStrictEqual(seen, server.batches.slice(0, 10).map((batch) => batch.id))
        assert.strictEqual(server.requests().length, 2)
      }))

    it.scoped("a bad item on a page that says has_more is a DecodeError at its path, though the next page was read ahead", () =>
      Effect.gen(function* () {
        const { client, server } = yield* setup(vendor)
        const item = (suffix: string, status: unknown) => ({ id: vendor.nativePrefix + suffix, object: "batch", status, created_at: 1711471533 })
        const body = { object: "list", data: [item("a", "completed"), item("b", 3)], first_id: null, last_id: null, has_more: true }
        server.inject({ route: "list", status: 200, body: JSON.stringify(body) })
        const error = yield* failureOf(Stream.runDrain(client.listAll()))
        assert.deepStrictEqual([error._tag, error._tag === "DecodeError" ? error.path : ""], ["DecodeError", "$.data[1].status"])
      }))

    it.scopedLive("interrupting the stream mid-page cancels the request in flight", () =>
      Effect.gen(function* () {
        const { client, server } = yield* setup(vendor)
        const fiber = yield* Effect.fork(Stream.runDrain(client.listAll({ limit: 10 })))
        yield* untilRequests(server, 1)
        server.inject({ route: "list", hang: true })
        yield* untilRequests(server, 2)
        const started = Date.now()
        yield* Fiber.interrupt(fiber)
        assert.isBelow(Date.now() - started, 1000)
      }))
  })
}
