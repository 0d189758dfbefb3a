/**
 * Hostile vendors over real loopback HTTP (issue 15): a small `node:http` server per case that
 * answers the way no vendor should (listing cycles, a last id that is not the last item, endless
 * or oversized bodies, bodies compressed without asking, 304 and 1xx, huge error messages), over
 * both transports. Every case ends in a typed error, after a bounded number of requests and
 * bytes, and the key is in none of them.
 */
import { describe, it } from "@effect/vitest"
import type { BatchClientService } from "@unibatch/core/BatchClient"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as http from "node:http"
import * as net from "node:net"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import * as zlib from "node:zlib"
import { assert } from "vitest"
import { apiKey, transports, vendorsOver } from "./vendors.js"
import { wireBatch } from "../support/wire.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

interface Hostile {
  readonly baseUrl: string
  /** Requests received so far (the list's cursor of each, `null` for none). */
  readonly requests: Array<string | null>
  /** Bytes the server managed to write to the client, summed over responses. */
  readonly bytesWritten: () => number
}

/** A loopback server whose every answer `handle` writes; closed with the scope. */
const hostileServer = (handle: (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => void) =>
  Effect.acquireRelease(
    Effect.callback<{ server: http.Server; hostile: Hostile }>((resume) => {
      const requests: Array<string | null> = []
      let written = 0
      const server = http.createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1")
        requests.push(url.searchParams.get("after"))
        const write = response.write.bind(response)
        response.write = ((chunk: unknown, ...rest: Array<never>) => {
          written += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength
          return write(chunk as string, ...rest)
        }) as typeof response.write
        handle(request, response, url)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, hostile: { baseUrl: `http://127.0.0.1:${port}/v1`, requests, bytesWritten: () => written } }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ hostile }) => hostile))


const page = (ids: ReadonlyArray<string>, hasMore: boolean, lastId: string | null = ids.at(-1) ?? null) =>
  JSON.stringify({ object: "list", data: ids.map((id) => wireBatch(id)), first_id: ids[0] ?? null, last_id: lastId, has_more: hasMore })

const json = (response: http.ServerResponse, body: string, status = 200) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(body)
}

/** No output of an error shows the key. */
const assertNoKey = (error: unknown) => {
  for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), JSON.stringify(errorToJson(error as UnibatchError))]) {
    assert.notInclude(text, apiKey)
  }
}

const openAiOver = transports.map((transport) => ({ transport: transport.name, vendor: vendorsOver(transport).find((vendor) => vendor.provider === "openai")! }))

const clientFor = (vendor: (typeof openAiOver)[number]["vendor"], baseUrl: string, options: { readonly maxResponseBytes?: number } = {}): Effect.Effect<BatchClientService, never, import("effect/Scope").Scope> =>
  vendor.make({ apiKey, baseUrl, maxRetries: 0, ...options })

for (const { transport, vendor } of openAiOver) {
  describe(`hostile vendor over ${transport}`, () => {
    it.effect("listing always ends: a cycle A -> B -> A is a DecodeError after 3 requests", () =>
      Effect.gen(function*() {
        const pages: Record<string, string> = {
          start: page(["batch_s", "batch_A"], true),
          batch_A: page(["batch_x", "batch_B"], true),
          batch_B: page(["batch_y", "batch_A"], true)
        }
        const server = yield* hostileServer((_, response, url) => json(response, pages[url.searchParams.get("after") ?? "start"] ?? page([], false)))
        const client = yield* clientFor(vendor, server.baseUrl)
        const delivered: Array<string> = []
        const error = yield* failureOf(Stream.runForEach(client.listAll(), (batch) => Effect.sync(() => delivered.push(batch.nativeId))))
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, 'page 3 gives after="batch_A", the cursor page 1 gave: the listing loops')
        assert.deepStrictEqual(server.requests, [null, "batch_A", "batch_B"])
        assert.deepStrictEqual(delivered, ["batch_s", "batch_A", "batch_x", "batch_B"])
        assertNoKey(error)
      }))

    it.effect("listing always ends: a page whose last_id is not its last item is a DecodeError after 1 request", () =>
      Effect.gen(function*() {
        // Every page says it ends at the first batch: followed, it would loop for ever.
        const server = yield* hostileServer((_, response) => json(response, page(["batch_a", "batch_b"], true, "batch_a")))
        const client = yield* clientFor(vendor, server.baseUrl)
        const error = yield* failureOf(Stream.runDrain(client.listAll()))
        assert.strictEqual(error._tag, "DecodeError")
        assert.strictEqual(error._tag === "DecodeError" ? error.path : "", "$.last_id")
        assert.include(error.message, `last_id "batch_a" is not the last item's id "batch_b"`)
        assert.strictEqual(server.requests.length, 1)
      }))

    it.effect("listing always ends: maxPages 0, negative, NaN or fractional is refused before any request", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => json(response, page(["batch_a"], false)))
        const client = yield* clientFor(vendor, server.baseUrl)
        for (const maxPages of [0, -1, Number.NaN, 2.5]) {
          const error = yield* failureOf(Stream.runDrain(client.listAll({ maxPages })))
          assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", null])
        }
        assert.strictEqual(server.requests.length, 0)
      }))
  })
}

/** Writes `chunk` for ever (respecting backpressure) until the client goes away. */
const endless = (response: http.ServerResponse, chunk: string) => {
  const pump = () => {
    while (!response.destroyed && response.write(chunk)) {
      // Fill until the socket pushes back.
    }
    if (!response.destroyed) response.once("drain", pump)
  }
  response.on("close", () => response.removeAllListeners("drain"))
  pump()
}

for (const { transport, vendor } of openAiOver) {
  describe(`hostile vendor over ${transport}: bounded memory`, () => {
    it.live("an endless 2xx body stops at maxResponseBytes with a DecodeError, not retried", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => {
          response.writeHead(200, { "content-type": "application/json" })
          response.write('{"object":"list","data":[')
          endless(response, `${JSON.stringify(wireBatch("batch_x"))},`.repeat(100))
        })
        const limit = 1024 * 1024
        const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxResponseBytes: limit })
        const error = yield* failureOf(client.list())
        assert.strictEqual(error._tag, "DecodeError")
        assert.strictEqual(error.status, 200)
        assert.include(error.message, `larger than maxResponseBytes (${limit} bytes): reading stopped after`)
        assert.strictEqual(error.attempts, 1)
        assert.strictEqual(server.requests.length, 1)
        // The server could write only what the socket buffers held beyond the limit.
        yield* Effect.sleep("50 millis")
        assert.isBelow(server.bytesWritten(), limit + 8 * 1024 * 1024)
        assertNoKey(error)
      }))

    it.live("an endless body with the default limit stops at 64 MiB (the figure: bytes read, peak RSS)", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => {
          response.writeHead(200, { "content-type": "application/json" })
          endless(response, "[".repeat(64 * 1024))
        })
        const client = yield* clientFor(vendor, server.baseUrl)
        const before = process.memoryUsage().rss
        let peak = before
        const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
        const error = yield* failureOf(client.list()).pipe(Effect.ensuring(Effect.sync(() => clearInterval(timer))))
        peak = Math.max(peak, process.memoryUsage().rss)
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "larger than maxResponseBytes (67108864 bytes)")
        const growth = (peak - before) / 2 ** 20
        yield* Effect.sleep("50 millis")
        console.log(`[figure] ${transport}: endless body, default limit: server wrote ${(server.bytesWritten() / 2 ** 20).toFixed(1)} MiB, peak RSS +${growth.toFixed(0)} MiB`)
        assert.isBelow(server.bytesWritten(), 80 * 2 ** 20)
        assert.isBelow(growth, 400)
      }), { timeout: 60_000 })

    it.live("a content-length above maxResponseBytes fails at once, before the body arrives", () =>
      Effect.gen(function*() {
        // Headers promise 10 GB, then the body never comes: without the check this waits for the timeout.
        const server = yield* hostileServer((_, response) => {
          response.writeHead(200, { "content-type": "application/json", "content-length": String(10 * 2 ** 30) })
          response.flushHeaders()
        })
        const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxRetries: 0, timeout: "20 seconds" })
        const started = Date.now()
        const error = yield* failureOf(client.retrieve("batch_abc"))
        assert.isBelow(Date.now() - started, 5_000)
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, `its content-length is ${10 * 2 ** 30}`)
      }))

    it.effect("an endless error body is cut, and the status still decides the error", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => {
          response.writeHead(500, { "content-type": "text/plain" })
          endless(response, "x".repeat(16 * 1024))
        })
        const client = yield* clientFor(vendor, server.baseUrl)
        const error = yield* failureOf(client.list())
        assert.deepStrictEqual([error._tag, error.status], ["ServerError", 500])
        assert.isBelow(error.message.length, 1000)
      }))

    it.effect("maxResponseBytes 0, negative, NaN or fractional is refused before any request", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => json(response, page(["batch_a"], false)))
        for (const maxResponseBytes of [0, -1, Number.NaN, 1.5]) {
          const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxResponseBytes })
          const error = yield* failureOf(client.list())
          assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", null])
          assert.include(error.message, "maxResponseBytes must be an integer of 1 or more")
        }
        assert.strictEqual(server.requests.length, 0)
      }))
  })
}

/** A loopback server that writes raw bytes on each connection (for what `node:http` will not send). */
const rawServer = (handle: (socket: net.Socket) => void) =>
  Effect.acquireRelease(
    Effect.callback<{ server: net.Server; sockets: Set<net.Socket>; baseUrl: string }>((resume) => {
      const sockets = new Set<net.Socket>()
      const server = net.createServer((socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
        socket.on("error", () => {})
        socket.once("data", () => handle(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, sockets, baseUrl: `http://127.0.0.1:${port}/v1` }))
      })
    }),
    ({ server, sockets }) =>
      Effect.callback<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  )

for (const { transport, vendor } of openAiOver) {
  describe(`hostile vendor over ${transport}: odd answers`, () => {
    it.effect("a 304 without a conditional request is a ServerError saying so, not an empty page", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => {
          response.writeHead(304, { etag: "\"x\"" })
          response.end()
        })
        const client = yield* clientFor(vendor, server.baseUrl)
        const error = yield* failureOf(client.list())
        assert.deepStrictEqual([error._tag, error.status], ["ServerError", 304])
        assert.include(error.message, "304 Not Modified, an answer to a conditional request")
      }))

    it.effect("an unsolicited 1xx is a typed error", () =>
      Effect.gen(function*() {
        // A 101 nobody asked for, then bytes that are not HTTP; and a 1xx with no final answer after it.
        for (const raw of [
          "HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: nonsense\r\n\r\n\u0000\u0001garbage",
          "HTTP/1.1 199 Odd\r\n\r\n"
        ]) {
          const { baseUrl } = yield* rawServer((socket) => socket.end(raw))
          const client = yield* clientFor(vendor, baseUrl)
          const error = yield* failureOf(client.list())
          assert.include(["TransportError", "ServerError"], error._tag)
          assertNoKey(error)
        }
      }))

    it.effect("a body gzip'd without being asked is a clear DecodeError, not binary garbage", () =>
      Effect.gen(function*() {
        const gzipped = zlib.gzipSync(page(["batch_a"], false))
        // Labelled (the transport may decompress it: then it is a page) and unlabelled (never).
        const labelled = yield* hostileServer((_, response) => {
          response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
          response.end(gzipped)
        })
        const client = yield* clientFor(vendor, labelled.baseUrl)
        const result = yield* Effect.result(client.list())
        if (Result.isFailure(result)) {
          assert.strictEqual(result.failure._tag, "DecodeError")
          assert.include(result.failure.message, `not JSON text (gzip-compressed, content-encoding "gzip", which unibatch did not ask for)`)
        } else {
          assert.strictEqual(result.success.data[0]!.nativeId, "batch_a")
        }
        const unlabelled = yield* hostileServer((_, response) => {
          response.writeHead(200, { "content-type": "application/json" })
          response.end(gzipped)
        })
        const error = yield* failureOf((yield* clientFor(vendor, unlabelled.baseUrl)).list())
        assert.deepStrictEqual([error._tag, error.status], ["DecodeError", 200])
        assert.include(error.message, "not JSON text (gzip-compressed)")
        assert.notMatch(error.message, /[\u0000-\u0008\ufffd]/)
        assert.strictEqual(error.attempts, 1)
        // An error body in gzip is named, not shown.
        const failing = yield* hostileServer((_, response) => {
          response.writeHead(500, { "content-type": "application/json" })
          response.end(gzipped)
        })
        const serverError = yield* failureOf((yield* clientFor(vendor, failing.baseUrl)).list())
        assert.deepStrictEqual([serverError._tag, serverError.status], ["ServerError", 500])
        assert.include(serverError.message, "a response body that is not text: gzip-compressed")
        assert.notMatch(serverError.message, /[\u0000-\u0008\ufffd]/)
      }))

    it.effect("a huge vendor message is cut to 500 characters, the raw body kept in body, the key cut out", () =>
      Effect.gen(function*() {
        const message = `bad key ${apiKey}: ${"x".repeat(5 * 2 ** 20)}`
        const server = yield* hostileServer((_, response) => {
          response.writeHead(400, { "content-type": "application/json" })
          response.end(JSON.stringify({ error: { message, type: "invalid_request_error", code: null } }))
        })
        const client = yield* clientFor(vendor, server.baseUrl)
        const error = yield* failureOf(client.list())
        assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", 400])
        assert.strictEqual(error.message.length, 501)
        assert.isTrue(error.message.startsWith("bad key <redacted>: xxx"))
        const body = (error as { readonly body?: string }).body
        assert.isString(body)
        assert.isTrue(body!.startsWith(`{"error":{"message":"bad key <redacted>: xxx`))
        assert.isAtMost(body!.length, 64 * 1024 + 1)
        assert.strictEqual((errorToJson(error) as { body?: string }).body, body)
        assertNoKey(error)
        // A short message has no body field.
        const short = yield* hostileServer((_, response) => json(response, JSON.stringify({ error: { message: "nope", type: "x" } }), 400))
        const shortError = yield* failureOf((yield* clientFor(vendor, short.baseUrl)).list())
        assert.deepStrictEqual([shortError.message, "body" in errorToJson(shortError)], ["nope", false])
      }))
  })
}

for (const { transport, vendor } of openAiOver) {
  describe(`bad input over ${transport}`, () => {
    it.effect("a base URL ending in an empty ? or # is refused before any request", () =>
      Effect.gen(function*() {
        const server = yield* hostileServer((_, response) => json(response, page(["batch_a"], false)))
        for (const suffix of ["?", "#", "/?", "?#", "/#"]) {
          const client = yield* vendor.make({ apiKey, baseUrl: `${server.baseUrl}${suffix}`, maxRetries: 0 })
          const error = yield* failureOf(client.list())
          assert.deepStrictEqual([error._tag, error.status, error.message], ["InvalidRequestError", null, "base URL must not contain a query or fragment."], suffix)
        }
        assert.strictEqual(server.requests.length, 0)
        // The same base URL without them works.
        const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxRetries: 0 })
        assert.strictEqual((yield* client.list()).data.length, 1)
      }))
  })
}
