import { it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { assert, describe } from "vitest"
import { FakeVendor } from "../src/index.js"

type Provider = FakeVendor.Provider
type Server = FakeVendor.FakeVendorServer

const PROVIDERS: ReadonlyArray<Provider> = ["openai", "respan", "neosantara"]
const KEY = "sk-test-secret-key-1234"
const STATUSES = ["validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled"]

const authHeaders = (provider: Provider, key: string = KEY): Record<string, string> =>
  provider === "neosantara" ? { "x-api-key": key } : { authorization: `Bearer ${key}` }

const listUrl = (server: Server, query = ""): string =>
  `${server.baseUrl}/batches${server.provider === "respan" ? "/" : ""}${query}`

const retrieveUrl = (server: Server, id: string): string =>
  `${server.baseUrl}/batches/${encodeURIComponent(id)}${server.provider === "respan" ? "/" : ""}`

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

interface Page {
  readonly data: ReadonlyArray<Record<string, unknown>>
  readonly first_id: string | null
  readonly last_id: string | null
  readonly has_more: boolean
}

describe.each(PROVIDERS)("%s fake", (provider) => {
  const idPrefix = provider === "neosantara" ? "batch-" : "batch_"

  it.scoped("accepts any non-empty key in the vendor's auth header", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider })
      const answer = yield* request(listUrl(server), authHeaders(provider, "anything"))
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.headers.get("content-type"), "application/json")
      assert.match(answer.headers.get("x-request-id") ?? "", /^req_\d+$/)
      const page: Page = parse(answer)
      assert.strictEqual(parse(answer).object, "list")
      assert.strictEqual(page.data.length, 20)
      assert.strictEqual(page.first_id, server.batches[0]?.["id"])
      assert.strictEqual(page.last_id, server.batches[19]?.["id"])
      assert.isTrue(page.has_more)
    }))

  it.scoped("only the configured apiKey is accepted, and the 401 never echoes the key", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider, apiKey: KEY })
      assert.strictEqual((yield* request(listUrl(server), authHeaders(provider))).status, 200)
      const wrongKey = "sk-wrong-key-98765"
      const wrong = yield* request(listUrl(server), authHeaders(provider, wrongKey))
      assert.strictEqual(wrong.status, 401)
      assert.strictEqual(wrong.headers.get("content-type"), "application/json")
      assert.notInclude(wrong.text, "98765")
      assert.notInclude(wrong.text, "sk-wrong")
      const missing = yield* request(listUrl(server))
      assert.strictEqual(missing.status, 401)
      const empty = yield* request(listUrl(server), authHeaders(provider, ""))
      assert.strictEqual(empty.status, 401)
      assert.deepStrictEqual(parse(empty), parse(missing))
      if (provider === "respan") {
        assert.deepStrictEqual(parse(missing), { error: "Authentication credentials were not provided." })
        assert.deepStrictEqual(parse(wrong), { error: "Invalid API key." })
      } else {
        const type = provider === "openai" ? "invalid_request_error" : "authentication_error"
        for (const answer of [missing, wrong]) {
          const error = parse(answer).error
          assert.deepStrictEqual(Object.keys(error), ["message", "type", "param", "code"])
          assert.strictEqual(error.type, type)
          assert.strictEqual(error.param, null)
          assert.strictEqual(error.code, "invalid_api_key")
        }
        assert.notStrictEqual(parse(missing).error.message, parse(wrong).error.message)
      }
    }))

  it.scoped.each([{ count: 45, expectedPages: 5 }, { count: 30, expectedPages: 3 }])(
    "pages by `after` over every item exactly once, in order ($count items)",
    ({ count, expectedPages }) =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider, count })
      const seen: Array<unknown> = []
      let after: string | undefined
      let pages = 0
      while (true) {
        const query = after === undefined ? "?limit=10" : `?limit=10&after=${encodeURIComponent(after)}`
        const page: Page = parse(yield* request(listUrl(server, query), authHeaders(provider)))
        pages++
        assert.isAtMost(page.data.length, 10)
        assert.strictEqual(page.first_id, page.data[0]?.["id"])
        assert.strictEqual(page.last_id, page.data[page.data.length - 1]?.["id"])
        seen.push(...page.data.map((batch) => batch["id"]))
        assert.strictEqual(page.has_more, seen.length < count)
        if (!page.has_more) break
        after = page.last_id!
      }
      assert.strictEqual(pages, expectedPages)
      assert.deepStrictEqual(seen, server.batches.map((batch) => batch["id"]))
      assert.strictEqual(new Set(seen).size, count)
    }))

  it.scoped("an unknown `after` gives an empty last page", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider })
      const page = parse(yield* request(listUrl(server, `?after=${idPrefix}nope`), authHeaders(provider)))
      assert.deepStrictEqual(page, { object: "list", data: [], first_id: null, last_id: null, has_more: false })
    }))

  it.scoped("validates `limit` the vendor's way", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider, count: 150 })
      const list = (query: string) => request(listUrl(server, query), authHeaders(provider))
      const notANumber = yield* list("?limit=abc")
      assert.strictEqual(notANumber.status, 400)
      if (provider === "openai") {
        for (const query of ["?limit=0", "?limit=101", "?limit=abc"]) {
          const answer = yield* list(query)
          assert.strictEqual(answer.status, 400)
          assert.strictEqual(parse(answer).error.param, "limit")
          assert.strictEqual(parse(answer).error.type, "invalid_request_error")
        }
        assert.strictEqual(parse(yield* list("?limit=100")).data.length, 100)
        assert.strictEqual(parse(yield* list("?limit=1")).data.length, 1)
      } else {
        // Respan and Neosantara clamp instead.
        assert.strictEqual(parse(yield* list("?limit=0")).data.length, 1)
        assert.strictEqual(parse(yield* list("?limit=500")).data.length, 100)
        const error = parse(notANumber).error
        assert.strictEqual(error.type, "invalid_request_error")
        assert.include(error.message, "limit")
      }
      assert.strictEqual(parse(yield* list("")).data.length, 20)
    }))

  it.scoped("retrieves a batch, and answers 404 with the vendor body for an unknown id", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider })
      const wanted = server.batches[7]!
      const found = yield* request(retrieveUrl(server, String(wanted["id"])), authHeaders(provider))
      assert.strictEqual(found.status, 200)
      assert.deepStrictEqual(parse(found), wanted)

      const missingId = `${idPrefix}doesnotexist`
      const missing = yield* request(retrieveUrl(server, missingId), authHeaders(provider))
      assert.strictEqual(missing.status, 404)
      const body = parse(missing)
      if (provider === "respan") {
        assert.deepStrictEqual(body, { error: { message: `No such batch: ${missingId}`, type: "invalid_request_error" } })
      } else {
        assert.deepStrictEqual(Object.keys(body.error), ["message", "type", "param", "code"])
        assert.include(body.error.message, missingId)
      }
    }))

  it.scoped("URL-decodes the id segment, 404s unknown routes and 405s other methods", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider })
      const id = String(server.batches[0]!["id"])
      const encoded = `${server.baseUrl}/batches/${id.replace("batch", "%62atch")}${provider === "respan" ? "/" : ""}`
      assert.strictEqual((yield* request(encoded, authHeaders(provider))).status, 200)

      const unknown = yield* request(`${server.baseUrl}/files${provider === "respan" ? "/" : ""}`, authHeaders(provider))
      assert.strictEqual(unknown.status, 404)
      assert.property(parse(unknown), "error")

      const post = yield* request(listUrl(server), authHeaders(provider), { method: "POST", body: "{}" })
      assert.strictEqual(post.status, 405)
      assert.property(parse(post), "error")
    }))

  it("generates ids, statuses, timestamps and counts consistently", () => {
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

  it.scoped("is deterministic by seed", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider })
      assert.deepStrictEqual(server.batches, FakeVendor.generateBatches(provider, 45, 1))
      assert.deepStrictEqual(FakeVendor.generateBatches(provider, 10, 9), FakeVendor.generateBatches(provider, 10, 9))
      assert.notDeepEqual(FakeVendor.generateBatches(provider, 10, 9), FakeVendor.generateBatches(provider, 10, 10))
    }))

  it.scoped("logs every request with lower-cased header names", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider })
      yield* request(listUrl(server, "?limit=3&after=x"), { ...authHeaders(provider), "X-Custom-Thing": "yes" })
      server.inject({ status: 500 })
      yield* request(retrieveUrl(server, "batch_x"))
      const [first, second] = server.requests()
      assert.strictEqual(server.requests().length, 2)
      assert.strictEqual(first?.method, "GET")
      assert.strictEqual(first?.path, provider === "respan" ? "/api/v1/batches/" : "/v1/batches")
      assert.deepStrictEqual(first?.query, { limit: "3", after: "x" })
      assert.strictEqual(first?.headers["x-custom-thing"], "yes")
      assert.strictEqual(second?.path.endsWith("batch_x" + (provider === "respan" ? "/" : "")), true)
      server.clearRequests()
      assert.strictEqual(server.requests().length, 0)
    }))

  it.scoped("serves given wire objects as they are", () =>
    Effect.gen(function*() {
      const batches = [{ id: `${idPrefix}b`, status: "weird" }, { id: `${idPrefix}a`, status: "completed" }]
      const server = yield* FakeVendor.make({ provider, batches })
      const page: Page = parse(yield* request(listUrl(server), authHeaders(provider)))
      assert.deepStrictEqual(page.data, batches)
      assert.deepStrictEqual(page.first_id, `${idPrefix}b`)
    }))
})

describe("vendor quirks", () => {
  it.scoped("openai: every documented field, usage on completed ones and on some others only", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      const page = parse(yield* request(listUrl(server, "?limit=100"), authHeaders("openai")))
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

  it.scoped("respan: redirects slash-less GETs (query kept), and the redirect can be followed", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "respan" })
      const redirected = yield* request(`${server.baseUrl}/batches?limit=2`)
      assert.strictEqual(redirected.status, 301)
      assert.strictEqual(redirected.headers.get("location"), "/api/v1/batches/?limit=2")
      const id = String(server.batches[0]!["id"])
      const retrieve = yield* request(`${server.baseUrl}/batches/${id}`, authHeaders("respan"))
      assert.strictEqual(retrieve.status, 301)
      assert.strictEqual(retrieve.headers.get("location"), `/api/v1/batches/${id}/`)
      const followed = yield* request(`${server.baseUrl}/batches?limit=2`, authHeaders("respan"), { redirect: "follow" })
      assert.strictEqual(followed.status, 200)
      assert.strictEqual(parse(followed).data.length, 2)
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

  it.scoped("neosantara: rejects Authorization-only, uses `batch-` ids and accepts the `batch_` form", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "neosantara" })
      const bearer = yield* request(listUrl(server), { authorization: `Bearer ${KEY}` })
      assert.strictEqual(bearer.status, 401)
      assert.strictEqual(parse(bearer).error.type, "authentication_error")

      const nativeId = String(server.batches[2]!["id"])
      const canonicalId = nativeId.replace("batch-", "batch_")
      const retrieved = yield* request(retrieveUrl(server, canonicalId), authHeaders("neosantara"))
      assert.strictEqual(parse(retrieved).id, nativeId)
      const page = parse(yield* request(listUrl(server, `?limit=1&after=${canonicalId}`), authHeaders("neosantara")))
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
})

describe("faults", () => {
  it.scoped("status with headers applies before auth, with a vendor body by default", () =>
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

  it.scoped("default fault bodies follow each vendor's shape", () =>
    Effect.gen(function*() {
      const respan = yield* FakeVendor.make({ provider: "respan" })
      respan.inject({ status: 503 })
      assert.isString(parse(yield* request(listUrl(respan))).error)
      const neosantara = yield* FakeVendor.make({ provider: "neosantara" })
      neosantara.inject({ status: 429 })
      assert.strictEqual(parse(yield* request(listUrl(neosantara))).error.type, "rate_limit_error")
    }))

  it.scoped("times counts matching requests, and route limits which ones match", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      server.inject({ status: 503, times: 2, route: "retrieve" })
      const id = String(server.batches[0]!["id"])
      assert.strictEqual((yield* request(listUrl(server), authHeaders("openai"))).status, 200)
      const statuses: Array<number> = []
      for (let index = 0; index < 3; index++) {
        statuses.push((yield* request(retrieveUrl(server, id), authHeaders("openai"))).status)
      }
      assert.deepStrictEqual(statuses, [503, 503, 200])
      assert.strictEqual(server.requests().length, 4)
    }))

  it.scoped("delayMs waits, then answers normally", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      server.inject({ delayMs: 150 })
      const started = Date.now()
      const answer = yield* request(listUrl(server), authHeaders("openai"))
      assert.isAtLeast(Date.now() - started, 140)
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(parse(answer).data.length, 20)
    }))

  it.effect("hang never answers, and close() ends the hung socket", () =>
    Effect.promise(async () => {
      const server = await FakeVendor.start({ provider: "openai" })
      server.inject({ hang: true })
      const pending = fetch(listUrl(server), { headers: authHeaders("openai") }).then(
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

  it.scoped("reset destroys the socket without a response", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "respan" })
      server.inject({ reset: true })
      const result = yield* attempt(listUrl(server), authHeaders("respan"))
      assert.isTrue(result.failed)
      assert.strictEqual((yield* request(listUrl(server), authHeaders("respan"))).status, 200)
    }))

  it.scoped("truncate sends the first half of the normal body", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "neosantara" })
      const full = yield* request(listUrl(server), authHeaders("neosantara"))
      server.inject({ truncate: true })
      const cut = yield* request(listUrl(server), authHeaders("neosantara"))
      assert.strictEqual(cut.status, 200)
      assert.strictEqual(cut.text, full.text.slice(0, Math.floor(full.text.length / 2)))
      assert.throws(() => JSON.parse(cut.text))
    }))

  it.scoped("repeatCursor answers a list as if `after` were not given", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai" })
      const first = parse(yield* request(listUrl(server, "?limit=5"), authHeaders("openai")))
      server.inject({ repeatCursor: true, route: "list" })
      const again = parse(yield* request(listUrl(server, `?limit=5&after=${first.last_id}`), authHeaders("openai")))
      assert.deepStrictEqual(again, first)
      const next = parse(yield* request(listUrl(server, `?limit=5&after=${first.last_id}`), authHeaders("openai")))
      assert.strictEqual(next.first_id, server.batches[5]!["id"])
    }))
})

describe("layer", () => {
  it.effect("provides a running server and closes it when the layer is released", () =>
    Effect.gen(function*() {
      const { baseUrl, status } = yield* Effect.gen(function*() {
        const server = yield* FakeVendor.FakeVendor
        const answer = yield* request(listUrl(server), authHeaders("respan"))
        return { baseUrl: server.baseUrl, status: answer.status }
      }).pipe(Effect.provide(FakeVendor.layer({ provider: "respan" })))
      assert.strictEqual(status, 200)
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
      const afterwards = yield* attempt(`${baseUrl}/batches/`, authHeaders("respan"))
      assert.isTrue(afterwards.failed)
    }))

  it.scoped("make closes on scope exit, even with a hung request", () =>
    Effect.gen(function*() {
      const server = yield* Effect.scoped(
        Effect.gen(function*() {
          const server = yield* FakeVendor.make({ provider: "neosantara" })
          server.inject({ hang: true })
          // Fire and forget: the hung request must not keep the scope from closing.
          void fetch(listUrl(server), { headers: authHeaders("neosantara") }).catch(() => undefined)
          yield* Effect.promise(async () => {
            while (server.requests().length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
          })
          return server
        })
      )
      const afterwards = yield* attempt(listUrl(server), authHeaders("neosantara"))
      assert.isTrue(afterwards.failed)
    }))
})
