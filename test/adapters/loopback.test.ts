import { describe, it } from "@effect/vitest"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { inspect } from "node:util"
import { assert } from "vitest"
import { apiKey, setup, transports, vendorsOver } from "./vendors.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

// Every case runs over each HttpClient: the adapters' behaviour must not depend on the transport.
for (const vendor of transports.flatMap((transport) => vendorsOver(transport).map((vendor) => ({ ...vendor, transport: transport.name })))) {
  describe(`${vendor.provider} over loopback, ${vendor.transport}`, () => {
    it.effect("lists one page with the vendor's auth header and path, and no other auth header", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const page = yield* client.list()
        const requests = server.requests()
        assert.strictEqual(requests.length, 1)
        const [request] = requests
        assert.strictEqual(request!.path, vendor.listPath)
        assert.deepStrictEqual(request!.query, {})
        assert.strictEqual(request!.headers[vendor.authHeader], vendor.authValue)
        const otherHeader = vendor.authHeader === "authorization" ? "x-api-key" : "authorization"
        assert.strictEqual(request!.headers[otherHeader], undefined)
        assert.strictEqual(page.data.length, 20)
        assert.isTrue(page.hasMore)
        const wireIds = server.batches.slice(0, 20).map((batch) => batch.id)
        assert.deepStrictEqual(page.data.map((batch) => batch.nativeId), wireIds)
        for (const batch of page.data) {
          assert.isTrue(batch.nativeId.startsWith(vendor.nativePrefix))
          assert.strictEqual(batch.id, "batch_" + batch.nativeId.slice(vendor.nativePrefix.length))
          assert.strictEqual(batch.provider, vendor.provider)
        }
        assert.deepStrictEqual([page.firstId, page.lastId], [page.data[0]!.id, page.data[19]!.id])
      }))

    it.effect("a base URL with a trailing slash reaches the same paths", () =>
      Effect.gen(function*() {
        const { server } = yield* setup(vendor)
        const client = yield* vendor.make({ apiKey, baseUrl: `${server.baseUrl}/` })
        yield* client.list({ limit: 1 })
        yield* client.retrieve(server.batches[0]!.id as string)
        assert.deepStrictEqual(server.requests().map((request) => request.path), [vendor.listPath, vendor.retrievePath(server.batches[0]!.id as string)])
      }))

    it.effect("list sends limit and after in the vendor's native form", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const first = yield* client.list({ limit: 3 })
        const second = yield* client.list({ limit: 3, after: first.lastId! })
        const [, request] = server.requests()
        const { cursorParam, limitParam } = vendor.definition.paging
        assert.deepStrictEqual(request!.query, { [limitParam]: "3", [cursorParam]: first.data[2]!.nativeId })
        assert.deepStrictEqual(second.data.map((batch) => batch.nativeId), server.batches.slice(3, 6).map((batch) => batch.id))
      }))

    it.effect("listAll walks every page in order with the vendor's cursor", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const all = yield* Stream.runCollect(client.listAll({ limit: 10 }))
        assert.deepStrictEqual(all.map((batch) => batch.nativeId), server.batches.map((batch) => batch.id))
        const requests = server.requests()
        assert.strictEqual(requests.length, 5)
        assert.deepStrictEqual(
          requests.map((request) => request.query[vendor.definition.paging.cursorParam]),
          [undefined, ...[9, 19, 29, 39].map((index) => server.batches[index]!.id)]
        )
      }))

    it.effect("listAll without a limit asks for the largest pages the vendor serves, not its default", () =>
      Effect.gen(function*() {
        const { maxLimit } = vendor.definition.paging
        assert.strictEqual(maxLimit, 100)
        const { client, server } = yield* setup(vendor, { count: maxLimit + maxLimit / 2 })
        const all = yield* Stream.runCount(client.listAll())
        assert.strictEqual(all, maxLimit + maxLimit / 2)
        assert.deepStrictEqual(server.requests().map((request) => request.query.limit), [String(maxLimit), String(maxLimit)])
      }))

    it.effect("listAll is lazy: nothing is requested until the stream runs", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const stream = client.listAll({ limit: 10 })
        yield* Effect.yieldNow
        assert.strictEqual(server.requests().length, 0)
        assert.strictEqual(yield* Stream.runCount(stream), 45)
      }))

    it.effect("listAll with readAhead: false fetches lazily: taking 5 makes one request", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const five = yield* Stream.runCollect(client.listAll({ limit: 20, readAhead: false }).pipe(Stream.take(5)))
        assert.strictEqual(five.length, 5)
        assert.strictEqual(server.requests().length, 1)
      }))

    it.live("listAll reads at most two pages ahead while the consumer works on a page", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const requestsWhileOnFirstPage = yield* client.listAll({ limit: 10 }).pipe(
          Stream.mapEffect((batch) =>
            Effect.gen(function*() {
              // The consumer holds the first batch: pages 2 and 3 are requested meanwhile, page 4 is not.
              while (server.requests().length < 3) yield* Effect.sleep("5 millis")
              yield* Effect.sleep("100 millis")
              return [batch.nativeId, server.requests().length] as const
            })
          ),
          Stream.runHead
        )
        assert.deepStrictEqual(requestsWhileOnFirstPage, Option.some([server.batches[0]!.id as string, 3] as const))
        assert.deepStrictEqual(
          server.requests().map((request) => request.query[vendor.definition.paging.cursorParam]),
          [undefined, server.batches[9]!.id, server.batches[19]!.id]
        )
      }))

    it.live("listAll that stops early does not wait for the page it is reading ahead", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        // The request for page 2 goes out while the consumer is on page 1, and never gets an answer.
        server.inject({ route: "list", hang: true, skip: 1 })
        const waitForPage2Request = Effect.gen(function*() {
          while (server.requests().length < 2) yield* Effect.sleep("5 millis")
        })
        const started = Date.now()
        const five = yield* Stream.runCollect(client.listAll({ limit: 10 }).pipe(Stream.tap(() => waitForPage2Request), Stream.take(5))).pipe(
          Effect.timeoutOrElse({ duration: "5 seconds", orElse: () => Effect.die(new Error("the stream waited for the hung read-ahead request")) })
        )
        assert.strictEqual(five.length, 5)
        assert.isBelow(Date.now() - started, 1000)
        yield* Effect.sleep("100 millis")
        assert.deepStrictEqual(
          server.requests().map((request) => request.query[vendor.definition.paging.cursorParam]),
          [undefined, server.batches[9]!.id]
        )
      }))

    it.effect("listAll with maxPages stops after that many pages", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const batches = yield* Stream.runCollect(client.listAll({ limit: 10, maxPages: 2 }))
        assert.deepStrictEqual([batches.length, server.requests().length], [20, 2])
        const onePage = yield* Stream.runCollect(client.listAll({ limit: 10, maxPages: 1, readAhead: false }))
        assert.deepStrictEqual([onePage.length, server.requests().length], [10, 3])
      }))

    it.effect("retrieve accepts the canonical and the native form and sends the native one", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const nativeId = server.batches[7]!.id as string
        const canonicalId = "batch_" + nativeId.slice(vendor.nativePrefix.length)
        const byCanonical = yield* client.retrieve(canonicalId)
        const byNative = yield* client.retrieve(nativeId)
        assert.deepStrictEqual([byCanonical.id, byCanonical.nativeId, byNative.id], [canonicalId, nativeId, canonicalId])
        assert.deepStrictEqual(server.requests().map((request) => request.path), [vendor.retrievePath(nativeId), vendor.retrievePath(nativeId)])
        assert.strictEqual(server.requests()[0]!.headers[vendor.authHeader], vendor.authValue)
      }))

    it.effect("retrieve URL-encodes the ID into the path", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const error = yield* failureOf(client.retrieve("batch_ä%1"))
        assert.strictEqual(error._tag, "NotFoundError")
        assert.strictEqual(server.requests()[0]!.path, vendor.retrievePath(`${vendor.nativePrefix}%C3%A4%251`))
      }))

    it.effect("bad IDs, limits, cursors and base URLs are refused before any request", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        for (const id of ["", "batch_a b", "batch_a/b", "batch_a?x", "batch_a#x", "batch_..", "file-123"]) {
          const error = yield* failureOf(client.retrieve(id))
          assert.strictEqual(error._tag, "InvalidRequestError", id)
          assert.strictEqual(error.status, null)
          assert.include(error.message, "Invalid batch ID")
        }
        const { maxLimit } = vendor.definition.paging
        for (const limit of [0, maxLimit + 1, 1.5, -3, Number.NaN]) {
          for (const call of [client.list({ limit }), Stream.runDrain(client.listAll({ limit }))]) {
            const error = yield* failureOf(call)
            assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", null])
            assert.strictEqual(error.message, `limit must be an integer from 1 to ${maxLimit}, got ${limit}.`)
          }
        }
        for (const maxPages of [0, -1, 2.5]) {
          const error = yield* failureOf(Stream.runDrain(client.listAll({ maxPages })))
          assert.strictEqual(error._tag, "InvalidRequestError")
          assert.include(error.message, `maxPages must be an integer of 1 or more, got ${maxPages}`)
        }
        assert.strictEqual((yield* failureOf(client.list({ after: "batch_x/../y" })))._tag, "InvalidRequestError")
        assert.strictEqual((yield* failureOf(Stream.runDrain(client.listAll({ after: "batch_x/../y" }))))._tag, "InvalidRequestError")
        assert.strictEqual(server.requests().length, 0)
        for (const baseUrl of ["ftp://127.0.0.1/v1", "http://user:pw@127.0.0.1/v1", "not a url", "http://127.0.0.1/v1?x=1"]) {
          const bad = yield* vendor.make({ apiKey, baseUrl })
          for (const call of [bad.list(), bad.retrieve("batch_abc"), Stream.runDrain(bad.listAll())]) {
            const error = yield* failureOf(call)
            assert.strictEqual(error._tag, "InvalidRequestError", baseUrl)
            assert.include(error.message, "base URL")
          }
        }
        for (const options of [{ maxRetries: -1 }, { maxRetries: 1.5 }, { timeout: 0 }]) {
          const bad = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, ...options })
          const error = yield* failureOf(bad.list())
          assert.strictEqual(error._tag, "InvalidRequestError")
          assert.match(error.message, /^(maxRetries|timeout) must be/)
        }
        assert.strictEqual(server.requests().length, 0)
      }))

    it.effect("a wrong key is the vendor's 401 as AuthenticationError with its message", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor, { apiKey: "the-only-right-key" })
        const error = yield* failureOf(client.list())
        assert.strictEqual(error._tag, "AuthenticationError")
        assert.strictEqual(error.status, 401)
        assert.isAbove(error.message.length, 5)
        assert.notInclude(error.message, "HTTP 401")
        assert.match(error.requestId ?? "", /^req_/)
      }))

    it.effect("an unknown batch is NotFoundError with the vendor's message", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor)
        const error = yield* failureOf(client.retrieve("batch_doesnotexist"))
        assert.strictEqual(error._tag, "NotFoundError")
        assert.strictEqual(error.status, 404)
        assert.include(error.message, `${vendor.nativePrefix}doesnotexist`)
      }))

    it.effect("429, 500 and an HTML 502 map to their canonical errors", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, {}, { maxRetries: 0 })
        server.inject({ status: 429, headers: { "retry-after": "3" }, body: JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error" } }) })
        const rateLimited = yield* failureOf(client.list())
        assert.deepStrictEqual([rateLimited._tag, rateLimited.message], ["RateLimitError", "Rate limit reached"])
        assert.strictEqual(rateLimited._tag === "RateLimitError" ? rateLimited.retryAfterSeconds : -1, 3)
        server.inject({ status: 500, body: JSON.stringify({ error: { message: "The server had an error", type: "server_error" } }) })
        const serverError = yield* failureOf(client.retrieve("batch_abc"))
        assert.deepStrictEqual([serverError._tag, serverError.status, serverError.message], ["ServerError", 500, "The server had an error"])
        server.inject({ status: 502, headers: { "content-type": "text/html" }, body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>" })
        const gateway = yield* failureOf(client.list())
        assert.deepStrictEqual([gateway._tag, gateway.status, gateway.message], ["ServerError", 502, "502 Bad Gateway 502 Bad Gateway"])
      }))

    it.live("a truncated body is a DecodeError; a hung request times out as TransportError", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, {}, { timeout: "300 millis", maxRetries: 0 })
        server.inject({ truncate: true })
        const truncated = yield* failureOf(client.list())
        assert.strictEqual(truncated._tag, "DecodeError")
        assert.include(truncated.message, "not JSON")
        server.inject({ hang: true })
        const hung = yield* failureOf(client.list())
        assert.strictEqual(hung._tag, "TransportError")
        assert.strictEqual(hung._tag === "TransportError" ? hung.reason : "", "Timeout")
      }))

    it.effect("a refused connection is TransportError", () =>
      Effect.gen(function*() {
        const { server } = yield* setup(vendor)
        const baseUrl = server.baseUrl
        yield* Effect.promise(() => server.close())
        const client = yield* vendor.make({ apiKey, baseUrl, maxRetries: 0 })
        const error = yield* failureOf(client.list())
        assert.strictEqual(error._tag, "TransportError")
        assert.strictEqual(error._tag === "TransportError" ? error.reason : "", "Connection")
      }))

    it.live("the API key appears in no error, string, JSON or inspection output", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, { apiKey: "another-key" }, { timeout: "200 millis", maxRetries: 0 })
        const errors: Array<unknown> = [yield* failureOf(client.list()), yield* failureOf(client.retrieve("batch_x"))]
        server.inject({ status: 500, body: `{"error":{"message":"boom"}}` })
        errors.push(yield* failureOf(client.list()))
        server.inject({ hang: true })
        errors.push(yield* failureOf(client.list()))
        errors.push(yield* failureOf(client.retrieve("batch_a b")))
        for (const error of errors) {
          const outputs = [String(error), JSON.stringify(error), JSON.stringify(errorToJson(error as UnibatchError)), (error as Error).stack ?? "", inspect(error, { depth: 10 })]
          for (const output of outputs) assert.notInclude(output, apiKey)
        }
        assert.notInclude(inspect(client, { depth: 10 }), apiKey)
      }))
  })
}
