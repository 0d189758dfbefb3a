import { assert, describe, it } from "@effect/vitest"
import type { FakeBatch, FakeProblem, FakeStatus } from "@unibatch/core/FakeServerProfile"
import * as Timestamp from "@unibatch/core/Timestamp"
import * as Effect from "effect/Effect"
import { FakeVendor } from "../src/index.js"

type Server = FakeVendor.FakeVendorServer
type Vendor = FakeVendor.ServedVendor

const KEY = "sk-test-secret-key-1234"
const STATUSES = ["validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled"]

/**
 * A fourth vendor, defined here only, with traits none of the built-in three has: RFC 3339
 * timestamps, an `after_id` cursor read from `last_id`, `x-api-key` plus a version header, a
 * `processing_status` with its own vocabulary, pages up to 1000, `msgbatch_` IDs, a `request-id`
 * header, `{ type: "error", error: { type, message } }` error bodies and no `object` field on a
 * list. The test kit serves it from this value alone.
 */
const processingStatus = (status: FakeStatus): string =>
  status === "cancelling"
    ? "canceling"
    : status === "validating" || status === "in_progress" || status === "finalizing"
    ? "in_progress"
    : "ended"

const tesseraErrorType = (problem: FakeProblem): string => {
  switch (problem._tag) {
    case "MissingKey":
    case "WrongKey":
      return "authentication_error"
    case "UnknownRoute":
    case "BatchNotFound":
      return "not_found_error"
    case "MissingHeader":
    case "MethodNotAllowed":
    case "InvalidParameter":
      return "invalid_request_error"
    case "Fault":
      return problem.status === 429 ? "rate_limit_error" : problem.status === 529 ? "overloaded_error" : "api_error"
  }
}

const tesseraMessage = (problem: FakeProblem): string => {
  switch (problem._tag) {
    case "MissingKey":
      return "x-api-key header is required"
    case "WrongKey":
      return "invalid x-api-key"
    case "UnknownRoute":
      return `Not found: ${problem.method} ${problem.path}`
    case "MethodNotAllowed":
      return `Method ${problem.method} is not allowed here`
    case "BatchNotFound":
      return `message batch ${problem.id} not found`
    case "MissingHeader":
    case "InvalidParameter":
    case "Fault":
      return problem.message
  }
}

const tesseraBatch = (batch: FakeBatch): Record<string, unknown> => {
  const ended = processingStatus(batch.status) === "ended"
  const { completed, failed, total } = batch.requestCounts
  const remaining = total - completed - failed
  return {
    id: batch.id,
    type: "message_batch",
    processing_status: processingStatus(batch.status),
    request_counts: {
      processing: ended ? 0 : remaining,
      succeeded: completed,
      errored: failed,
      canceled: batch.status === "cancelled" ? remaining : 0,
      expired: batch.status === "expired" ? remaining : 0
    },
    ended_at: batch.completedAt ?? batch.failedAt ?? batch.expiredAt ?? batch.cancelledAt,
    created_at: batch.createdAt,
    expires_at: batch.expiresAt,
    archived_at: null,
    cancel_initiated_at: batch.cancellingAt,
    results_url: ended ? `https://api.tessera.test/v1/message_batches/${batch.id}/results` : null
  }
}

const tessera: Vendor = {
  provider: "tessera",
  defaultBaseUrl: "https://api.tessera.test/v1",
  auth: { header: "x-api-key", headers: { "tessera-version": "2025-01-01" } },
  paths: { list: "/message_batches", retrieve: "/message_batches/{id}" },
  ids: { nativePrefix: "msgbatch_" },
  timestamps: Timestamp.rfc3339,
  paging: { limitParam: "limit", cursorParam: "after_id", defaultLimit: 20, maxLimit: 1000, nextCursor: "lastIdField", order: "newestFirst" },
  list: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
  batch: { required: { id: "id" } },
  requestIdHeader: "request-id",
  fakeServer: {
    batch: tesseraBatch,
    error: (problem) => ({ type: "error", error: { type: tesseraErrorType(problem), message: tesseraMessage(problem) } }),
    listFields: {},
    limitOutOfRange: "reject",
    redirectMissingSlash: false
  }
}

const definitionOf = (vendor: FakeVendor.Provider | Vendor): Vendor =>
  typeof vendor === "string" ? FakeVendor.definitionOf(vendor) : vendor

/** The request headers the vendor's client sends: the key where its definition says, and its static headers. */
const authHeaders = (vendor: Vendor, key: string = KEY): Record<string, string> => ({
  ...vendor.auth.headers,
  [vendor.auth.header]: vendor.auth.scheme === undefined ? key : `${vendor.auth.scheme} ${key}`
})

const listUrl = (server: Server, query = ""): string => `${server.baseUrl}${server.definition.paths.list}${query}`

const retrieveUrl = (server: Server, id: string): string =>
  `${server.baseUrl}${server.definition.paths.retrieve.replace("{id}", encodeURIComponent(id))}`

/** The base URL's path, e.g. `/v1`. */
const basePath = (server: Server): string => new URL(server.baseUrl).pathname

interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

/** A real HTTP call; redirects are not followed unless asked. */
const request = (url: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  Effect.promise(async (): Promise<Answer> => {
    const response = await fetch(url, { headers, redirect: "manual", ...init })
    return { status: response.status, headers: response.headers, text: await response.text() }
  })

/** Like `request`, but a transport failure is a value instead of a defect. */
const attempt = (url: string, headers: Record<string, string> = {}) =>
  Effect.promise(() =>
    fetch(url, { headers }).then(
      async (response) => ({ failed: false as const, status: response.status, text: await response.text() }),
      (error: unknown) => ({ failed: true as const, error })
    )
  )

const parse = (answer: Answer): any => JSON.parse(answer.text)

/** What differs between the vendors in the shared tests: their error bodies. */
interface VendorCase {
  readonly name: string
  readonly vendor: FakeVendor.Provider | Vendor
  /** Checks the 401 bodies for a missing and a wrong key. */
  readonly unauthorized: (missing: any, wrong: any) => void
  /** Checks the 404 body for a batch that does not exist. */
  readonly notFound: (body: any, id: string) => void
  /** Checks the 400 body for a `limit` that is not a number. */
  readonly invalidLimit: (body: any) => void
}

const openAiShaped = (type: string) => (missing: any, wrong: any) => {
  for (const body of [missing, wrong]) {
    assert.deepStrictEqual(Object.keys(body.error), ["message", "type", "param", "code"])
    assert.strictEqual(body.error.type, type)
    assert.strictEqual(body.error.param, null)
    assert.strictEqual(body.error.code, "invalid_api_key")
  }
  assert.notStrictEqual(missing.error.message, wrong.error.message)
}

const openAiNotFound = (body: any, id: string) => {
  assert.deepStrictEqual(Object.keys(body.error), ["message", "type", "param", "code"])
  assert.include(body.error.message, id)
}

const openAiInvalidLimit = (body: any) => {
  assert.strictEqual(body.error.type, "invalid_request_error")
  assert.strictEqual(body.error.param, "limit")
}

const CASES: ReadonlyArray<VendorCase> = [
  { name: "openai", vendor: "openai", unauthorized: openAiShaped("invalid_request_error"), notFound: openAiNotFound, invalidLimit: openAiInvalidLimit },
  {
    name: "respan",
    vendor: "respan",
    unauthorized: (missing, wrong) => {
      assert.deepStrictEqual(missing, { error: "Authentication credentials were not provided." })
      assert.deepStrictEqual(wrong, { error: "Invalid API key." })
    },
    notFound: (body, id) => assert.deepStrictEqual(body, { error: { message: `No such batch: ${id}`, type: "invalid_request_error" } }),
    invalidLimit: (body) => {
      assert.strictEqual(body.error.type, "invalid_request_error")
      assert.include(body.error.message, "limit")
    }
  },
  { name: "neosantara", vendor: "neosantara", unauthorized: openAiShaped("authentication_error"), notFound: openAiNotFound, invalidLimit: openAiInvalidLimit },
  {
    name: "tessera (defined in this test)",
    vendor: tessera,
    unauthorized: (missing, wrong) => {
      assert.deepStrictEqual(missing, { type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } })
      assert.deepStrictEqual(wrong, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } })
    },
    notFound: (body, id) =>
      assert.deepStrictEqual(body, { type: "error", error: { type: "not_found_error", message: `message batch ${id} not found` } }),
    invalidLimit: (body) => {
      assert.strictEqual(body.type, "error")
      assert.strictEqual(body.error.type, "invalid_request_error")
      assert.include(body.error.message, "limit")
    }
  }
]

describe.each(CASES)("$name fake", ({ invalidLimit, notFound, unauthorized, vendor }) => {
  const definition = definitionOf(vendor)
  const { list, paging } = definition
  const prefix = definition.ids.nativePrefix
  const idOf = (batch: Record<string, unknown> | undefined): unknown => batch?.[definition.batch.required.id]
  const start = (options: FakeVendor.CommonOptions = {}) =>
    FakeVendor.make(typeof vendor === "string" ? { provider: vendor, ...options } : { definition: vendor, ...options })

  it.effect("accepts any non-empty key in the vendor's auth header", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const answer = yield* request(listUrl(server), authHeaders(definition, "anything"))
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.headers.get("content-type"), "application/json")
      assert.match(answer.headers.get(definition.requestIdHeader) ?? "", /^req_\d+$/)
      const page = parse(answer)
      for (const [name, value] of Object.entries(definition.fakeServer.listFields)) assert.deepStrictEqual(page[name], value)
      assert.strictEqual(page[list.data].length, paging.defaultLimit)
      assert.strictEqual(page[list.firstId], idOf(server.batches[0]))
      assert.strictEqual(page[list.lastId], idOf(server.batches[paging.defaultLimit - 1]))
      assert.isTrue(page[list.hasMore])
    }))

  it.effect("only the configured apiKey is accepted, and the 401 never echoes the key", () =>
    Effect.gen(function*() {
      const server = yield* start({ apiKey: KEY })
      assert.strictEqual((yield* request(listUrl(server), authHeaders(definition))).status, 200)
      const wrongKey = "sk-wrong-key-98765"
      const wrong = yield* request(listUrl(server), authHeaders(definition, wrongKey))
      assert.strictEqual(wrong.status, 401)
      assert.strictEqual(wrong.headers.get("content-type"), "application/json")
      assert.notInclude(wrong.text, "98765")
      assert.notInclude(wrong.text, "sk-wrong")
      const missing = yield* request(listUrl(server), { ...definition.auth.headers })
      assert.strictEqual(missing.status, 401)
      const empty = yield* request(listUrl(server), authHeaders(definition, ""))
      assert.strictEqual(empty.status, 401)
      assert.deepStrictEqual(parse(empty), parse(missing))
      unauthorized(parse(missing), parse(wrong))
    }))

  it.effect.each([{ count: 45, expectedPages: 5 }, { count: 30, expectedPages: 3 }])(
    "pages by its cursor over every item exactly once, in order ($count items)",
    ({ count, expectedPages }) =>
      Effect.gen(function*() {
        const server = yield* start({ count })
        const seen: Array<unknown> = []
        let after: string | undefined
        let pages = 0
        while (true) {
          const query = after === undefined
            ? `?${paging.limitParam}=10`
            : `?${paging.limitParam}=10&${paging.cursorParam}=${encodeURIComponent(after)}`
          const page = parse(yield* request(listUrl(server, query), authHeaders(definition)))
          const data: ReadonlyArray<Record<string, unknown>> = page[list.data]
          pages++
          assert.isAtMost(data.length, 10)
          assert.strictEqual(page[list.firstId], idOf(data[0]))
          assert.strictEqual(page[list.lastId], idOf(data[data.length - 1]))
          seen.push(...data.map(idOf))
          assert.strictEqual(page[list.hasMore], seen.length < count)
          if (!page[list.hasMore]) break
          after = page[list.lastId]
        }
        assert.strictEqual(pages, expectedPages)
        assert.deepStrictEqual(seen, server.batches.map(idOf))
        assert.strictEqual(new Set(seen).size, count)
      })
  )

  it.effect("an unknown cursor gives an empty last page", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const page = parse(yield* request(listUrl(server, `?${paging.cursorParam}=${prefix}nope`), authHeaders(definition)))
      assert.deepStrictEqual(page, {
        ...definition.fakeServer.listFields,
        [list.data]: [],
        [list.firstId]: null,
        [list.lastId]: null,
        [list.hasMore]: false
      })
    }))

  it.effect("validates the limit the vendor's way", () =>
    Effect.gen(function*() {
      const max = paging.maxLimit
      const server = yield* start({ count: max + 50 })
      const list = (value: string) => request(listUrl(server, `?${paging.limitParam}=${value}`), authHeaders(definition))
      const size = (answer: Answer): number => parse(answer)[definition.list.data].length
      const notANumber = yield* list("abc")
      assert.strictEqual(notANumber.status, 400)
      invalidLimit(parse(notANumber))
      if (definition.fakeServer.limitOutOfRange === "reject") {
        for (const value of ["0", String(max + 1), "-3"]) {
          const answer = yield* list(value)
          assert.strictEqual(answer.status, 400)
          invalidLimit(parse(answer))
        }
      } else {
        assert.strictEqual(size(yield* list("0")), 1)
        assert.strictEqual(size(yield* list(String(max * 5))), max)
      }
      assert.strictEqual(size(yield* list(String(max))), max)
      assert.strictEqual(size(yield* list("1")), 1)
      assert.strictEqual(size(yield* request(listUrl(server), authHeaders(definition))), paging.defaultLimit)
    }))

  it.effect("retrieves a batch, and answers 404 with the vendor body for an unknown id", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const wanted = server.batches[7]!
      const found = yield* request(retrieveUrl(server, String(idOf(wanted))), authHeaders(definition))
      assert.strictEqual(found.status, 200)
      assert.deepStrictEqual(parse(found), wanted)

      const missingId = `${prefix}doesnotexist`
      const missing = yield* request(retrieveUrl(server, missingId), authHeaders(definition))
      assert.strictEqual(missing.status, 404)
      notFound(parse(missing), missingId)
    }))

  it.effect("finds a batch by its canonical ID too", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const nativeId = String(idOf(server.batches[2]))
      const canonicalId = `batch_${nativeId.slice(prefix.length)}`
      assert.strictEqual(parse(yield* request(retrieveUrl(server, canonicalId), authHeaders(definition))).id, nativeId)
      const query = `?${paging.limitParam}=1&${paging.cursorParam}=${canonicalId}`
      const page = parse(yield* request(listUrl(server, query), authHeaders(definition)))
      assert.strictEqual(page[list.firstId], idOf(server.batches[3]))
    }))

  it.effect("URL-decodes the id segment, 404s unknown routes and 405s other methods", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const id = String(idOf(server.batches[0]))
      const encoded = `${server.baseUrl}${definition.paths.retrieve.replace("{id}", id.replace("batch", "%62atch"))}`
      assert.strictEqual((yield* request(encoded, authHeaders(definition))).status, 200)

      const slash = definition.paths.list.endsWith("/") ? "/" : ""
      const unknown = yield* request(`${server.baseUrl}/nowhere${slash}`, authHeaders(definition))
      assert.strictEqual(unknown.status, 404)
      assert.property(parse(unknown), "error")

      const deleted = yield* request(listUrl(server), authHeaders(definition), { method: "DELETE" })
      assert.strictEqual(deleted.status, 405)
      // The list path also creates, where the definition has a lifecycle.
      assert.strictEqual(deleted.headers.get("allow"), definition.lifecycle === undefined ? "GET" : "GET, POST")
      assert.property(parse(deleted), "error")
    }))

  it.effect("is deterministic by seed", () =>
    Effect.gen(function*() {
      const server = yield* start()
      assert.deepStrictEqual(server.batches, FakeVendor.generateBatches(vendor, 45, 1))
      assert.deepStrictEqual(FakeVendor.generateBatches(vendor, 10, 9), FakeVendor.generateBatches(vendor, 10, 9))
      assert.notDeepEqual(FakeVendor.generateBatches(vendor, 10, 9), FakeVendor.generateBatches(vendor, 10, 10))
    }))

  it.effect("logs every request with lower-cased header names", () =>
    Effect.gen(function*() {
      const server = yield* start()
      const query = `?${paging.limitParam}=3&${paging.cursorParam}=x`
      yield* request(listUrl(server, query), { ...authHeaders(definition), "X-Custom-Thing": "yes" })
      server.inject({ status: 500 })
      yield* request(retrieveUrl(server, "batch_x"))
      const [first, second] = server.requests()
      assert.strictEqual(server.requests().length, 2)
      assert.strictEqual(first?.method, "GET")
      assert.strictEqual(first?.path, basePath(server) + definition.paths.list)
      assert.deepStrictEqual(first?.query, { [paging.limitParam]: "3", [paging.cursorParam]: "x" })
      assert.strictEqual(first?.headers["x-custom-thing"], "yes")
      assert.strictEqual(second?.path, basePath(server) + definition.paths.retrieve.replace("{id}", "batch_x"))
      server.clearRequests()
      assert.strictEqual(server.requests().length, 0)
    }))

  it.effect("serves given wire objects as they are", () =>
    Effect.gen(function*() {
      const batches = [{ id: `${prefix}b`, status: "weird" }, { id: `${prefix}a`, status: "completed" }]
      const server = yield* start({ batches })
      const page = parse(yield* request(listUrl(server), authHeaders(definition)))
      assert.deepStrictEqual(page[list.data], batches)
      assert.deepStrictEqual(page[list.firstId], `${prefix}b`)
    }))
})

describe.each(["openai", "respan", "neosantara"] as const)("%s generated batches", (provider) => {
  it("have ids, statuses, timestamps and counts that fit together", () => {
    const idPrefix = FakeVendor.definitionOf(provider).ids.nativePrefix
    const batches = FakeVendor.generateBatches(provider, 45)
    let previous = Infinity
    for (const batch of batches) {
      assert.match(String(batch["id"]), new RegExp(`^${idPrefix}[a-z0-9]{24}$`))
      assert.include(STATUSES, batch["status"])
      const createdAt = batch["created_at"] as number
      assert.isBelow(createdAt, previous)
      previous = createdAt
      const counts = batch["request_counts"] as Record<string, number>
      if (counts["total"] !== undefined) assert.isAtMost(counts["completed"]! + counts["failed"]!, counts["total"])
      const completedAt = batch["completed_at"]
      if (batch["status"] === "completed") assert.isAbove(completedAt as number, createdAt)
      else assert.notTypeOf(completedAt, "number")
      const inProgressAt = batch["in_progress_at"]
      if (typeof inProgressAt === "number") assert.isAbove(inProgressAt, createdAt)
      if (provider !== "openai") assert.notProperty(batch, "usage")
    }
    assert.strictEqual(batches[0]!["created_at"], 1711471533)
  })
})

describe("vendor quirks", () => {
  const openai = FakeVendor.definitionOf("openai")
  const respan = FakeVendor.definitionOf("respan")
  const neosantara = FakeVendor.definitionOf("neosantara")

  it.effect("openai: every documented field, usage on completed ones and on some others only", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      const page = parse(yield* request(listUrl(server, "?limit=100"), authHeaders(openai)))
      const fields = [
        "id", "object", "endpoint", "errors", "input_file_id", "completion_window", "status", "output_file_id",
        "error_file_id", "created_at", "in_progress_at", "expires_at", "finalizing_at", "completed_at", "failed_at",
        "expired_at", "cancelling_at", "cancelled_at", "request_counts", "metadata", "model"
      ]
      let withUsage = 0
      let withoutUsage = 0
      for (const batch of page.data) {
        for (const field of fields) assert.property(batch, field)
        if (batch.usage === undefined) {
          withoutUsage++
          assert.notStrictEqual(batch.status, "completed")
        } else {
          withUsage++
          assert.strictEqual(batch.usage.total_tokens, batch.usage.input_tokens + batch.usage.output_tokens)
          assert.property(batch.usage.input_tokens_details, "cached_tokens")
          assert.property(batch.usage.output_tokens_details, "reasoning_tokens")
        }
        if (batch.status === "failed") assert.strictEqual(batch.errors.object, "list")
        else assert.isNull(batch.errors)
      }
      assert.isAbove(withUsage, 5)
      assert.isAbove(withoutUsage, 5)
      const basic = yield* request(listUrl(server), { authorization: `Basic ${KEY}` })
      assert.strictEqual(basic.status, 401)
    }))

  it.effect("openai: a path with a trailing slash is an unknown route", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      const slashed = yield* request(`${server.baseUrl}/batches/`, authHeaders(openai))
      assert.strictEqual(slashed.status, 404)
      assert.strictEqual(parse(slashed).error.message, "Invalid URL (GET /v1/batches/)")
    }))

  it.effect("respan: redirects slash-less GETs (query kept), and the redirect can be followed", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "respan" })
      const redirected = yield* request(`${server.baseUrl}/batches?limit=2`)
      assert.strictEqual(redirected.status, 301)
      assert.strictEqual(redirected.headers.get("location"), "/api/v1/batches/?limit=2")
      const id = String(server.batches[0]!["id"])
      const retrieve = yield* request(`${server.baseUrl}/batches/${id}`, authHeaders(respan))
      assert.strictEqual(retrieve.status, 301)
      assert.strictEqual(retrieve.headers.get("location"), `/api/v1/batches/${id}/`)
      const followed = yield* request(`${server.baseUrl}/batches?limit=2`, authHeaders(respan), { redirect: "follow" })
      assert.strictEqual(followed.status, 200)
      assert.strictEqual(parse(followed).data.length, 2)
      // Only GETs are redirected: Django cannot redirect a POST, so the slash-less path is not found.
      const post = yield* request(`${server.baseUrl}/batches`, authHeaders(respan), { method: "POST", body: "{}" })
      assert.strictEqual(post.status, 404)
      assert.deepStrictEqual(parse(post), { error: "Not found." })
      const deleted = yield* request(`${server.baseUrl}/batches/`, authHeaders(respan), { method: "DELETE" })
      assert.strictEqual(deleted.status, 405)
      assert.deepStrictEqual(parse(deleted), { error: "Method \"DELETE\" not allowed." })
    }))

  it("respan: mixes full and minimal items", () => {
    const batches = FakeVendor.generateBatches("respan", 45)
    const minimal = batches.filter((batch) => !("input_file_id" in batch))
    const full = batches.filter((batch) => "cancelling_at" in batch && "metadata" in batch)
    assert.isAbove(minimal.length, 5)
    assert.isAbove(full.length, 5)
    for (const batch of minimal) {
      const expected = ["id", "object", "endpoint", "status", "created_at"]
      if (batch["status"] === "completed") expected.push("completed_at")
      expected.push("request_counts")
      assert.deepStrictEqual(Object.keys(batch), expected)
    }
    for (const batch of batches) assert.notProperty(batch, "model")
  })

  it.effect("neosantara: rejects Authorization-only, uses `batch-` ids and accepts the `batch_` form", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "neosantara" })
      const bearer = yield* request(listUrl(server), { authorization: `Bearer ${KEY}` })
      assert.strictEqual(bearer.status, 401)
      assert.strictEqual(parse(bearer).error.type, "authentication_error")

      const nativeId = String(server.batches[2]!["id"])
      assert.match(nativeId, /^batch-/)
      const canonicalId = nativeId.replace("batch-", "batch_")
      const retrieved = yield* request(retrieveUrl(server, canonicalId), authHeaders(neosantara))
      assert.strictEqual(parse(retrieved).id, nativeId)
      const page = parse(yield* request(listUrl(server, `?limit=1&after=${canonicalId}`), authHeaders(neosantara)))
      assert.strictEqual(page.first_id, server.batches[3]!["id"])
    }))

  it("neosantara: only documented fields, some `{}` placeholders", () => {
    const batches = FakeVendor.generateBatches("neosantara", 45)
    let placeholders = 0
    let nulls = 0
    for (const batch of batches) {
      for (const field of ["cancelling_at", "model", "usage"]) assert.notProperty(batch, field)
      const values = Object.values(batch)
      if (values.some((value) => value !== null && typeof value === "object" && Object.keys(value).length === 0)) {
        placeholders++
      }
      if (values.includes(null)) nulls++
    }
    assert.isAbove(placeholders, 10)
    assert.isAbove(nulls, 10)
    assert.isTrue(batches.some((batch) => JSON.stringify(batch["request_counts"]) === "{}"))
    assert.isTrue(batches.some((batch) => JSON.stringify(batch["output_file_id"]) === "{}"))
  })

  it.effect("tessera: its version header is required, as its definition sends it", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ definition: tessera })
      const withoutVersion = yield* request(listUrl(server), { "x-api-key": KEY })
      assert.strictEqual(withoutVersion.status, 400)
      assert.deepStrictEqual(parse(withoutVersion), {
        type: "error",
        error: { type: "invalid_request_error", message: "tessera-version: header is required (2025-01-01)." }
      })
      const otherVersion = yield* request(listUrl(server), { "x-api-key": KEY, "tessera-version": "1999-01-01" })
      assert.strictEqual(otherVersion.status, 400)
      assert.include(parse(otherVersion).error.message, "\"1999-01-01\" is not supported")
      const bearer = yield* request(listUrl(server), { authorization: `Bearer ${KEY}`, "tessera-version": "2025-01-01" })
      assert.strictEqual(bearer.status, 401)
    }))

  it.effect("tessera: RFC 3339 timestamps, its own status vocabulary, `after_id` paging, pages of 1000", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ definition: tessera, count: 2500 })
      const first = yield* request(listUrl(server, "?limit=1000"), authHeaders(tessera))
      assert.strictEqual(first.headers.get("x-request-id"), null)
      assert.match(first.headers.get("request-id") ?? "", /^req_\d+$/)
      const page = parse(first)
      assert.deepStrictEqual(Object.keys(page), ["data", "first_id", "last_id", "has_more"])
      assert.strictEqual(page.data.length, 1000)
      const statuses = new Set<string>()
      for (const batch of page.data) {
        assert.match(batch.id, /^msgbatch_[a-z0-9]{24}$/)
        statuses.add(batch.processing_status)
        assert.isDefined(Timestamp.rfc3339.read(batch.created_at))
        assert.strictEqual(batch.ended_at === null, batch.processing_status !== "ended")
        if (batch.ended_at !== null) assert.isAbove(Timestamp.rfc3339.read(batch.ended_at)!, Timestamp.rfc3339.read(batch.created_at)!)
        assert.notProperty(batch, "status")
      }
      assert.deepStrictEqual([...statuses].sort(), ["canceling", "ended", "in_progress"])
      assert.strictEqual(page.data[0].created_at, "2024-03-26T16:45:33.000Z")
      const rest = [page]
      while (rest.at(-1).has_more) {
        const after = rest.at(-1).last_id
        rest.push(parse(yield* request(listUrl(server, `?limit=1000&after_id=${after}`), authHeaders(tessera))))
      }
      assert.deepStrictEqual(rest.map((each) => each.data.length), [1000, 1000, 500])
      assert.strictEqual((yield* request(listUrl(server, "?limit=1001"), authHeaders(tessera))).status, 400)
    }))
})

describe("faults", () => {
  const openai = FakeVendor.definitionOf("openai")

  it.effect("status with headers applies before auth, with a vendor body by default", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai", apiKey: KEY })
      server.inject({ status: 429, headers: { "Retry-After": "1" } })
      const limited = yield* request(listUrl(server))
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.headers.get("retry-after"), "1")
      assert.strictEqual(parse(limited).error.code, "rate_limit_exceeded")

      server.inject({ status: 502 })
      const gateway = yield* request(listUrl(server))
      assert.strictEqual(gateway.status, 502)
      assert.strictEqual(gateway.headers.get("content-type"), "text/html")
      assert.include(gateway.text, "502 Bad Gateway")

      server.inject({ status: 500, body: "oops", headers: { "content-type": "text/plain" } })
      const raw = yield* request(listUrl(server))
      assert.deepStrictEqual([raw.status, raw.text, raw.headers.get("content-type")], [500, "oops", "text/plain"])
      assert.strictEqual((yield* request(listUrl(server))).status, 401) // queue empty again
    }))

  it.effect("default fault bodies follow each vendor's shape", () =>
    Effect.gen(function*() {
      const respan = yield* FakeVendor.make({ provider: "respan" })
      respan.inject({ status: 503 })
      assert.isString(parse(yield* request(listUrl(respan))).error)
      const neosantara = yield* FakeVendor.make({ provider: "neosantara" })
      neosantara.inject({ status: 429 })
      assert.strictEqual(parse(yield* request(listUrl(neosantara))).error.type, "rate_limit_error")
      const fourth = yield* FakeVendor.make({ definition: tessera })
      fourth.inject({ status: 529 })
      const overloaded = yield* request(listUrl(fourth))
      assert.strictEqual(overloaded.status, 529)
      assert.deepStrictEqual(parse(overloaded), { type: "error", error: { type: "overloaded_error", message: "529 Error" } })
    }))

  it.effect("times counts matching requests, and route limits which ones match", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      server.inject({ status: 503, times: 2, route: "retrieve" })
      const id = String(server.batches[0]!["id"])
      assert.strictEqual((yield* request(listUrl(server), authHeaders(openai))).status, 200)
      const statuses: Array<number> = []
      for (let index = 0; index < 3; index++) {
        statuses.push((yield* request(retrieveUrl(server, id), authHeaders(openai))).status)
      }
      assert.deepStrictEqual(statuses, [503, 503, 200])
      assert.strictEqual(server.requests().length, 4)
    }))

  it.effect("skip lets matching requests through first", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      server.inject({ status: 500, skip: 1, route: "list" })
      const statuses: Array<number> = []
      for (let index = 0; index < 3; index++) statuses.push((yield* request(listUrl(server), authHeaders(openai))).status)
      assert.deepStrictEqual(statuses, [200, 500, 200])
    }))

  it.effect("delayMs waits, then answers normally", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      server.inject({ delayMs: 150 })
      const started = Date.now()
      const answer = yield* request(listUrl(server), authHeaders(openai))
      assert.isAtLeast(Date.now() - started, 140)
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(parse(answer).data.length, 20)
    }))

  it.effect("hang never answers, and close() ends the hung socket", () =>
    Effect.promise(async () => {
      const server = await FakeVendor.start({ provider: "openai" })
      server.inject({ hang: true })
      const pending = fetch(listUrl(server), { headers: authHeaders(openai) }).then(
        () => "answered",
        () => "failed"
      )
      while (server.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      const early = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve("waiting"), 100))])
      assert.strictEqual(early, "waiting")
      const closeStarted = Date.now()
      await server.close()
      assert.isBelow(Date.now() - closeStarted, 1_000)
      assert.strictEqual(await pending, "failed")
      await server.close() // twice is fine
    }))

  it.effect("reset destroys the socket without a response", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "respan" })
      const respan = server.definition
      server.inject({ reset: true })
      const result = yield* attempt(listUrl(server), authHeaders(respan))
      assert.isTrue(result.failed)
      assert.strictEqual((yield* request(listUrl(server), authHeaders(respan))).status, 200)
    }))

  it.effect("truncate sends the first half of the normal body", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "neosantara" })
      const neosantara = server.definition
      const full = yield* request(listUrl(server), authHeaders(neosantara))
      server.inject({ truncate: true })
      const cut = yield* request(listUrl(server), authHeaders(neosantara))
      assert.strictEqual(cut.status, 200)
      assert.strictEqual(cut.text, full.text.slice(0, Math.floor(full.text.length / 2)))
      assert.throws(() => JSON.parse(cut.text))
    }))

  it.effect("repeatCursor answers a list as if the cursor were not given", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      const first = parse(yield* request(listUrl(server, "?limit=5"), authHeaders(openai)))
      server.inject({ repeatCursor: true, route: "list" })
      const again = parse(yield* request(listUrl(server, `?limit=5&after=${first.last_id}`), authHeaders(openai)))
      assert.deepStrictEqual(again, first)
      const next = parse(yield* request(listUrl(server, `?limit=5&after=${first.last_id}`), authHeaders(openai)))
      assert.strictEqual(next.first_id, server.batches[5]!["id"])
    }))
})

describe("start", () => {
  it("names the built-in providers, and a provider name that is not one is refused with them", async () => {
    assert.deepStrictEqual(FakeVendor.providers, ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"])
    let message = ""
    await FakeVendor.start({ provider: "OpenAI" as FakeVendor.Provider }).catch((error: Error) => {
      message = error.message
    })
    assert.include(message, "unknown provider \"OpenAI\"")
    assert.include(message, "openai, respan, neosantara, azure, compatible or anthropic")
    assert.throws(() => FakeVendor.generateBatches("bedrock" as FakeVendor.Provider, 1), /unknown provider "bedrock"/)
  })

  it.effect("serves on the definition's base path", () =>
    Effect.gen(function*() {
      const respan = yield* FakeVendor.make({ provider: "respan" })
      assert.match(respan.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
      assert.strictEqual(respan.provider, "respan")
      const fourth = yield* FakeVendor.make({ definition: tessera })
      assert.match(fourth.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      assert.strictEqual(fourth.definition, tessera)
    }))
})

describe("layer", () => {
  it.effect("provides a running server and closes it when the layer is released", () =>
    Effect.gen(function*() {
      const { baseUrl, status } = yield* Effect.gen(function*() {
        const server = yield* FakeVendor.FakeVendor
        const answer = yield* request(listUrl(server), authHeaders(server.definition))
        return { baseUrl: server.baseUrl, status: answer.status }
      }).pipe(Effect.provide(FakeVendor.layer({ provider: "respan" })))
      assert.strictEqual(status, 200)
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
      const afterwards = yield* attempt(`${baseUrl}/batches/`, authHeaders(FakeVendor.definitionOf("respan")))
      assert.isTrue(afterwards.failed)
    }))

  it.effect("make closes on scope exit, even with a hung request", () =>
    Effect.gen(function*() {
      const neosantara = FakeVendor.definitionOf("neosantara")
      const server = yield* Effect.scoped(
        Effect.gen(function*() {
          const server = yield* FakeVendor.make({ provider: "neosantara" })
          server.inject({ hang: true })
          // Fire and forget: the hung request must not keep the scope from closing.
          void fetch(listUrl(server), { headers: authHeaders(neosantara) }).catch(() => undefined)
          yield* Effect.promise(async () => {
            while (server.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
          })
          return server
        })
      )
      const afterwards = yield* attempt(listUrl(server), authHeaders(neosantara))
      assert.isTrue(afterwards.failed)
    }))
})

describe("request log", () => {
  /** The list route (as the definition spells it: respan's ends in `/`), numbered by `?n=`. */
  const listAt = (server: FakeVendor.FakeVendorServer, n: number) => `${server.baseUrl}${server.definition.paths.list}?n=${n}`
  /** Sends `total` GETs numbered by `?n=`, `parallel` at a time, and drains each answer. */
  const hammer = async (server: FakeVendor.FakeVendorServer, total: number, parallel = 64) => {
    let next = 0
    const worker = async () => {
      while (next < total) {
        const n = next++
        const response = await fetch(listAt(server, n))
        await response.arrayBuffer()
      }
    }
    await Promise.all(Array.from({ length: parallel }, worker))
  }
  const numbers = (server: FakeVendor.FakeVendorServer) => server.requests().map((request) => Number(request.query["n"]))
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index)

  it("keeps only the latest 1,000 requests by default, oldest first", async () => {
    assert.strictEqual(FakeVendor.defaultRequestLogSize, 1_000)
    const server = await FakeVendor.start({ provider: "openai" })
    try {
      // Sequential at the end so the order of arrival is the order sent.
      await hammer(server, 4_000)
      for (let n = 4_000; n < 4_050; n++) await (await fetch(listAt(server, n))).arrayBuffer()
      const kept = numbers(server)
      assert.strictEqual(kept.length, 1_000)
      assert.deepStrictEqual(kept.slice(-50), range(4_000, 4_050))
      // The 1,000 kept are the latest 1,000 received.
      assert.deepStrictEqual([...kept].sort((a, b) => a - b), range(3_050, 4_050))
      server.clearRequests()
      assert.deepStrictEqual(server.requests(), [])
      await (await fetch(listAt(server, 1))).arrayBuffer()
      assert.deepStrictEqual(numbers(server), [1])
    } finally {
      await server.close()
    }
  })

  it("requestLogSize changes the ring's size; 0 keeps nothing, Infinity keeps everything", async () => {
    const small = await FakeVendor.start({ provider: "respan", requestLogSize: 10 })
    const none = await FakeVendor.start({ provider: "neosantara", requestLogSize: 0 })
    const all = await FakeVendor.start({ provider: "openai", requestLogSize: Number.POSITIVE_INFINITY })
    try {
      for (let n = 0; n < 95; n++) {
        for (const server of [small, none, all]) await (await fetch(listAt(server, n))).arrayBuffer()
      }
      assert.deepStrictEqual(numbers(small), range(85, 95))
      assert.deepStrictEqual(numbers(none), [])
      assert.deepStrictEqual(numbers(all), range(0, 95))
    } finally {
      await Promise.all([small.close(), none.close(), all.close()])
    }
  })

  it("a requestLogSize that is not an integer of 0 or more (or Infinity) is refused", async () => {
    for (const requestLogSize of [-1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY]) {
      const error = await FakeVendor.start({ provider: "openai", requestLogSize }).then(
        (server) => server.close().then(() => assert.fail("expected a refusal")),
        (error: unknown) => error
      )
      assert.instanceOf(error, RangeError)
      assert.include((error as Error).message, "requestLogSize")
    }
  })
})
