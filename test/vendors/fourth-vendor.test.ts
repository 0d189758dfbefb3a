/**
 * A fourth vendor defined in this folder only (`./tessera.ts`), with traits none of the three
 * built-in vendors has: RFC 3339 timestamps, an `after_id` cursor read from `last_id`, `x-api-key`
 * plus a version header, `processing_status` with its own vocabulary, `msgbatch_` IDs, request
 * counts by outcome, `results_url`, pages up to 1000, a `request-id` header and
 * `{"type":"error","error":{...}}` error bodies.
 *
 * It lists (lazily, over three pages and more), retrieves, maps errors and conforms through the
 * same `BatchClient` (`VendorClient.make`), the same command (`run` of `@unibatch/cli/Main`, given
 * the registry's definitions plus this one) and a test-kit server run from its profile
 * (`FakeVendor.make({ definition })`): nothing in core, the test kit or the command was changed
 * for it.
 */
import { assert, describe, it } from "@effect/vitest"
import { type BatchJson, pageToJson, toJson } from "@unibatch/core/Batch"
import * as BatchClient from "@unibatch/core/BatchClient"
import type { BatchStatus } from "@unibatch/core/BatchStatus"
import * as Conformance from "@unibatch/core/Conformance"
import type { FakeStatus } from "@unibatch/core/FakeServerProfile"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as VendorClient from "@unibatch/core/VendorClient"
import { run } from "@unibatch/cli/Main"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inspect } from "node:util"
import * as Providers from "unibatch/Providers"
import { afterAll, beforeAll } from "vitest"
import * as Tessera from "./tessera.js"

const KEY = "tk-fourth-vendor-SECRET-4242"
const definition = Tessera.definition

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A test-kit server playing the vendor from its profile; only {@link KEY} is accepted. */
const serve = (options: FakeVendor.CommonOptions = {}) => FakeVendor.make({ definition, apiKey: KEY, ...options })

type Server = FakeVendor.FakeVendorServer

/** The `BatchClient` service for the vendor, built from its definition alone, over `fetch`. */
const client = (server: Server, options: Partial<VendorClient.Options> = {}): Layer.Layer<BatchClient.BatchClient> =>
  Layer.effect(
    BatchClient.BatchClient,
    VendorClient.make(definition, { apiKey: Redacted.make(KEY), baseUrl: server.baseUrl, maxRetries: 0, ...options })
  ).pipe(Layer.provide(FetchHttpClient.layer))

const failure = <A>(effect: Effect.Effect<A, UnibatchError, BatchClient.BatchClient>, layer: Layer.Layer<BatchClient.BatchClient>) =>
  Effect.flip(Effect.provide(effect, layer))

/** The headers the vendor's own clients send. */
const authHeaders: Record<string, string> = { "x-api-key": KEY, [Tessera.versionHeader]: Tessera.version }

interface Answer {
  readonly status: number
  readonly text: string
  readonly headers: Headers
}

/** A raw GET of the fake server, for the bodies the conformance checks read. */
const get = (url: string, headers: Record<string, string> = authHeaders) =>
  Effect.promise(async (): Promise<Answer> => {
    const response = await fetch(url, { headers })
    return { status: response.status, text: await response.text(), headers: response.headers }
  })

const listUrl = (server: Server, query = "") => `${server.baseUrl}/messages/batches${query}`
const retrieveUrl = (server: Server, id: string) => `${server.baseUrl}/messages/batches/${encodeURIComponent(id)}`

const wireId = (wire: Record<string, unknown> | undefined): string => String(wire?.["id"])
const canonicalId = (nativeId: string) => `batch_${nativeId.slice("msgbatch_".length)}`

/** The lifecycle state of the generated batch at `index` (the test kit cycles them in this documented order). */
const fakeStatuses: ReadonlyArray<FakeStatus> = ["validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled"]
const fakeStatusAt = (index: number): FakeStatus => fakeStatuses[index % fakeStatuses.length]!

/** What each generated state becomes through the vendor's three words and back. */
const canonicalOf: Record<FakeStatus, BatchStatus> = {
  validating: "in_progress",
  in_progress: "in_progress",
  finalizing: "in_progress",
  completed: "completed",
  // The vendor has no failed state: a batch that never ran is simply `ended`.
  failed: "completed",
  expired: "expired",
  cancelling: "cancelling",
  cancelled: "cancelled"
}

/** The canonical JSON a wire object with this canonical status must decode to, written out field by field. */
const expectedJson = (wire: Record<string, any>, status: BatchStatus): BatchJson => {
  const counts = wire.request_counts
  return {
    provider: "tessera",
    id: canonicalId(wire.id),
    nativeId: wire.id,
    endpoint: null,
    status,
    nativeStatus: wire.processing_status,
    inputFileId: null,
    outputFileId: null,
    errorFileId: null,
    resultsUrl: wire.results_url,
    completionWindow: null,
    model: null,
    createdAt: wire.created_at,
    inProgressAt: null,
    expiresAt: wire.expires_at,
    finalizingAt: null,
    completedAt: status === "completed" ? wire.ended_at : null,
    failedAt: null,
    expiredAt: status === "expired" ? wire.ended_at : null,
    cancellingAt: wire.cancel_initiated_at,
    cancelledAt: status === "cancelled" ? wire.ended_at : null,
    requestCounts: {
      total: counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired,
      completed: counts.succeeded,
      failed: counts.errored,
      processing: counts.processing,
      cancelled: counts.canceled,
      expired: counts.expired
    },
    errors: [],
    metadata: {},
    usage: null,
    extensions: { archived_at: null }
  } as BatchJson
}

// ---------------------------------------------------------------------------------------------
// The fake server, run from the profile
// ---------------------------------------------------------------------------------------------

describe("tessera: a test-kit server run from its profile", () => {
  it.effect("serves the vendor's paths, headers, IDs, timestamps and envelope", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      const answer = yield* get(listUrl(server, "?limit=3"))
      assert.strictEqual(answer.status, 200)
      assert.match(answer.headers.get("request-id") ?? "", /^req_\d+$/)
      const page = JSON.parse(answer.text)
      assert.deepStrictEqual(Object.keys(page), ["data", "first_id", "last_id", "has_more"])
      const [first] = page.data
      assert.match(first.id, /^msgbatch_/)
      assert.match(first.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      assert.include(Tessera.processingStatuses, first.processing_status)
      assert.deepStrictEqual(Object.keys(first.request_counts), ["processing", "succeeded", "errored", "canceled", "expired"])
    }))

  it.effect("refuses a request without the version header, with the vendor's error body", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const answer = yield* get(listUrl(server), { "x-api-key": KEY })
      assert.strictEqual(answer.status, 400)
      const body = JSON.parse(answer.text)
      assert.strictEqual(body.type, "error")
      assert.strictEqual(body.error.type, "invalid_request_error")
      assert.include(body.error.message, Tessera.versionHeader)
    }))
})

// ---------------------------------------------------------------------------------------------
// The same BatchClient
// ---------------------------------------------------------------------------------------------

describe("tessera through the same BatchClient", () => {
  it.effect("list sends the key in x-api-key, the version header, and the after_id cursor in native form", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const layer = client(server)
      const first = yield* Effect.provide(BatchClient.list({ limit: 10 }), layer)
      const second = yield* Effect.provide(BatchClient.list({ limit: 10, after: first.lastId! }), layer)
      const requests = server.requests()
      assert.strictEqual(requests.length, 2)
      for (const request of requests) {
        assert.strictEqual(request.path, "/v1/messages/batches")
        assert.strictEqual(request.headers["x-api-key"], KEY)
        assert.strictEqual(request.headers[Tessera.versionHeader], Tessera.version)
        assert.strictEqual(request.headers["authorization"], undefined)
      }
      assert.deepStrictEqual(requests[0]!.query, { limit: "10" })
      assert.deepStrictEqual(requests[1]!.query, { limit: "10", after_id: wireId(server.batches[9]) })
      // The canonical cursor went out in the vendor's form.
      assert.strictEqual(first.lastId, canonicalId(wireId(server.batches[9])))
      assert.deepStrictEqual(second.data.map((batch) => batch.nativeId), server.batches.slice(10, 20).map(wireId))
      assert.deepStrictEqual([first.firstId, first.hasMore], [canonicalId(wireId(server.batches[0])), true])
    }))

  it.effect("decodes every field: RFC 3339 times, processing_status, counts kept whole, results_url, msgbatch_ IDs", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 16 })
      const page = yield* Effect.provide(BatchClient.list({ limit: 16 }), client(server))
      assert.strictEqual(page.data.length, 16)
      page.data.forEach((batch, index) => {
        const wire = server.batches[index] as Record<string, any>
        assert.deepStrictEqual(toJson(batch), expectedJson(wire, canonicalOf[fakeStatusAt(index)]))
        assert.strictEqual(batch.status, canonicalOf[fakeStatusAt(index)], `batch ${index} (${fakeStatusAt(index)})`)
        assert.isTrue(DateTime.isDateTime(batch.createdAt))
        assert.strictEqual(DateTime.toEpochMillis(batch.createdAt!), Date.parse(wire.created_at))
      })
      // Each branch of `ended`, with the native word kept.
      const byStatus = (status: BatchStatus) => page.data.find((batch) => batch.status === status)!
      for (const status of ["completed", "expired", "cancelled"] as const) assert.strictEqual(byStatus(status).nativeStatus, "ended")
      assert.strictEqual(byStatus("cancelling").nativeStatus, "canceling")
      const expired = byStatus("expired")
      assert.strictEqual(expired.requestCounts?.expired, expired.requestCounts?.total)
      assert.isNotNull(expired.expiredAt)
      const cancelled = byStatus("cancelled")
      assert.isNotNull(cancelled.cancellingAt)
      assert.isNotNull(cancelled.cancelledAt)
      assert.match(byStatus("completed").resultsUrl ?? "", /^https:\/\/api\.tessera\.test\/v1\/messages\/batches\/msgbatch_\w+\/results$/)
      assert.isNull(byStatus("in_progress").resultsUrl)
    }))

  it.effect("ended with some requests expired and others done is completed; all expired is expired", () =>
    Effect.gen(function*() {
      const ended = {
        id: "msgbatch_mixed",
        type: "message_batch",
        processing_status: "ended",
        request_counts: { processing: 0, succeeded: 7, errored: 1, canceled: 0, expired: 2 },
        ended_at: "2024-08-20T18:37:24.100435Z",
        created_at: "2024-08-20T17:00:00+02:00",
        expires_at: "2024-08-21T15:00:00Z",
        archived_at: null,
        cancel_initiated_at: null,
        results_url: "https://api.tessera.test/v1/messages/batches/msgbatch_mixed/results"
      }
      const allExpired = { ...ended, id: "msgbatch_allexpired", request_counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 10 } }
      const server = yield* serve({ batches: [ended, allExpired] })
      const layer = client(server)
      const mixed = yield* Effect.provide(BatchClient.retrieve("batch_mixed"), layer)
      assert.deepStrictEqual([mixed.status, mixed.nativeStatus], ["completed", "ended"])
      assert.deepStrictEqual(toJson(mixed).requestCounts, { total: 10, completed: 7, failed: 1, processing: 0, cancelled: 0, expired: 2 })
      // An offset and microseconds read as the same instant, in UTC, to the millisecond.
      assert.deepStrictEqual([toJson(mixed).createdAt, toJson(mixed).completedAt], ["2024-08-20T15:00:00.000Z", "2024-08-20T18:37:24.100Z"])
      const expired = yield* Effect.provide(BatchClient.retrieve("msgbatch_allexpired"), layer)
      assert.deepStrictEqual([expired.status, expired.nativeStatus, toJson(expired).expiredAt], ["expired", "ended", "2024-08-20T18:37:24.100Z"])
    }))

  it.effect("serves pages of up to 1000; a larger limit is refused before any request", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 1005 })
      const layer = client(server)
      const page = yield* Effect.provide(BatchClient.list({ limit: 1000 }), layer)
      assert.strictEqual(page.data.length, 1000)
      assert.isTrue(page.hasMore)
      assert.deepStrictEqual(server.requests().map((request) => request.query), [{ limit: "1000" }])
      const refused = yield* failure(BatchClient.list({ limit: 1001 }), layer)
      assert.strictEqual(refused._tag, "InvalidRequestError")
      assert.isNull(refused.status)
      assert.include(refused.message, "from 1 to 1000")
      assert.strictEqual(server.requests().length, 1)
    }))

  it.effect("listAll walks three pages of 1000 by after_id = the page's last_id, every batch once, in order", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 2500 })
      const all = yield* Effect.provide(Stream.runCollect(BatchClient.listAll()), client(server))
      assert.strictEqual(all.length, 2500)
      assert.deepStrictEqual(all.map((batch) => batch.nativeId), server.batches.map(wireId))
      assert.deepStrictEqual(
        server.requests().map((request) => request.query),
        [{ limit: "1000" }, { limit: "1000", after_id: wireId(server.batches[999]) }, { limit: "1000", after_id: wireId(server.batches[1999]) }]
      )
    }))

  it.effect("listAll is lazy: five batches of a three-page listing cost one request", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 2500 })
      const layer = client(server)
      const five = yield* Effect.provide(Stream.runCollect(Stream.take(BatchClient.listAll({ readAhead: false }), 5)), layer)
      assert.deepStrictEqual(five.map((batch) => batch.nativeId), server.batches.slice(0, 5).map(wireId))
      assert.strictEqual(server.requests().length, 1)
      // With read-ahead (the default) at most two pages more are asked for, never the whole listing.
      const big = yield* serve({ count: 6000 })
      const ahead = yield* Effect.provide(Stream.runCollect(Stream.take(BatchClient.listAll(), 5)), client(big))
      assert.strictEqual(ahead.length, 5)
      assert.isAtMost(big.requests().length, 3)
    }))

  it.effect("retrieves by canonical and by native ID, the same batch from the same path", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const layer = client(server)
      const nativeId = wireId(server.batches[7])
      const byCanonical = yield* Effect.provide(BatchClient.retrieve(canonicalId(nativeId)), layer)
      const byNative = yield* Effect.provide(BatchClient.retrieve(nativeId), layer)
      assert.deepStrictEqual(toJson(byCanonical), toJson(byNative))
      assert.deepStrictEqual(toJson(byNative), expectedJson(server.batches[7] as Record<string, any>, canonicalOf[fakeStatusAt(7)]))
      assert.deepStrictEqual(server.requests().map((request) => request.path), [
        `/v1/messages/batches/${nativeId}`,
        `/v1/messages/batches/${nativeId}`
      ])
      // Another vendor's ID form is refused before any request.
      const refused = yield* failure(BatchClient.retrieve("batch-abc"), layer)
      assert.strictEqual(refused._tag, "InvalidRequestError")
      assert.include(refused.message, "\"batch_<id>\" or \"msgbatch_<id>\"")
      assert.strictEqual(server.requests().length, 2)
    }))
})

describe("tessera errors through the same BatchClient", () => {
  it.effect("401: a wrong key is an AuthenticationError with the vendor's message and request-id, never the key", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const error = yield* failure(BatchClient.list(), client(server, { apiKey: Redacted.make("tk-wrong-key") }))
      assert.strictEqual(error._tag, "AuthenticationError")
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.message, "invalid x-api-key")
      assert.strictEqual(error._tag === "AuthenticationError" ? error.type : undefined, "authentication_error")
      assert.match(error.requestId ?? "", /^req_\d+$/)
      assert.notInclude(inspect(error, { depth: 5 }), "tk-wrong-key")
    }))

  it.effect("404: an unknown batch is a NotFoundError with the vendor's message", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const error = yield* failure(BatchClient.retrieve("batch_doesnotexist"), client(server))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.message, "message batch msgbatch_doesnotexist not found")
      assert.strictEqual(error._tag === "NotFoundError" ? error.type : undefined, "not_found_error")
      assert.match(error.requestId ?? "", /^req_\d+$/)
    }))

  it.effect("429 with retry-after: a RateLimitError that carries the wait", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      server.inject({ status: 429, headers: { "retry-after": "7" } })
      const error = yield* failure(BatchClient.list(), client(server))
      assert.strictEqual(error._tag, "RateLimitError")
      if (error._tag !== "RateLimitError") return
      assert.strictEqual(error.status, 429)
      assert.strictEqual(error.retryAfterSeconds, 7)
      assert.strictEqual(error.type, "rate_limit_error")
      assert.strictEqual(error.message, "Rate limit reached for requests. Please try again later.")
      assert.strictEqual(error.attempts, 1)
    }))

  it.live("429 with retry-after is retried after the wait the vendor asked for", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      server.inject({ status: 429, headers: { "retry-after": "1" } })
      const started = Date.now()
      const page = yield* Effect.provide(BatchClient.list({ limit: 2 }), client(server, { maxRetries: 1 }))
      assert.isAtLeast(Date.now() - started, 900)
      assert.strictEqual(page.data.length, 2)
      assert.strictEqual(server.requests().length, 2)
    }))

  it.effect("500: a ServerError with the vendor's error type", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      server.inject({ status: 500, route: "retrieve" })
      const error = yield* failure(BatchClient.retrieve(wireId(server.batches[0])), client(server))
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual(error.status, 500)
      assert.strictEqual(error._tag === "ServerError" ? error.type : undefined, "api_error")
      assert.include(error.message, "The server had an error")
    }))

  it.live("500 once, then the retry succeeds", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      server.inject({ status: 500 })
      const batch = yield* Effect.provide(BatchClient.retrieve(wireId(server.batches[3])), client(server, { maxRetries: 1 }))
      assert.strictEqual(batch.nativeId, wireId(server.batches[3]))
      assert.strictEqual(server.requests().length, 2)
    }))
})

// ---------------------------------------------------------------------------------------------
// Conformance with its contract
// ---------------------------------------------------------------------------------------------

describe("tessera conforms to its contract", () => {
  const contract = definition.contract

  it.effect("the fake server's list page, retrieve body and error bodies are conformant", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 1005 })
      const page = yield* get(listUrl(server, "?limit=1000"))
      assert.deepStrictEqual(Conformance.check(contract, { operation: "list", body: page.text, limit: 1000 }), { conformant: true, violations: [] })
      const last = yield* get(listUrl(server, `?limit=1000&after_id=${wireId(server.batches[999])}`))
      assert.deepStrictEqual(Conformance.check(contract, { operation: "list", body: last.text }), { conformant: true, violations: [] })
      for (const index of [0, 3, 5, 6, 7]) {
        const batch = yield* get(retrieveUrl(server, wireId(server.batches[index])))
        assert.deepStrictEqual(Conformance.check(contract, { operation: "retrieve", body: batch.text }), { conformant: true, violations: [] })
      }
      const notFound = yield* get(retrieveUrl(server, "msgbatch_nope"))
      const unauthorized = yield* get(listUrl(server), { ...authHeaders, "x-api-key": "wrong" })
      for (const answer of [notFound, unauthorized]) {
        const report = Conformance.check(contract, { operation: "retrieve", status: answer.status, body: answer.text })
        assert.deepStrictEqual(report, { conformant: true, violations: [] })
      }
    }))

  it.effect("a deviating body is reported: every deviation, with its path and rule", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const wire = JSON.parse((yield* get(retrieveUrl(server, wireId(server.batches[3])))).text)
      const { results_url: _, ...withoutResultsUrl } = wire
      const deviating = {
        ...withoutResultsUrl,
        id: "batch_123",
        processing_status: "done",
        created_at: 1711471533,
        expires_at: "tomorrow",
        request_counts: { ...wire.request_counts, succeeded: -1 },
        priority: "high"
      }
      const report = Conformance.check(contract, { operation: "retrieve", body: deviating })
      assert.isFalse(report.conformant)
      assert.deepStrictEqual(report.violations.map((violation) => [violation.path, violation.rule]), [
        ["$.id", "id-form"],
        ["$.processing_status", "status"],
        ["$.request_counts.succeeded", "type"],
        ["$.created_at", "type"],
        ["$.expires_at", "type"],
        ["$.priority", "undocumented"],
        // An absent field comes after the fields that are there.
        ["$.results_url", "missing"]
      ])
      assert.include(report.violations[0]!.message, "msgbatch_<id>")

      const page = JSON.parse((yield* get(listUrl(server, "?limit=3"))).text)
      const listReport = Conformance.check(contract, { operation: "list", body: { ...page, last_id: page.first_id }, limit: 2 })
      assert.deepStrictEqual(listReport.violations.map((violation) => [violation.path, violation.rule]), [
        ["$.data", "pagination.limit"],
        ["$.last_id", "pagination.last-id"]
      ])
      const errorReport = Conformance.check(contract, { operation: "list", status: 404, body: { error: { message: "not found" } } })
      assert.isFalse(errorReport.conformant)
      assert.isTrue(errorReport.violations.every((violation) => violation.rule === "error-shape"))
    }))

  // The contract names the creation field and reads it through the RFC 3339 codec.
  it("a list out of newest-first order is reported (RFC 3339 timestamps)", async () => {
    const server = await FakeVendor.start({ definition, apiKey: KEY })
    try {
      const response = await fetch(listUrl(server, "?limit=3"), { headers: authHeaders })
      const page = await response.json() as { data: Array<{ id: string }> }
      const reversed = [...page.data].reverse()
      const body = { ...page, data: reversed, first_id: reversed[0]!.id, last_id: reversed[2]!.id }
      const report = Conformance.check(contract, { operation: "list", body })
      assert.deepInclude(report.violations.map((violation) => violation.rule), "pagination.order")
    } finally {
      await server.close()
    }
  })
})

describe("tessera's contract carries its wire facts", () => {
  const contract = definition.contract

  /** A conformant batch as the fake server sends it, to break. */
  const batchAt = (index: number) =>
    Effect.gen(function*() {
      const server = yield* serve()
      return JSON.parse((yield* get(retrieveUrl(server, wireId(server.batches[index])))).text) as Record<string, any>
    })

  it("agrees with the definition: field names, list envelope, timestamp codec and ID prefix", () => {
    for (const vendor of [...Object.values(Providers.definitions), definition]) {
      assert.deepStrictEqual(vendor.contract.fields, vendor.batch.required, vendor.provider)
      assert.deepStrictEqual(vendor.contract.envelope, vendor.list, vendor.provider)
      assert.strictEqual(vendor.contract.timestamps.codec, vendor.timestamps, vendor.provider)
      assert.strictEqual(vendor.contract.nativePrefix, vendor.ids.nativePrefix, vendor.provider)
      assert.strictEqual(vendor.contract.newestFirst, vendor.paging.order === "newestFirst", vendor.provider)
    }
  })

  it.effect("processing_status is judged by the `status` rule against its vocabulary", () =>
    Effect.gen(function*() {
      const wire = yield* batchAt(3)
      const report = Conformance.check(contract, { operation: "retrieve", body: { ...wire, processing_status: "completed" } })
      assert.deepStrictEqual(report.violations, [
        {
          path: "$.processing_status",
          rule: "status",
          severity: "error",
          message: "processing_status \"completed\" is not one of tessera's statuses",
          expected: "one of in_progress, canceling, ended",
          actual: "\"completed\""
        }
      ])
      // A body with the family's `status` field instead: absent status, undocumented field.
      const { processing_status: _, ...rest } = wire
      const familyShaped = Conformance.check(contract, { operation: "retrieve", body: { ...rest, status: "ended" } })
      assert.deepStrictEqual(familyShaped.violations.map((violation) => [violation.path, violation.rule]), [
        ["$.status", "undocumented"],
        ["$.processing_status", "missing"]
      ])
    }))

  it.effect("lifecycle timestamps out of order are reported, compared as RFC 3339 instants", () =>
    Effect.gen(function*() {
      // Batch 7 is cancelled: created, cancel initiated, ended.
      const wire = yield* batchAt(7)
      assert.isString(wire.cancel_initiated_at)
      const conformant = Conformance.check(contract, { operation: "retrieve", body: wire })
      assert.deepStrictEqual(conformant, { conformant: true, violations: [] })
      const created = Date.parse(wire.created_at)
      const before = (millis: number) => new Date(created - millis).toISOString()
      const report = Conformance.check(contract, {
        operation: "retrieve",
        body: { ...wire, ended_at: before(1000), expires_at: before(1), archived_at: before(2000) }
      })
      assert.deepStrictEqual(report.violations.map((violation) => [violation.path, violation.rule]), [
        ["$.ended_at", "timestamps.order"],
        ["$.expires_at", "timestamps.order"],
        ["$.archived_at", "timestamps.order"]
      ])
      // `ended_at` is judged against the nearest earlier field that is later: the cancel.
      assert.strictEqual(report.violations[0]!.message, `ended_at (${before(1000)}) is before cancel_initiated_at (${wire.cancel_initiated_at})`)
      // The same instant written with an offset is not out of order.
      const offset = new Date(created + 2 * 3_600_000).toISOString().replace(/Z$/, "+02:00")
      const sameInstant = Conformance.check(contract, { operation: "retrieve", body: { ...wire, cancel_initiated_at: offset, ended_at: offset } })
      assert.isTrue(sameInstant.conformant, JSON.stringify(sameInstant.violations))
    }))

  it.effect("its counts rule: outcome counts with no total, so no sum is judged; each count is still type-checked", () =>
    Effect.gen(function*() {
      assert.isNull(contract.counts)
      const wire = yield* batchAt(3)
      // Counts the family's rule would refuse (succeeded + errored over a "total"-like count) are fine here.
      const outcomes = { processing: 0, succeeded: 7, errored: 9, canceled: 0, expired: 1 }
      assert.isTrue(Conformance.check(contract, { operation: "retrieve", body: { ...wire, request_counts: outcomes } }).conformant)
      const negative = Conformance.check(contract, { operation: "retrieve", body: { ...wire, request_counts: { ...outcomes, errored: -1 } } })
      assert.deepStrictEqual(negative.violations.map((violation) => [violation.path, violation.rule]), [["$.request_counts.errored", "type"]])
      // The rule is data: the same body under a rule over its own names is judged by it.
      const bounded: Conformance.Contract = { ...contract, counts: { field: "request_counts", total: "processing", parts: ["succeeded", "errored"] } }
      const judged = Conformance.check(bounded, { operation: "retrieve", body: { ...wire, request_counts: outcomes } })
      assert.deepStrictEqual(judged.violations.map((violation) => [violation.path, violation.rule, violation.message]), [
        ["$.request_counts", "request-counts.sum", "succeeded + errored (7 + 9) is more than processing (0)"]
      ])
    }))
})

// ---------------------------------------------------------------------------------------------
// The same command
// ---------------------------------------------------------------------------------------------

describe("tessera through the same command (`run` of @unibatch/cli/Main)", () => {
  const definitions = [...Object.values(Providers.definitions), definition]
  let directory = ""
  let previousKey: string | undefined

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "unibatch-fourth-vendor-"))
    previousKey = process.env[Tessera.apiKeyEnv]
    // The command reads the key from the variable the definition names.
    process.env[Tessera.apiKeyEnv] = KEY
  })

  afterAll(() => {
    if (previousKey === undefined) delete process.env[Tessera.apiKeyEnv]
    else process.env[Tessera.apiKeyEnv] = previousKey
    rmSync(directory, { recursive: true, force: true })
  })

  /** Runs `unibatch ARGS` in this process with the registry's vendors plus this one, capturing its output. */
  const cli = (args: ReadonlyArray<string>) =>
    Effect.gen(function*() {
      let stdout = ""
      let stderr = ""
      const code = yield* run(args, {
        definitions,
        sink: { out: (text) => void (stdout += text), err: (text) => void (stderr += text) }
      })
      assert.notInclude(stdout + stderr, KEY)
      return { code, stdout, stderr }
    })

  const save = (name: string, content: unknown) => {
    const path = join(directory, name)
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content))
    return path
  }

  it.live("list --json prints what the BatchClient gives, with the key from TESSERA_API_KEY", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const { code, stderr, stdout } = yield* cli(["list", "--provider", "tessera", "--base-url", server.baseUrl, "--limit", "5", "--json"])
      assert.strictEqual(code, 0, stderr)
      const expected = yield* Effect.provide(BatchClient.list({ limit: 5 }), client(server))
      assert.deepStrictEqual(JSON.parse(stdout), JSON.parse(JSON.stringify(pageToJson(expected))))
      const [request] = server.requests()
      assert.strictEqual(request!.headers["x-api-key"], KEY)
      assert.strictEqual(request!.headers[Tessera.versionHeader], Tessera.version)
      assert.deepStrictEqual(request!.query, { limit: "5" })
    }))

  it.live("list --all --json walks three pages of 1000 by after_id, one canonical batch per line", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 2100 })
      const { code, stderr, stdout } = yield* cli(["list", "--provider", "tessera", "--base-url", server.baseUrl, "--all", "--json"])
      assert.strictEqual(code, 0, stderr)
      const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
      assert.strictEqual(lines.length, 2100)
      assert.deepStrictEqual(lines.map((batch) => batch.nativeId), server.batches.map(wireId))
      assert.deepStrictEqual(lines[5], expectedJson(server.batches[5] as Record<string, any>, canonicalOf[fakeStatusAt(5)]))
      assert.deepStrictEqual(server.requests().map((request) => request.query["after_id"]), [
        undefined,
        wireId(server.batches[999]),
        wireId(server.batches[1999])
      ])
    }))

  it.live("list --limit 1001 is wrong usage naming the vendor's largest page; an unknown provider names tessera", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const tooMany = yield* cli(["list", "--provider", "tessera", "--base-url", server.baseUrl, "--limit", "1001", "--json"])
      assert.strictEqual(tooMany.code, 2)
      assert.include(tooMany.stderr, "1001")
      assert.include(tooMany.stderr, "an integer from 1 to 1000 (tessera's largest page)")
      const unknown = yield* cli(["list", "--provider", "fifth", "--base-url", server.baseUrl, "--json"])
      assert.strictEqual(unknown.code, 2)
      assert.include(unknown.stderr, "tessera")
      assert.strictEqual(server.requests().length, 0)
    }))

  it.live("without TESSERA_API_KEY, a call to the vendor's own URL is refused naming the variable", () =>
    Effect.gen(function*() {
      delete process.env[Tessera.apiKeyEnv]
      const result = yield* cli(["list", "--provider", "tessera", "--json"]).pipe(
        Effect.ensuring(Effect.sync(() => (process.env[Tessera.apiKeyEnv] = KEY)))
      )
      assert.strictEqual(result.code, 2)
      assert.include(result.stderr, "TESSERA_API_KEY is not set")
    }))

  it.live("get by canonical and native ID prints the same batch; an unknown one is a NotFoundError as JSON", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const nativeId = wireId(server.batches[6])
      const byCanonical = yield* cli(["get", "--provider", "tessera", "--base-url", server.baseUrl, "--json", canonicalId(nativeId)])
      const byNative = yield* cli(["get", "--provider", "tessera", "--base-url", server.baseUrl, "--json", nativeId])
      assert.deepStrictEqual([byCanonical.code, byNative.code], [0, 0])
      assert.deepStrictEqual(JSON.parse(byCanonical.stdout), expectedJson(server.batches[6] as Record<string, any>, canonicalOf[fakeStatusAt(6)]))
      assert.deepStrictEqual(JSON.parse(byNative.stdout), JSON.parse(byCanonical.stdout))
      const missing = yield* cli(["get", "--provider", "tessera", "--base-url", server.baseUrl, "--json", "batch_nope"])
      assert.strictEqual(missing.code, 1)
      const { error } = JSON.parse(missing.stdout)
      assert.deepInclude(error, { _tag: "NotFoundError", provider: "tessera", status: 404, message: "message batch msgbatch_nope not found", type: "not_found_error" })
      assert.match(error.requestId, /^req_\d+$/)
    }))

  it.live("conform: a saved page and batch from the fake server are conformant, a deviating one is not", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const page = yield* get(listUrl(server, "?limit=20"))
      const batch = yield* get(retrieveUrl(server, wireId(server.batches[3])))
      const listFile = save("list.json", page.text)
      const batchFile = save("batch.json", { status: 200, headers: { "request-id": "req_1" }, body: JSON.parse(batch.text) })
      const list = yield* cli(["conform", "--provider", "tessera", "--operation", "list", "--limit", "20", listFile])
      assert.strictEqual(list.code, 0, list.stdout + list.stderr)
      assert.include(list.stdout, "conformant: tessera list, HTTP 200")
      const retrieve = yield* cli(["conform", "--provider", "tessera", "--operation", "retrieve", batchFile])
      assert.strictEqual(retrieve.code, 0, retrieve.stdout + retrieve.stderr)

      const deviatingFile = save("deviating.json", { ...JSON.parse(batch.text), processing_status: "done", created_at: 1711471533 })
      const deviating = yield* cli(["conform", "--provider", "tessera", "--operation", "retrieve", "--json", deviatingFile])
      assert.strictEqual(deviating.code, 1)
      const report = JSON.parse(deviating.stdout)
      assert.isFalse(report.conformant)
      assert.deepStrictEqual(report.violations.map((violation: Conformance.Violation) => [violation.path, violation.rule]), [
        ["$.processing_status", "status"],
        ["$.created_at", "type"]
      ])
    }))

  it.live("conform --live --all checks every page the vendor answers", () =>
    Effect.gen(function*() {
      const server = yield* serve({ count: 2500 })
      const { code, stderr, stdout } = yield* cli([
        "conform", "--provider", "tessera", "--operation", "list", "--live", "--all", "--limit", "1000", "--base-url", server.baseUrl, "--json"
      ])
      assert.strictEqual(code, 0, stdout + stderr)
      const report = JSON.parse(stdout)
      assert.isTrue(report.conformant)
      assert.deepStrictEqual(report.responses, [1, 2, 3].map((page) => ({ page, status: 200, conformant: true })))
      assert.isTrue(server.requests().every((request) => request.headers["x-api-key"] === KEY))
    }))

  it.live("normalize turns a saved body and a saved error into canonical JSON", () =>
    Effect.gen(function*() {
      const server = yield* serve()
      const batch = yield* get(retrieveUrl(server, wireId(server.batches[7])))
      const batchFile = save("retrieve.json", batch.text)
      const normalized = yield* cli(["normalize", "--provider", "tessera", "--operation", "retrieve", batchFile])
      assert.strictEqual(normalized.code, 0, normalized.stderr)
      assert.deepStrictEqual(JSON.parse(normalized.stdout), expectedJson(server.batches[7] as Record<string, any>, canonicalOf[fakeStatusAt(7)]))

      const notFound = yield* get(retrieveUrl(server, "msgbatch_gone"))
      const errorFile = save("error.json", { status: 404, headers: { "request-id": "req_77" }, body: JSON.parse(notFound.text) })
      const error = yield* cli(["normalize", "--provider", "tessera", "--operation", "retrieve", errorFile])
      assert.deepInclude(JSON.parse(error.stdout).error, {
        _tag: "NotFoundError",
        provider: "tessera",
        status: 404,
        message: "message batch msgbatch_gone not found",
        requestId: "req_77",
        type: "not_found_error"
      })
    }))
})
