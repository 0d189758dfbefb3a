/**
 * What the clients guarantee whatever `HttpClient` the application provides, over raw loopback
 * servers: the key goes to the base URL's origin only (redirects included), redirect loops and
 * redirects to other schemes end in a typed error, a connection cut halfway through a body is a
 * transport error (not a short body), and an interrupted call aborts its request on the wire.
 * (These were the worker-thread client's tests; the worker is gone, the guarantees stay.)
 */
import { describe, it } from "@effect/vitest"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { assert } from "vitest"
import { apiKey, transports, type VendorCase, vendorsOver } from "./vendors.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

interface Seen {
  readonly url: string
  readonly headers: Record<string, string | Array<string> | undefined>
}

/** A loopback server for the current scope; `closed` lists the requests whose socket closed unanswered. */
const serve = (handle: (request: IncomingMessage, response: ServerResponse, origin: string) => void) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly origin: string; readonly seen: Array<Seen>; readonly closed: Array<string>; readonly close: () => void }>((resume) => {
      const seen: Array<Seen> = []
      const closed: Array<string> = []
      let origin = ""
      const server = createServer((request, response) => {
        seen.push({ url: request.url ?? "", headers: request.headers })
        response.on("close", () => {
          if (!response.writableFinished) closed.push(request.url ?? "")
        })
        request.resume()
        request.on("end", () => handle(request, response, origin))
      })
      const close = () => {
        server.closeAllConnections()
        server.close()
      }
      server.listen(0, "127.0.0.1", () => {
        origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resume(Effect.succeed({ origin, seen, closed, close }))
      })
    }),
    ({ close }) => Effect.sync(close)
  )

/** An empty last page in the vendor's list envelope. */
const emptyPage = (vendor: VendorCase) => {
  const { list } = vendor.definition
  return JSON.stringify({ [list.data]: [], [list.hasMore]: false, [list.firstId]: null, [list.lastId]: null })
}

const answerEmptyPage = (vendor: VendorCase) => (_request: IncomingMessage, response: ServerResponse) =>
  response.writeHead(200, { "content-type": "application/json" }).end(emptyPage(vendor))

/** Every header the definition names as a credential, with the value the client sends. */
const credentialHeaders = (vendor: VendorCase): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(vendor.definition.auth.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
  [vendor.authHeader]: vendor.authValue
})

for (const vendor of transports.flatMap((transport) => vendorsOver(transport).map((vendor) => ({ ...vendor, transport: transport.name })))) {
  describe(`${vendor.provider} over ${vendor.transport}: transport guarantees`, () => {
    it.live("a redirect within the origin keeps the key; one to another origin loses every credential header", () =>
      Effect.gen(function*() {
        const other = yield* serve(answerEmptyPage(vendor))
        const server = yield* serve((request, response, origin) => {
          if (request.url?.startsWith("/same/") === true) {
            return response.writeHead(307, { location: `${origin}/moved/${request.url.slice("/same/".length)}` }).end()
          }
          if (request.url?.startsWith("/cross/") === true) {
            return response.writeHead(302, { location: `${other.origin}/target` }).end()
          }
          answerEmptyPage(vendor)(request, response)
        })
        const headers = { "x-kept": "yes" }
        const same = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/same`, headers, maxRetries: 0 })
        assert.deepStrictEqual((yield* same.list()).data, [])
        const moved = server.seen.find((request) => request.url.startsWith("/moved/"))
        assert.isDefined(moved)
        assert.strictEqual(moved!.headers[vendor.authHeader], vendor.authValue)

        const cross = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/cross`, headers, maxRetries: 0 })
        assert.deepStrictEqual((yield* cross.list()).data, [])
        assert.deepStrictEqual(other.seen.map((request) => request.url), ["/target"])
        const received = other.seen[0]!.headers
        assert.strictEqual(received["x-kept"], "yes")
        for (const name of [...Object.keys(credentialHeaders(vendor)), "authorization", "x-api-key", "cookie"]) {
          assert.notProperty(received, name)
        }
        assert.notInclude(JSON.stringify(received), apiKey)
      }))

    it.live("a redirect loop ends after 20 redirects with the last answer as a typed error, not retried", () =>
      Effect.gen(function*() {
        const server = yield* serve((_request, response) => response.writeHead(302, { location: "/v1/loop/batches" }).end())
        const client = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/v1/loop` })
        const error = yield* failureOf(client.list())
        assert.deepStrictEqual([error._tag, error.status, error.attempts], ["ServerError", 302, 1])
        assert.strictEqual(server.seen.length, 21)
      }))

    it.live("a redirect to another scheme fails as a TransportError, and nothing is sent there", () =>
      Effect.gen(function*() {
        const server = yield* serve((_request, response) => response.writeHead(302, { location: "ftp://127.0.0.1/batches" }).end())
        const client = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/v1`, maxRetries: 0 })
        const error = yield* failureOf(client.list())
        assert.strictEqual(error._tag, "TransportError")
        assert.strictEqual(server.seen.length, 1)
        assert.notInclude(error.message, apiKey)
      }))

    it.live("a connection cut halfway through the body is a TransportError, not a short body", () =>
      Effect.gen(function*() {
        const server = yield* serve((_request, response) => {
          response.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
          response.write(`{"data": [`)
          setTimeout(() => response.destroy(), 20)
        })
        const client = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/v1`, maxRetries: 0 })
        const error = yield* failureOf(client.list())
        assert.deepStrictEqual([error._tag, error._tag === "TransportError" ? error.reason : ""], ["TransportError", "Connection"])
      }))

    it.live("a refused connection is a TransportError naming the failure", () =>
      Effect.gen(function*() {
        const scope = yield* Scope.make()
        const server = yield* Scope.provide(serve(answerEmptyPage(vendor)), scope)
        yield* Scope.close(scope, Exit.void)
        const client = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/v1`, maxRetries: 0 })
        const error = yield* failureOf(client.list())
        assert.deepStrictEqual([error._tag, error._tag === "TransportError" ? error.reason : ""], ["TransportError", "Connection"])
        assert.include(error.message, `${vendor.provider} list failed`)
      }))

    it.live("an interrupted call aborts its request on the wire", () =>
      Effect.gen(function*() {
        const server = yield* serve(() => {
          // never answers
        })
        const client = yield* vendor.make({ apiKey, baseUrl: `${server.origin}/v1` })
        const fiber = yield* Effect.forkChild(client.retrieve("batch_slow"))
        while (server.seen.length === 0) yield* Effect.sleep("5 millis")
        yield* Fiber.interrupt(fiber)
        const started = Date.now()
        while (server.closed.length === 0 && Date.now() - started < 2000) yield* Effect.sleep("5 millis")
        assert.deepStrictEqual(server.closed, [`/v1${vendor.definition.paths.retrieve.replace("{id}", `${vendor.nativePrefix}slow`)}`])
      }))
  })
}
