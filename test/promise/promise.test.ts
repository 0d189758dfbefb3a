/**
 * The Promise API over loopback, per vendor: values in canonical JSON, lazy `for await` that stops
 * fetching on `break`, one Error class per canonical error, abort mid-request, and no key in any
 * rejection.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { createClient, UnibatchApiError } from "unibatch"
import * as Unibatch from "unibatch"
import { inspect } from "node:util"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const apiKey = "sk-promise-SECRET-42"
const providers = ["openai", "respan", "neosantara"] as const

const rejectionOf = async (promise: Promise<unknown>): Promise<UnibatchApiError> => {
  try {
    await promise
  } catch (error) {
    assert.instanceOf(error, UnibatchApiError)
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ""]) {
      assert.notInclude(text, apiKey)
    }
    return error as UnibatchApiError
  }
  return assert.fail("expected a rejection")
}

for (const provider of providers) {
  describe(`Promise API on ${provider}`, () => {
    let server: FakeVendor.FakeVendorServer
    const client = () => createClient({ provider, apiKey, baseUrl: server.baseUrl, maxRetries: 0 })

    beforeAll(async () => {
      server = await FakeVendor.start({ provider, count: 45 })
    })
    afterAll(() => server.close())

    it("list and retrieve give canonical JSON", async () => {
      const unibatch = client()
      const page = await unibatch.list({ limit: 5 })
      assert.strictEqual(page.data.length, 5)
      assert.strictEqual(page.hasMore, true)
      assert.match(page.data[0]!.createdAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
      assert.strictEqual(page.data[0]!.id, page.firstId)
      const batch = await unibatch.retrieve(page.data[1]!.id)
      assert.deepStrictEqual(batch, page.data[1])
      await unibatch.close()
    })

    it("for await with readAhead: false fetches lazily and stops on break", async () => {
      const unibatch = client()
      server.clearRequests()
      const seen: Array<string> = []
      for await (const batch of unibatch.listAll({ limit: 10, readAhead: false })) {
        seen.push(batch.id)
        if (seen.length === 15) break
      }
      assert.strictEqual(seen.length, 15)
      assert.strictEqual(server.requests().length, 2)
      server.clearRequests()
      let count = 0
      for await (const _ of unibatch.listAll({ limit: 10 })) count++
      assert.deepStrictEqual([count, server.requests().length], [45, 5])
      const resumed: Array<string> = []
      for await (const batch of unibatch.listAll({ limit: 20, after: seen[9]! })) resumed.push(batch.id)
      assert.deepStrictEqual(resumed.slice(0, 5), seen.slice(10, 15))
      assert.strictEqual(resumed.length, 35)
      await unibatch.close()
    })

    it("for await reads ahead while the loop works, and break stops fetching", async () => {
      const unibatch = client()
      server.clearRequests()
      const settle = () => new Promise((resolve) => setTimeout(resolve, 100))
      for await (const _ of unibatch.listAll({ limit: 5 })) {
        // The loop is busy with the first page: the next ones are already on their way.
        await settle()
        assert.isAtLeast(server.requests().length, 2)
        break
      }
      const afterBreak = server.requests().length
      assert.isAtMost(afterBreak, 3)
      await settle()
      assert.strictEqual(server.requests().length, afterBreak)
      await unibatch.close()
    })

    it("each canonical error rejects with its own class", async () => {
      const unibatch = client()
      const cases: Array<[Record<string, unknown>, string, new(...args: Array<any>) => Error]> = [
        [{ status: 400 }, "InvalidRequestError", Unibatch.InvalidRequestError],
        [{ status: 401 }, "AuthenticationError", Unibatch.AuthenticationError],
        [{ status: 403 }, "PermissionDeniedError", Unibatch.PermissionDeniedError],
        [{ status: 404 }, "NotFoundError", Unibatch.NotFoundError],
        [{ status: 409 }, "ConflictError", Unibatch.ConflictError],
        [{ status: 429, headers: { "retry-after": "4" } }, "RateLimitError", Unibatch.RateLimitError],
        [{ status: 500 }, "ServerError", Unibatch.ServerError],
        [{ status: 502 }, "ServerError", Unibatch.ServerError],
        [{ reset: true }, "TransportError", Unibatch.TransportError],
        [{ truncate: true }, "DecodeError", Unibatch.DecodeError]
      ]
      for (const [fault, tag, errorClass] of cases) {
        server.inject(fault)
        const error = await rejectionOf(unibatch.list())
        assert.instanceOf(error, errorClass)
        assert.deepStrictEqual([error.name, error._tag, error.provider], [tag, tag, provider])
        if (typeof fault.status === "number") assert.strictEqual(error.status, fault.status)
        if (tag !== "DecodeError") assert.strictEqual(error.attempts, 1)
        if (tag === "DecodeError") assert.strictEqual(error.path, "$")
        if (tag === "TransportError") assert.strictEqual(error.reason, "Connection")
      }
      server.inject({ status: 429, headers: { "retry-after": "4" } })
      assert.strictEqual(((await rejectionOf(unibatch.list())) as Unibatch.RateLimitError).retryAfterSeconds, 4)
      const refused = await rejectionOf(unibatch.retrieve("batch_a/b"))
      assert.deepStrictEqual([refused._tag, refused.status], ["InvalidRequestError", null])
      await unibatch.close()
    })

    it("a wrong key rejects with AuthenticationError, without the key", async () => {
      const strict = await FakeVendor.start({ provider, apiKey: "the-right-one" })
      const unibatch = createClient({ provider, apiKey, baseUrl: strict.baseUrl })
      const error = await rejectionOf(unibatch.list())
      assert.strictEqual(error._tag, "AuthenticationError")
      await unibatch.close()
      await strict.close()
    })

    it("an AbortSignal aborts a request in flight, and an aborted signal sends nothing", async () => {
      const unibatch = client()
      server.inject({ hang: true })
      const controller = new AbortController()
      const pending = unibatch.list({ signal: controller.signal })
      setTimeout(() => controller.abort(), 50)
      const started = Date.now()
      const error = await pending.catch((caught: unknown) => caught)
      assert.isBelow(Date.now() - started, 2000)
      assert.strictEqual((error as Error).name, "AbortError")
      server.clearRequests()
      const already = await unibatch.retrieve("batch_x", { signal: AbortSignal.abort() }).catch((caught: unknown) => caught)
      assert.strictEqual((already as Error).name, "AbortError")
      assert.strictEqual(server.requests().length, 0)
      await unibatch.close()
    })

    it("an AbortSignal ends a for await listing mid-page-request", async () => {
      const unibatch = client()
      server.clearRequests()
      server.inject({ route: "list", skip: 1, hang: true })
      const controller = new AbortController()
      let seen = 0
      const error = await (async () => {
        for await (const _ of unibatch.listAll({ limit: 10, readAhead: false, signal: controller.signal })) {
          if (++seen === 10) setTimeout(() => controller.abort(), 50)
        }
      })().catch((caught: unknown) => caught)
      assert.strictEqual((error as Error).name, "AbortError")
      assert.deepStrictEqual([seen, server.requests().length], [10, 2])
      await unibatch.close()
    })
  })
}

describe("createClient", () => {
  it("without a key for the real vendor, refuses at once with the variable's name", () => {
    const previous = process.env.RESPAN_API_KEY
    delete process.env.RESPAN_API_KEY
    try {
      assert.throws(() => createClient({ provider: "respan" }), /RESPAN_API_KEY/)
    } finally {
      if (previous !== undefined) process.env.RESPAN_API_KEY = previous
    }
  })

  it("reads the key from the vendor's variable", async () => {
    const server = await FakeVendor.start({ provider: "neosantara", apiKey: "nst-from-env" })
    process.env.NEOSANTARA_API_KEY = "nst-from-env"
    try {
      const unibatch = createClient({ provider: "neosantara", baseUrl: server.baseUrl })
      assert.strictEqual((await unibatch.list({ limit: 1 })).data.length, 1)
      await unibatch.close()
    } finally {
      delete process.env.NEOSANTARA_API_KEY
      await server.close()
    }
  })
})

describe("conform (Promise)", () => {
  it("checks a body against the named vendor's contract, all deviations at once", async () => {
    const { conform } = Unibatch
    const clean = await conform({ provider: "neosantara", operation: "list", body: `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}` })
    assert.deepStrictEqual([clean.conformant, clean.violations], [true, []])
    const broken = await conform({
      provider: "openai",
      operation: "retrieve",
      body: `{"id":"batch-1","object":"batch","endpoint":"/v1/chat/completions","input_file_id":"file-1","completion_window":"24h","status":"done","created_at":"yesterday"}`
    })
    assert.isFalse(broken.conformant)
    assert.deepStrictEqual(broken.violations.map((violation) => `${violation.path} ${violation.rule}`).sort(), ["$.created_at type", "$.id id-form", "$.status status"])
    const aborted = await conform({ provider: "openai", operation: "list", body: "{}", signal: AbortSignal.abort() }).catch((caught: unknown) => caught)
    assert.strictEqual((aborted as Error).name, "AbortError")
  })
})

describe("a closed client", () => {
  it("rejects every call, and the one in flight, with InvalidRequestError and sends nothing more", async () => {
    const server = await FakeVendor.start({ provider: "openai", count: 30 })
    try {
      const unibatch = createClient({ provider: "openai", apiKey, baseUrl: server.baseUrl, maxRetries: 0 })
      const listing = unibatch.listAll({ limit: 10, readAhead: false })[Symbol.asyncIterator]()
      assert.isFalse((await listing.next()).done)
      server.inject({ hang: true })
      const inFlight = rejectionOf(unibatch.retrieve(server.batches[0]!.id as string))
      await new Promise((resolve) => setTimeout(resolve, 50))
      await unibatch.close()
      const started = Date.now()
      const interrupted = await inFlight
      assert.isBelow(Date.now() - started, 2000)
      server.clearRequests()
      const refusals = [
        interrupted,
        await rejectionOf(unibatch.list()),
        await rejectionOf(unibatch.retrieve("batch_abc")),
        await rejectionOf(listing.next()),
        await rejectionOf((async () => {
          for await (const _ of unibatch.listAll()) return
        })())
      ]
      for (const error of refusals) {
        assert.instanceOf(error, Unibatch.InvalidRequestError)
        assert.deepStrictEqual([error._tag, error.provider, error.status], ["InvalidRequestError", "openai", null])
        assert.match(error.message, /closed/)
      }
      assert.deepStrictEqual(refusals.map((error) => error.operation), ["retrieve", "list", "retrieve", "listAll", "listAll"])
      assert.strictEqual(server.requests().length, 0)
      await unibatch.close()
    } finally {
      await server.close()
    }
  })
})
