/**
 * `@unibatch/anthropic` over loopback against the test kit's Anthropic fake (`FakeVendor` with
 * `provider: "anthropic"`, played from `Anthropic.definition`): list, retrieve, listAll and cancel
 * under `/messages/batches` with `x-api-key` and `anthropic-version`, the `2026-10-21` bearer form,
 * every `processing_status` to the right canonical status and whole counts, `msgbatch_X` <->
 * `batch_X`, the strict contract, and the key absent from every error.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Anthropic from "@unibatch/anthropic/Anthropic"
import * as AnthropicWire from "@unibatch/anthropic/AnthropicWire"
import type { Batch } from "@unibatch/core/Batch"
import * as Conformance from "@unibatch/core/Conformance"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import * as Providers from "unibatch/Providers"

const KEY = "sk-ant-SECRET-key-2718"

const clientOf = (options: Anthropic.AnthropicOptions) =>
  Anthropic.make({ maxRetries: 0, ...options }).pipe(Effect.provide(FetchHttpClient.layer))

const assertNoSecret = (value: unknown) => {
  assert.notInclude(JSON.stringify(value), KEY)
  assert.notInclude(inspect(value, { depth: 10 }), KEY)
  assert.notInclude(String(value), KEY)
}

/** The canonical status a wire batch must map to, worked out from the wire object alone. */
const expectedStatus = (wire: any): string => {
  if (wire.processing_status === "in_progress") return "in_progress"
  if (wire.processing_status === "canceling") return "cancelling"
  if (wire.cancel_initiated_at !== null) return "cancelled"
  const { canceled, errored, expired, processing, succeeded } = wire.request_counts
  return expired > 0 && processing + succeeded + errored + canceled === 0 ? "expired" : "completed"
}

describe("@unibatch/anthropic against the Anthropic fake", () => {
  it("is registered: provider, key variable, base URL, paths", () => {
    const definition = Providers.definitions.anthropic
    assert.strictEqual(definition, Anthropic.definition)
    assert.strictEqual(definition.apiKeyEnv, "ANTHROPIC_API_KEY")
    assert.strictEqual(definition.defaultBaseUrl, "https://api.anthropic.com/v1")
    assert.deepStrictEqual(definition.paths, { list: "/messages/batches", retrieve: "/messages/batches/{id}" })
    assert.strictEqual(definition.lifecycle.paths.cancel, "/messages/batches/{id}/cancel")
    assert.deepStrictEqual(FakeVendor.definitionOf("anthropic"), Anthropic.definition)
  })

  it.effect("list, retrieve and listAll under /messages/batches with x-api-key and anthropic-version 2023-06-01", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 7 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const page = yield* client.list({ limit: 3 })
      assert.strictEqual(page.data.length, 3)
      assert.isTrue(page.hasMore)
      assert.strictEqual(page.data[0]!.provider, "anthropic")
      const batch = yield* client.retrieve(page.data[1]!.id)
      assert.deepStrictEqual(batch, page.data[1])
      const all = yield* Stream.runCollect(client.listAll({ limit: 2 }))
      assert.strictEqual(all.length, 7)
      assert.deepStrictEqual(all.map((each) => each.id), server.batches.map((wire) => `batch_${String(wire.id).slice("msgbatch_".length)}`))
      const sent = server.requests()
      assert.strictEqual(sent[0]!.path, "/v1/messages/batches")
      // The cursor goes out in native form.
      assert.deepStrictEqual(sent[3]!.query, { limit: "2", after_id: String(server.batches[1]!.id) })
      for (const request of sent) {
        assert.strictEqual(request.headers["x-api-key"], KEY)
        assert.strictEqual(request.headers["anthropic-version"], "2023-06-01")
        assert.isUndefined(request.headers["authorization"])
      }
    }))

  it.effect("apiVersion 2026-10-21 sends the key as Authorization: Bearer, and no x-api-key", () =>
    Effect.gen(function*() {
      const definition = Anthropic.definitionFor("2026-10-21")
      const server = yield* FakeVendor.make({ definition, apiKey: KEY, count: 2 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl, apiVersion: "2026-10-21" })
      const page = yield* client.list()
      assert.strictEqual(page.data.length, 2)
      const [request] = server.requests()
      assert.strictEqual(request!.headers["authorization"], `Bearer ${KEY}`)
      assert.strictEqual(request!.headers["anthropic-version"], "2026-10-21")
      assert.isUndefined(request!.headers["x-api-key"])
      // The default form against the bearer server: refused for want of the key it expects.
      const old = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const refused = yield* Effect.flip(old.list())
      assert.strictEqual(refused._tag, "AuthenticationError")
      assertNoSecret(refused)
    }))

  it.effect("every processing_status maps to the right canonical status, the counts kept whole", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 16 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const page = yield* client.list({ limit: 16 })
      const seen = new Set<string>()
      page.data.forEach((batch: Batch, index) => {
        const wire = server.batches[index] as any
        assert.strictEqual(batch.nativeId, wire.id)
        assert.strictEqual(batch.id, `batch_${wire.id.slice("msgbatch_".length)}`)
        assert.strictEqual(batch.nativeStatus, wire.processing_status)
        assert.strictEqual(batch.status, expectedStatus(wire), JSON.stringify(wire))
        seen.add(`${wire.processing_status}/${batch.status}`)
        const counts = wire.request_counts
        assert.deepStrictEqual(batch.requestCounts, {
          total: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
          completed: counts.succeeded,
          failed: counts.errored,
          processing: counts.processing,
          cancelled: counts.canceled,
          expired: counts.expired
        })
        assert.isNull(batch.inputFileId)
        assert.isNull(batch.outputFileId)
        assert.isNull(batch.errorFileId)
        assert.strictEqual(batch.resultsUrl, wire.results_url)
        assert.strictEqual(batch.cancellingAt !== null, wire.cancel_initiated_at !== null)
        if (batch.status === "cancelled") assert.isNotNull(batch.cancelledAt)
        if (batch.status === "expired") assert.isNotNull(batch.expiredAt)
        if (batch.status === "completed") assert.isNotNull(batch.completedAt)
      })
      // In progress, canceling, and ended by success and by cancel: all served and mapped (by expiry: below).
      for (const pair of ["in_progress/in_progress", "canceling/cancelling", "ended/completed", "ended/cancelled"]) {
        assert.isTrue(seen.has(pair), `${pair} in ${[...seen].join(", ")}`)
      }
    }))

  it.effect("ended by expiry (every request expired) is expired, served as given", () =>
    Effect.gen(function*() {
      const wire = {
        id: "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF",
        type: "message_batch",
        processing_status: "ended",
        request_counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 4 },
        ended_at: "2024-09-25T18:37:30.000000Z",
        created_at: "2024-09-24T18:37:24.100435Z",
        expires_at: "2024-09-25T18:37:24.100435Z",
        archived_at: null,
        cancel_initiated_at: null,
        results_url: "https://api.anthropic.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results"
      }
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, batches: [wire] })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const batch = yield* client.retrieve("batch_013Zva2CMHLNnXjNJJKqJ2EF")
      assert.strictEqual(batch.status, "expired")
      assert.strictEqual(batch.nativeStatus, "ended")
      assert.strictEqual(String(batch.expiredAt), String(batch.createdAt).replace("2024-09-24T18:37:24.100Z", "2024-09-25T18:37:30.000Z"))
      assert.deepStrictEqual(batch.requestCounts, { total: 4, completed: 0, failed: 0, processing: 0, cancelled: 0, expired: 4 })
    }))

  it("ended with some requests expired and others done is completed; all expired is expired; a cancel wins", () => {
    const ended = (counts: Record<string, number>, cancel: string | null = null) =>
      Anthropic.status("ended", { request_counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0, ...counts }, cancel_initiated_at: cancel })
    assert.strictEqual(ended({ expired: 4 }), "expired")
    assert.strictEqual(ended({ expired: 3, succeeded: 1 }), "completed")
    assert.strictEqual(ended({ errored: 2 }), "completed")
    assert.strictEqual(ended({ expired: 4 }, "2024-09-24T18:40:00Z"), "cancelled")
    assert.strictEqual(Anthropic.status("archived", {}), "unknown")
  })

  it.effect("the ID: retrieve by batch_X or msgbatch_X sends msgbatch_X; cancel POSTs .../{id}/cancel", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 3 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const native = String(server.batches[1]!.id)
      assert.match(native, /^msgbatch_/)
      const canonical = `batch_${native.slice("msgbatch_".length)}`
      const byCanonical = yield* client.retrieve(canonical)
      const byNative = yield* client.retrieve(native)
      assert.strictEqual(byCanonical.id, canonical)
      assert.deepStrictEqual(byNative, byCanonical)
      const cancelled = yield* client.cancel(canonical)
      assert.strictEqual(cancelled.id, canonical)
      assert.deepStrictEqual(server.requests().map((request) => [request.method, request.path]), [
        ["GET", `/v1/messages/batches/${native}`],
        ["GET", `/v1/messages/batches/${native}`],
        ["POST", `/v1/messages/batches/${native}/cancel`]
      ])
    }))

  it.effect("the served objects conform to the strict contract", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 16 })
      const response = yield* Effect.promise(() =>
        fetch(`${server.baseUrl}/messages/batches?limit=16`, { headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01" } })
      )
      const body = yield* Effect.promise(() => response.text())
      const report = Conformance.check(AnthropicWire.contract, { operation: "list", body, status: response.status })
      assert.isTrue(report.conformant, JSON.stringify(report.violations))
      const missing = yield* Effect.promise(() => fetch(`${server.baseUrl}/messages/batches/msgbatch_nope`, { headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01" } }))
      const errorReport = Conformance.check(AnthropicWire.contract, { operation: "retrieve", body: yield* Effect.promise(() => missing.text()), status: missing.status })
      assert.strictEqual(missing.status, 404)
      assert.deepStrictEqual(errorReport.violations, [])
    }))

  it.effect("the key appears in no error: wrong key, unknown batch, a bad limit", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: "another-key", count: 2 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const wrong = yield* Effect.flip(client.list())
      assert.strictEqual(wrong._tag, "AuthenticationError")
      assert.include(wrong.message, "invalid x-api-key")
      assertNoSecret(wrong)
      const right = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 2 })
      const good = yield* clientOf({ apiKey: KEY, baseUrl: right.baseUrl })
      const missing = yield* Effect.flip(good.retrieve("batch_missing"))
      assert.strictEqual(missing._tag, "NotFoundError")
      assertNoSecret(missing)
      const tooLarge = yield* Effect.result(good.list({ limit: 1001 }))
      assert.isTrue(Result.isFailure(tooLarge))
      assertNoSecret(tooLarge)
    }))

  it.effect("results: every ended batch's results_url is read, each result type to its outcome, matching the counts", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 16 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const page = yield* client.list({ limit: 16 })
      const seen = new Set<string>()
      for (const batch of page.data) {
        if (!["completed", "cancelled", "expired"].includes(batch.status)) {
          assert.isNull(batch.resultsUrl)
          const refused = yield* Effect.flip(Stream.runCollect(client.results(batch)))
          assert.strictEqual(refused._tag, "InvalidRequestError")
          continue
        }
        seen.add(batch.status)
        assert.strictEqual(batch.resultsUrl, `${server.baseUrl}/messages/batches/${batch.nativeId}/results`)
        server.clearRequests()
        const results = yield* Stream.runCollect(client.results(batch))
        const [request] = server.requests()
        assert.strictEqual(request!.path, `/v1/messages/batches/${batch.nativeId}/results`)
        assert.strictEqual(request!.headers["x-api-key"], KEY)
        const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length
        for (const result of results) seen.add(result.outcome)
        const counts = batch.requestCounts!
        assert.strictEqual(results.length, counts.total)
        assert.deepStrictEqual(
          [count("succeeded"), count("failed"), count("cancelled"), count("expired")],
          [counts.completed, counts.failed, counts.cancelled, counts.expired]
        )
        for (const result of results) {
          assert.strictEqual(result.batchId, batch.id)
          assert.isNull(result.statusCode)
          if (result.outcome === "succeeded") {
            assert.strictEqual((result.body as any).type, "message")
            assert.isNull(result.error)
          } else if (result.outcome === "failed") {
            assert.isNull(result.body)
            assert.strictEqual(result.error!.code, "invalid_request_error")
            assert.isString(result.error!.message)
          } else {
            assert.isNull(result.body)
            assert.isNull(result.error)
          }
        }
      }
      // Batches ended by success and by cancel; result lines of every outcome.
      assert.deepStrictEqual([...seen].sort(), ["cancelled", "completed", "expired", "failed", "succeeded"])
    }))

  it("the result codec: succeeded, errored (both error shapes), canceled, expired", () => {
    const { read } = Anthropic.definition.lifecycle.results
    const message = { id: "msg_1", type: "message", content: [] }
    assert.deepStrictEqual(read({ custom_id: "a", result: { type: "succeeded", message } }), {
      customId: "a", outcome: "succeeded", statusCode: null, body: message, error: null, requestId: null
    })
    assert.deepStrictEqual(
      read({ custom_id: "b", result: { type: "errored", error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } } }).error,
      { code: "overloaded_error", message: "Overloaded" }
    )
    assert.deepStrictEqual(
      read({ custom_id: "c", result: { type: "errored", error: { type: "invalid_request_error", message: "bad" } } }).error,
      { code: "invalid_request_error", message: "bad" }
    )
    assert.strictEqual(read({ custom_id: "d", result: { type: "canceled" } }).outcome, "cancelled")
    assert.strictEqual(read({ custom_id: "e", result: { type: "expired" } }).outcome, "expired")
    assert.strictEqual(read({ custom_id: "f", result: { type: "archived" } }).outcome, "failed")
  })

  it.effect("a results_url on another origin gets no key", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "anthropic", apiKey: KEY, count: 8 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const page = yield* client.list({ limit: 8 })
      const ended = page.data.find((batch) => batch.status === "completed")!
      const seen: Array<Http.IncomingHttpHeaders> = []
      const other = Http.createServer((request, response) => {
        seen.push(request.headers)
        response.end(JSON.stringify({ custom_id: "x", result: { type: "expired" } }) + "\n")
      })
      yield* Effect.promise(() => new Promise<void>((resolve) => other.listen(0, "127.0.0.2", resolve)))
      try {
        const { port } = other.address() as AddressInfo
        const elsewhere = { ...ended, resultsUrl: `http://127.0.0.2:${port}/results.jsonl` } as Batch
        const results = yield* Stream.runCollect(client.results(elsewhere))
        assert.deepStrictEqual(results.map((result) => result.outcome), ["expired"])
        assert.strictEqual(seen.length, 1)
        assert.isUndefined(seen[0]!["x-api-key"])
        assert.isUndefined(seen[0]!["authorization"])
      } finally {
        other.close()
      }
    }))
})
