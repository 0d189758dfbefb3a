/**
 * Issue 15, item 1, through the Promise API: the key goes only to the origin the user named. A
 * hostile front server on 127.0.0.1 answers every request with a 302 or a 307 to another origin
 * (`localhost`, the same machine under another name): the second server must receive none of the
 * vendor's credential headers (its key header, `authorization`, `cookie`), so it sees a keyless
 * request and the call fails with a typed error that does not hold the key. A same-origin redirect
 * is followed with the key and the call succeeds.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { createClient, UnibatchApiError } from "unibatch"
import * as Providers from "unibatch/Providers"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const apiKey = "sk-redirect-SECRET-15"
const providers = ["openai", "respan", "neosantara"] as const

interface Front {
  readonly baseUrl: string
  readonly seen: Array<{ readonly url: string; readonly headers: Http.IncomingHttpHeaders }>
  readonly close: () => Promise<void>
}

/**
 * The hostile front: `/same/...` is proxied to the fake vendor (same origin as the front), and
 * every other path is redirected with `status` to `target(path)`.
 */
const front = (fake: FakeVendor.FakeVendorServer, status: number, target: (path: string, port: number) => string): Promise<Front> => {
  const fakeOrigin = new URL(fake.baseUrl).origin
  const seen: Front["seen"] = []
  const server = Http.createServer((request, response) => {
    const url = request.url ?? "/"
    seen.push({ url, headers: request.headers })
    request.resume()
    if (url.startsWith("/same/")) {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[0] !== "host")
      )
      fetch(`${fakeOrigin}${url.slice("/same".length)}`, { headers }).then(async (answer) => {
        response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
        response.end(await answer.text())
      }, () => response.destroy())
      return
    }
    response.writeHead(status, { location: target(url, (server.address() as AddressInfo).port), "content-length": "0" })
    response.end()
  })
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}${new URL(fake.baseUrl).pathname}`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          })
      })))
}

const assertNoKeyIn = (error: unknown) => {
  assert.instanceOf(error, UnibatchApiError)
  const text = [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ""]
  for (const part of text) assert.notInclude(part, apiKey)
}

for (const provider of providers) {
  describe(`Promise API redirects on ${provider}`, () => {
    let fake: FakeVendor.FakeVendorServer
    const definition = Providers.definitions[provider]
    const credentials = [
      definition.auth.header.toLowerCase(),
      ...Object.keys(definition.auth.headers ?? {}).map((name) => name.toLowerCase()),
      "authorization",
      "cookie"
    ]

    beforeAll(async () => {
      fake = await FakeVendor.start({ provider, count: 5 })
    })
    afterAll(() => fake.close())

    for (const status of [302, 307]) {
      it(`a ${status} to another origin (127.0.0.1 -> localhost) reaches it without the key`, async () => {
        const port = Number(new URL(fake.baseUrl).port)
        const hostile = await front(fake, status, (path) => `http://localhost:${port}${path}`)
        fake.clearRequests()
        const client = createClient({ provider, apiKey, baseUrl: hostile.baseUrl, maxRetries: 0 })
        try {
          for (const call of [() => client.list({ limit: 2 }), () => client.retrieve(fake.batches[0]!["id"] as string)]) {
            const error = await call().then(() => assert.fail("a keyless request must not succeed"), (error: unknown) => error)
            assertNoKeyIn(error)
          }
          // The front saw the key (it is the origin named); the other origin saw the request, keyless.
          assert.isAtLeast(hostile.seen.length, 2)
          assert.isAtLeast(fake.requests().length, 2)
          for (const request of fake.requests()) {
            for (const name of credentials) assert.notProperty(request.headers, name)
            assert.notInclude(JSON.stringify(request.headers), apiKey)
          }
        } finally {
          await client.close()
          await hostile.close()
        }
      })
    }

    it("a same-origin redirect is followed with the key", async () => {
      const hostile = await front(fake, 307, (path) => `/same${path}`)
      fake.clearRequests()
      const client = createClient({ provider, apiKey, baseUrl: hostile.baseUrl, maxRetries: 0 })
      try {
        const page = await client.list({ limit: 2 })
        assert.strictEqual(page.data.length, 2)
        const batch = await client.retrieve(page.data[0]!.id)
        assert.strictEqual(batch.id, page.data[0]!.id)
        // Both redirected requests carried the key to the origin that was named.
        const followed = hostile.seen.filter((request) => request.url.startsWith("/same/"))
        assert.strictEqual(followed.length, 2)
        for (const request of followed) assert.include(JSON.stringify(request.headers), apiKey)
      } finally {
        await client.close()
        await hostile.close()
      }
    })
  })
}
