/**
 * Issue 15, items 3 and 6, through the Promise API, over loopback HTTP.
 *
 * - Item 3 (bounded memory): `createClient({ maxResponseBytes })` is passed to the transport, so a
 *   page larger than the limit (an endless body included) rejects with a `DecodeError` after
 *   reading no more than the limit; 0, negative, NaN and fractions are refused before any request.
 * - Item 6 (odd bodies): a vendor error whose message is over 500 characters has its `message` cut
 *   to a readable length, and the raw body is reachable as `error.body` (and in its JSON); neither
 *   holds the API key, even when the hostile vendor echoes it back.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { createClient, type CreateClientOptions, DecodeError, InvalidRequestError, ServerError, UnibatchApiError } from "unibatch"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const apiKey = "sk-bodies-SECRET-15"
const providers = ["openai", "respan", "neosantara"] as const

const thrownBy = (thunk: () => unknown): unknown => {
  try {
    thunk()
  } catch (error) {
    return error
  }
  return assert.fail("expected a throw")
}

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(() => assert.fail("expected a rejection"), (error: unknown) => error)

/** Every rendering of an error: none may hold the key. */
const assertNoKey = (error: UnibatchApiError) => {
  const renderings = {
    message: error.message,
    body: error.body ?? "",
    stack: error.stack ?? "",
    inspect: inspect(error, { depth: 10 }),
    json: JSON.stringify(error)
  }
  for (const [where, text] of Object.entries(renderings)) assert.notInclude(text, apiKey, `${where} holds the key`)
}

/**
 * A hostile vendor that answers every request with 200 and a JSON body that never ends; it counts
 * the requests and the bytes it managed to write before the client hung up.
 */
const endless = async () => {
  let requests = 0
  let written = 0
  const sockets = new Set<import("node:net").Socket>()
  const server = Http.createServer((request, response) => {
    requests++
    request.resume()
    response.writeHead(200, { "content-type": "application/json" })
    response.write(`{"object":"list","data":[`)
    const chunk = `${JSON.stringify({ id: "batch_x", pad: "x".repeat(1000) })},`
    const pump = () => {
      while (!response.destroyed && written < 64 * 1024 * 1024) {
        written += chunk.length
        if (!response.write(chunk)) return void response.once("drain", pump)
      }
      response.end()
    }
    response.on("close", () => undefined)
    pump()
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests: () => requests,
    written: () => written,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

for (const provider of providers) {
  describe(`Promise API bodies on ${provider}`, () => {
    let server: FakeVendor.FakeVendorServer
    beforeAll(async () => {
      server = await FakeVendor.start({ provider, count: 45 })
    })
    afterAll(() => server.close())

    const create = (options: Partial<CreateClientOptions> = {}) =>
      createClient({ provider, apiKey, baseUrl: server.baseUrl, maxRetries: 0, ...options })

    it("maxResponseBytes 0, negative, NaN, a fraction or not a number is refused before any request", () => {
      server.clearRequests()
      for (const maxResponseBytes of [0, -1, -1024, Number.NaN, 1.5, Number.POSITIVE_INFINITY, 2 ** 53, "1024" as unknown as number]) {
        const error = thrownBy(() => create({ maxResponseBytes }))
        assert.instanceOf(error, InvalidRequestError)
        assert.deepStrictEqual([error.operation, error.status], ["createClient", null])
        assert.include(error.message, "maxResponseBytes")
        assertNoKey(error)
      }
      // The bounds are accepted.
      for (const maxResponseBytes of [1, 2 ** 53 - 1]) create({ maxResponseBytes })
      assert.strictEqual(server.requests().length, 0)
    })

    it("a page larger than maxResponseBytes is a DecodeError at $, not retried; a larger limit reads it", async () => {
      // The size of the page as the vendor sends it.
      const raw = await fetch(`${server.baseUrl}/batches?limit=20`, { headers: { authorization: `Bearer ${apiKey}`, "x-api-key": apiKey } })
      const pageBytes = (await raw.arrayBuffer()).byteLength
      assert.isAbove(pageBytes, 4096)

      server.clearRequests()
      const small = create({ maxResponseBytes: 1024, maxRetries: 2 })
      const error = await rejectionOf(small.list({ limit: 20 }))
      assert.instanceOf(error, DecodeError)
      assert.deepStrictEqual([error._tag, error.operation, error.status, error.path], ["DecodeError", "list", 200, "$"])
      assert.include(error.message, "maxResponseBytes")
      assertNoKey(error)
      // Not retried: a body that is too large stays too large.
      assert.strictEqual(server.requests().length, 1)
      // listAll too.
      const pages = small.listAll({ limit: 20 })[Symbol.asyncIterator]()
      assert.instanceOf(await rejectionOf(pages.next()), DecodeError)
      await small.close()

      // The same page under a limit just above its size (and under the default) is read whole.
      const roomy = create({ maxResponseBytes: pageBytes + 16 })
      assert.strictEqual((await roomy.list({ limit: 20 })).data.length, 20)
      assert.strictEqual((await create().list({ limit: 20 })).data.length, 20)
      await roomy.close()
    })

    it("an endless body stops at maxResponseBytes with a DecodeError", async () => {
      const hostile = await endless()
      try {
        const limit = 256 * 1024
        const client = createClient({ provider, apiKey, baseUrl: hostile.baseUrl, maxRetries: 2, maxResponseBytes: limit })
        const started = Date.now()
        const error = await rejectionOf(client.list())
        assert.instanceOf(error, DecodeError)
        assert.strictEqual(error.path, "$")
        assertNoKey(error)
        assert.strictEqual(hostile.requests(), 1)
        // The client hung up near the limit: the server wrote far less than its 64 MiB.
        assert.isBelow(hostile.written(), 16 * 1024 * 1024)
        assert.isBelow(Date.now() - started, 10_000)
        console.info(`[${provider}] endless body: ${hostile.requests()} request, ${hostile.written()} bytes written by the server, limit ${limit}`)
        await client.close()
      } finally {
        await hostile.close()
      }
    })

    it("a vendor error message over 500 characters is cut; the raw body is error.body and in its JSON", async () => {
      const long = `The server had an error: ${"overloaded shard ".repeat(60)}(end)`
      assert.isAbove(long.length, 500)
      const body = JSON.stringify({ error: { message: long, type: "server_error", code: "overloaded" } })
      server.inject({ status: 500, body, headers: { "content-type": "application/json" } })
      const client = create()
      const error = await rejectionOf(client.list())
      assert.instanceOf(error, ServerError)
      assert.strictEqual(error.status, 500)
      // Cut to a readable length, from the vendor's message.
      assert.isAtMost(error.message.length, 501)
      assert.isBelow(error.message.length, long.length)
      assert.strictEqual(error.message.slice(0, 100), long.slice(0, 100))
      // The raw body stays reachable, on the error and in its JSON.
      assert.strictEqual(error.body, body)
      assert.strictEqual(error.details._tag === "ServerError" ? error.details.body : undefined, body)
      assert.strictEqual((JSON.parse(JSON.stringify(error)) as { body?: string }).body, body)
      assertNoKey(error)
      await client.close()
    })

    it("a long error message that echoes the key: message and body hold it nowhere", async () => {
      const long = `Invalid key ${apiKey} for this project. ${"Check the dashboard. ".repeat(40)}Key was ${apiKey}.`
      const body = JSON.stringify({ error: { message: long, type: "invalid_request_error", code: null } })
      server.inject({ status: 400, body, headers: { "content-type": "application/json" } })
      const client = create()
      const error = await rejectionOf(client.list())
      assert.instanceOf(error, InvalidRequestError)
      assert.strictEqual(error.status, 400)
      assert.isAtMost(error.message.length, 501)
      assert.isString(error.body)
      assert.include(error.body, "Check the dashboard.")
      assertNoKey(error)
      await client.close()
    })

    it("a short vendor error message has no body (undefined, and absent from the JSON)", async () => {
      server.inject({ status: 404, body: JSON.stringify({ error: { message: "No such batch", type: "invalid_request_error", code: null } }) })
      const client = create()
      const error = await rejectionOf(client.retrieve("batch_missing"))
      assert.instanceOf(error, UnibatchApiError)
      assert.strictEqual(error.message, "No such batch")
      assert.isUndefined(error.body)
      assert.notProperty(JSON.parse(JSON.stringify(error)) as object, "body")
      await client.close()
    })
  })
}
