/**
 * Issue 15, items 8 and 2, through the Promise API: bad options and arguments, as JavaScript can
 * pass them, are refused with the typed invalid-input error (`InvalidRequestError`, `status: null`)
 * before any request; and a key a header cannot carry is refused without ever being shown (in the
 * message, the stack, `util.inspect` or the JSON).
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { createClient, type CreateClientOptions, InvalidRequestError } from "unibatch"
import { inspect } from "node:util"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const apiKey = "sk-input-SECRET-8"
const providers = ["openai", "respan", "neosantara"] as const

const thrownBy = (thunk: () => unknown): unknown => {
  try {
    thunk()
  } catch (error) {
    return error
  }
  return assert.fail("expected a throw")
}

/** An `InvalidRequestError` with `status: null`, for `operation`, whose every rendering is free of `secrets`. */
const assertRefused = (error: unknown, operation: string, secrets: ReadonlyArray<string> = [apiKey]) => {
  assert.instanceOf(error, InvalidRequestError)
  assert.deepStrictEqual([error._tag, error.operation, error.status], ["InvalidRequestError", operation, null])
  const renderings = { message: error.message, stack: error.stack ?? "", inspect: inspect(error, { depth: 10 }), json: JSON.stringify(error) }
  for (const [where, text] of Object.entries(renderings)) {
    assert.isAbove(text.length, 0, where)
    for (const secret of secrets) {
      assert.notInclude(text, secret, `${where} holds the key`)
      // Nor its pieces on either side of the bad byte.
      for (const piece of secret.split(/[\r\n\0\x1b]/).filter((piece) => piece.length >= 6)) assert.notInclude(text, piece, where)
    }
  }
  return error
}

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(() => assert.fail("expected a rejection"), (error: unknown) => error)

for (const provider of providers) {
  describe(`Promise API input checks on ${provider}`, () => {
    let server: FakeVendor.FakeVendorServer
    beforeAll(async () => {
      server = await FakeVendor.start({ provider, count: 5 })
    })
    afterAll(() => server.close())

    const create = (options: Partial<CreateClientOptions>) => createClient({ provider, apiKey, baseUrl: server.baseUrl, ...options })

    it("timeoutMs 0, negative, NaN, infinite or above 2^31-1 is refused before any request", () => {
      server.clearRequests()
      for (const timeoutMs of [0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, 1e12, "100" as unknown as number]) {
        const error = assertRefused(thrownBy(() => create({ timeoutMs })), "createClient")
        assert.include((error as Error).message, "timeoutMs")
      }
      // The bounds themselves are accepted.
      for (const timeoutMs of [1, 2 ** 31 - 1]) create({ timeoutMs })
      assert.strictEqual(server.requests().length, 0)
    })

    it("maxRetries negative, NaN, non-integer or infinite is refused before any request", () => {
      server.clearRequests()
      for (const maxRetries of [-1, Number.NaN, 1.5, Number.POSITIVE_INFINITY, "2" as unknown as number]) {
        const error = assertRefused(thrownBy(() => create({ maxRetries })), "createClient")
        assert.include((error as Error).message, "maxRetries")
      }
      for (const maxRetries of [0, 3]) create({ maxRetries })
      assert.strictEqual(server.requests().length, 0)
    })

    it("retrieve and list with arguments of the wrong type reject with InvalidRequestError, sending nothing", async () => {
      const client = create({ maxRetries: 0 })
      server.clearRequests()
      const loose = client as unknown as {
        retrieve: (id: unknown, options?: unknown) => Promise<unknown>
        list: (options?: unknown) => Promise<unknown>
        listAll: (options?: unknown) => AsyncIterable<unknown>
      }
      for (const id of [123, {}, null, undefined, ["batch_1"], Symbol("id")]) {
        assertRefused(await rejectionOf(loose.retrieve(id)), "retrieve")
      }
      assertRefused(await rejectionOf(loose.retrieve("batch_1", null)), "retrieve")
      for (const options of [{ after: 5 }, { limit: "5" }, { after: {} }, { limit: null }, null, 7]) {
        assertRefused(await rejectionOf(loose.list(options)), "list")
      }
      for (const options of [{ after: 5 }, { limit: "5" }, { maxPages: "2" }, null]) {
        const iterator = loose.listAll(options)[Symbol.asyncIterator]()
        assertRefused(await rejectionOf(iterator.next()), "listAll")
      }
      assert.strictEqual(server.requests().length, 0)
      // The client still works for good arguments.
      const page = await client.list({ limit: 2 })
      assert.strictEqual(page.data.length, 2)
      await client.close()
    })

    it("a key with CR/LF or another byte a header cannot carry is refused before any request, never shown", () => {
      server.clearRequests()
      const keys = [
        `${apiKey}\r\nX-Injected: yes`,
        `${apiKey}\nX-Injected: yes`,
        `${apiKey}\rX`,
        `${apiKey}\0tail-PART`,
        `${apiKey}\x1b[31mred-PART`,
        `${apiKey}\u2028line-PART`,
        `${apiKey}-€uro-PART`,
        `sk-\u0000-${apiKey}`
      ]
      for (const key of keys) {
        const error = assertRefused(thrownBy(() => create({ apiKey: key })), "createClient", [key, apiKey])
        assert.include((error as Error).message, "apiKey")
        // Without a base URL too (the real vendor): refused the same way, nothing sent anywhere.
        assertRefused(thrownBy(() => createClient({ provider, apiKey: key })), "createClient", [key, apiKey])
      }
      assert.strictEqual(server.requests().length, 0)
    })

    it("a key from the environment that a header cannot carry is refused the same way", () => {
      const variable = { openai: "OPENAI_API_KEY", respan: "RESPAN_API_KEY", neosantara: "NEOSANTARA_API_KEY" }[provider]
      const before = process.env[variable]
      const key = `${apiKey}\r\nX-Injected: yes`
      process.env[variable] = key
      try {
        assertRefused(thrownBy(() => createClient({ provider })), "createClient", [key, apiKey])
      } finally {
        if (before === undefined) delete process.env[variable]
        else process.env[variable] = before
      }
    })
  })
}
