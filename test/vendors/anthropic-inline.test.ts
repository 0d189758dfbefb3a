/**
 * Anthropic's inline submit over loopback: `submit(requests)` POSTs `{requests: [{custom_id,
 * params}]}` to `/messages/batches` (no upload), the fake runs the batch in_progress -> ended with
 * planted `fail` / `expire` ids, results come from `results_url`; the limits (100,000 requests,
 * the `custom_id` rule) and the file operations are refused before any request.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Anthropic from "@unibatch/anthropic/Anthropic"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Stream from "effect/Stream"

const KEY = "sk-ant-SECRET-inline-1618"
const endpoint = "/v1/messages"
const clientOf = (baseUrl: string) => Anthropic.make({ apiKey: KEY, baseUrl, maxRetries: 0 }).pipe(Effect.provide(FetchHttpClient.layer))
const request = (customId: string) => ({ customId, body: { model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: customId }] } })

describe("anthropic inline submit", () => {
  it.live("submit POSTs the requests inline, the batch runs in_progress -> ended, results from results_url", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 0, batchDurationMs: 200 })
      const client = yield* clientOf(server.baseUrl)
      const submitted = yield* client.submit([request("ok-1"), request("fail-2"), request("ok_3")], { endpoint })
      assert.strictEqual(submitted.status, "in_progress")
      assert.strictEqual(submitted.nativeStatus, "in_progress")
      assert.match(submitted.nativeId, /^msgbatch_/)
      assert.isNull(submitted.inputFileId)
      const [sent] = server.requests()
      assert.deepStrictEqual([sent!.method, sent!.path], ["POST", "/v1/messages/batches"])
      assert.strictEqual(server.requests().length, 1)
      assert.strictEqual(sent!.headers["content-type"], "application/json")
      const done = yield* client.waitForCompletion(submitted.id, { schedule: Schedule.spaced("20 millis") })
      assert.strictEqual(done.status, "completed")
      assert.strictEqual(done.nativeStatus, "ended")
      assert.deepStrictEqual(done.requestCounts, { total: 3, completed: 2, failed: 1, processing: 0, cancelled: 0, expired: 0 })
      const results = yield* Stream.runCollect(client.results(done))
      assert.deepStrictEqual(results.map((result) => [result.customId, result.outcome]).sort(), [["fail-2", "failed"], ["ok-1", "succeeded"], ["ok_3", "succeeded"]])
      const succeeded = results.find((result) => result.customId === "ok-1")!
      assert.strictEqual((succeeded.body as any).type, "message")
      assert.strictEqual(results.find((result) => result.customId === "fail-2")!.error!.code, "invalid_request_error")
    }))

  it.live("a cancelled batch: canceling, then ended as cancelled, its unrun requests canceled", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 0, batchDurationMs: 400 })
      const client = yield* clientOf(server.baseUrl)
      const submitted = yield* client.submit([request("a"), request("b")], { endpoint })
      const cancelling = yield* client.cancel(submitted.id)
      assert.strictEqual(cancelling.status, "cancelling")
      assert.strictEqual(cancelling.nativeStatus, "canceling")
      assert.isNotNull(cancelling.cancellingAt)
      const done = yield* client.waitForCompletion(submitted.id, { schedule: Schedule.spaced("20 millis") })
      assert.strictEqual(done.status, "cancelled")
      assert.strictEqual(done.nativeStatus, "ended")
      assert.strictEqual(done.requestCounts!.cancelled, 2)
      const results = yield* Stream.runCollect(client.results(done))
      assert.deepStrictEqual(results.map((result) => result.outcome), ["cancelled", "cancelled"])
    }))

  it.live("planted expire: every request expired is expired; some expired, others done, is completed", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 0, batchDurationMs: 200 })
      const client = yield* clientOf(server.baseUrl)
      const all = yield* client.submit([request("expire-1"), request("expire-2")], { endpoint })
      const some = yield* client.submit([request("ok-1"), request("expire-2")], { endpoint })
      const allDone = yield* client.waitForCompletion(all.id, { schedule: Schedule.spaced("20 millis") })
      const someDone = yield* client.waitForCompletion(some.id, { schedule: Schedule.spaced("20 millis") })
      assert.strictEqual(allDone.status, "expired")
      assert.deepStrictEqual(allDone.requestCounts, { total: 2, completed: 0, failed: 0, processing: 0, cancelled: 0, expired: 2 })
      assert.strictEqual(someDone.status, "completed")
      assert.deepStrictEqual(someDone.requestCounts, { total: 2, completed: 1, failed: 0, processing: 0, cancelled: 0, expired: 1 })
      const results = yield* Stream.runCollect(client.results(someDone))
      assert.deepStrictEqual(results.map((result) => [result.customId, result.outcome]).sort(), [["expire-2", "expired"], ["ok-1", "succeeded"]])
    }))

  it.effect("custom_id outside 1-64 of [a-zA-Z0-9_-] is refused naming the line, before any request", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 0 })
      const client = yield* clientOf(server.baseUrl)
      for (const [bad, line] of [["has space", 2], ["x".repeat(65), 2], ["dot.ted", 2]] as const) {
        const refused = yield* Effect.flip(client.submit([request("fine"), request(bad)], { endpoint }))
        assert.strictEqual(refused._tag, "InvalidRequestError")
        assert.include(refused.message, `line ${line}`)
        assert.include(refused.message, "1 to 64 letters, digits, _ or -")
      }
      const many = Array.from({ length: 100_001 }, (_, index) => request(`r${index}`))
      const tooMany = yield* Effect.flip(client.submit(many, { endpoint }))
      assert.include(tooMany.message, "100000")
      const metadata = yield* Effect.flip(client.submit([request("a")], { endpoint, metadata: { job: "x" } }))
      assert.strictEqual(metadata._tag, "InvalidRequestError")
      assert.deepStrictEqual(server.requests(), [])
    }))

  it.effect("create and the file operations are refused: anthropic takes requests inline", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 0 })
      const client = yield* clientOf(server.baseUrl)
      const refusals = [
        yield* Effect.flip(client.create({ inputFileId: "file-1", endpoint })),
        yield* Effect.flip(client.upload(new Blob(["{}\n"]))),
        yield* Effect.flip(client.retrieveFile("file-1")),
        yield* Effect.flip(Stream.runCollect(client.listFiles())),
        yield* Effect.flip(Stream.runCollect(client.fileContent("file-1")))
      ]
      for (const refused of refusals) {
        assert.strictEqual(refused._tag, "InvalidRequestError")
        assert.include(refused.message, "anthropic takes requests inline; use submit")
        assert.notInclude(refused.message, KEY)
      }
      assert.deepStrictEqual(server.requests(), [])
    }))

  it.effect("the fake refuses an inline body with a bad custom_id, in Anthropic's error shape", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 0 })
      const response = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/messages/batches`, {
          method: "POST",
          headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01", "content-type": "application/json" },
          body: JSON.stringify({ requests: [{ custom_id: "no spaces", params: {} }] })
        })
      )
      assert.strictEqual(response.status, 400)
      const body: any = yield* Effect.promise(() => response.json())
      assert.strictEqual(body.type, "error")
      assert.include(body.error.message, "custom_id")
    }))
})
