/**
 * `@unibatch/compatible` over loopback against test-kit fakes played from
 * `Compatible.definition(options)`: list, retrieve and listAll, a whole job, a path prefix
 * (`/proxy/openai/v1`), each auth form, another ID prefix, windows and limits from the options,
 * the Groq preset, `layerConfig` with a named variable, the registry's default form, and the key
 * absent from every error.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Compatible from "@unibatch/compatible/Compatible"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as Conformance from "@unibatch/core/Conformance"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { inspect } from "node:util"
import * as Providers from "unibatch/Providers"

const KEY = "gw-SECRET-compatible-9001"
const endpoint = "/v1/chat/completions"

const clientOf = (options: Compatible.CompatibleOptions) =>
  Compatible.make({ maxRetries: 0, ...options }).pipe(Effect.provide(FetchHttpClient.layer))

const assertNoKey = (value: unknown) => {
  assert.notInclude(JSON.stringify(value), KEY)
  assert.notInclude(inspect(value, { depth: 10 }), KEY)
  assert.notInclude(String(value), KEY)
}

const requests = (customIds: ReadonlyArray<string>) => customIds.map((customId) => ({ customId, body: { model: "llama-3.1-8b-instant", messages: [] } }))

describe("@unibatch/compatible against compatible fakes", () => {
  it.effect("a path prefix (/proxy/openai/v1): list, retrieve, listAll and a whole job", () =>
    Effect.gen(function*() {
      const options: Compatible.DefinitionOptions = { baseUrl: "https://gateway.example.com/proxy/openai/v1" }
      const server = yield* FakeVendor.make({ definition: Compatible.definition(options), apiKey: KEY, count: 5 })
      assert.match(server.baseUrl, /\/proxy\/openai\/v1$/)
      const client = yield* clientOf({ ...options, baseUrl: server.baseUrl, apiKey: KEY })
      const page = yield* client.list({ limit: 2 })
      assert.strictEqual(page.data[0]!.provider, "compatible")
      assert.strictEqual((yield* client.retrieve(page.data[1]!.id)).id, page.data[1]!.id)
      assert.strictEqual((yield* Stream.runCollect(client.listAll({ limit: 2 }))).length, 5)
      const submitted = yield* client.submit(requests(["ok-1", "fail-2"]), { endpoint })
      const done = yield* client.waitForCompletion(submitted.id)
      assert.strictEqual(done.status, "completed")
      const results = yield* Stream.runCollect(client.results(done))
      assert.deepStrictEqual(results.map((result) => [result.customId, result.outcome]).sort(), [["fail-2", "failed"], ["ok-1", "succeeded"]])
      for (const request of server.requests()) {
        assert.match(request.path, /^\/proxy\/openai\/v1\/(batches|files)/)
        assert.strictEqual(request.headers["authorization"], `Bearer ${KEY}`)
      }
    }))

  it.effect.each(
    [
      ["bearer", "authorization", `Bearer ${KEY}`],
      ["x-api-key", "x-api-key", KEY],
      ["api-key", "api-key", KEY]
    ] as const
  )("auth %s: the key in its header, none in the others; a wrong key is a 401 without it", ([auth, header, value]) =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ definition: Compatible.definition({ auth }), apiKey: KEY, count: 2 })
      const client = yield* clientOf({ baseUrl: server.baseUrl, apiKey: KEY, auth })
      assert.strictEqual((yield* client.list()).data.length, 2)
      const sent = server.requests()[0]!.headers
      assert.strictEqual(sent[header], value)
      for (const other of ["authorization", "x-api-key", "api-key"].filter((name) => name !== header)) assert.isUndefined(sent[other])
      const wrong = yield* clientOf({ baseUrl: server.baseUrl, apiKey: `${KEY}-wrong`, auth })
      const error = yield* Effect.flip(wrong.list())
      assert.strictEqual(error._tag, "AuthenticationError")
      assertNoKey(error)
    }))

  it.effect("another ID prefix is translated both ways", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ definition: Compatible.definition({ idPrefix: "batch-" }), apiKey: KEY, count: 2 })
      const client = yield* clientOf({ baseUrl: server.baseUrl, apiKey: KEY, idPrefix: "batch-" })
      const [first] = (yield* client.list()).data
      assert.match(first!.id, /^batch_/)
      assert.match(first!.nativeId, /^batch-/)
      assert.strictEqual((yield* client.retrieve(first!.id)).nativeId, first!.nativeId)
      assert.strictEqual(server.requests().at(-1)!.path, `/v1/batches/${first!.nativeId}`)
    }))

  it.effect("windows and limits come from the options, and are checked before any request", () =>
    Effect.gen(function*() {
      const options: Compatible.DefinitionOptions = { completionWindows: ["24h", "7d"], limits: { maxRequests: 2, metadata: null } }
      const server = yield* FakeVendor.make({ definition: Compatible.definition(options), apiKey: KEY })
      const client = yield* clientOf({ ...options, baseUrl: server.baseUrl, apiKey: KEY })
      const week = yield* client.submit(requests(["a"]), { endpoint, completionWindow: "7d" })
      assert.strictEqual(week.completionWindow, "7d")
      server.clearRequests()
      const window = yield* Effect.flip(client.submit(requests(["a"]), { endpoint, completionWindow: "30d" }))
      assert.include(window.message, "30d")
      const tooMany = yield* Effect.flip(client.submit(requests(["a", "b", "c"]), { endpoint }))
      assert.include(tooMany.message, "line 3")
      assert.deepStrictEqual(server.requests(), [])
    }))

  it("the Groq preset is data: its URL, windows from 24h to 7d, its key variable", () => {
    const groq = Compatible.definition(Compatible.presets.groq)
    assert.strictEqual(groq.defaultBaseUrl, "https://api.groq.com/openai/v1")
    assert.strictEqual(groq.lifecycle.limits.completionWindows[0], "24h")
    assert.include(groq.lifecycle.limits.completionWindows, "7d")
    assert.strictEqual(groq.apiKeyEnv, "GROQ_API_KEY")
    assert.deepStrictEqual(groq.auth, { header: "authorization", scheme: "Bearer" })
  })

  it.effect("layerConfig reads the named variable (COMPATIBLE_API_KEY by default) and names it when missing", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ definition: Compatible.definition(), apiKey: KEY, count: 1 })
      const env = (record: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnvRecord(record))
      for (const [variable, options] of [["COMPATIBLE_API_KEY", {}], ["MY_GATEWAY_KEY", { apiKeyEnv: "MY_GATEWAY_KEY" }]] as const) {
        const live = Compatible.layerConfig({ baseUrl: server.baseUrl, maxRetries: 0, ...options }).pipe(Layer.provide(FetchHttpClient.layer))
        assert.strictEqual((yield* BatchClient.list().pipe(Effect.provide(live), Effect.provide(env({ [variable]: KEY })))).data.length, 1)
        const missing = yield* Effect.result(BatchClient.list().pipe(Effect.provide(live), Effect.provide(env({}))))
        assert(Result.isFailure(missing))
        assert.include(String(missing.failure), `${variable} is not set`)
      }
    }))

  it.effect("the registry's default form: bearer, batch_ IDs; without a base URL every call is refused naming {host}", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "compatible", apiKey: KEY, count: 2 })
      const client = yield* Providers.make("compatible", { apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0 }).pipe(Effect.provide(FetchHttpClient.layer))
      assert.strictEqual((yield* client.list()).data.length, 2)
      assert.strictEqual(server.requests()[0]!.headers["authorization"], `Bearer ${KEY}`)
      const nowhere = yield* Providers.make("compatible", { apiKey: KEY }).pipe(Effect.provide(FetchHttpClient.layer))
      const error = yield* Effect.flip(nowhere.list())
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "{host}")
      assertNoKey(error)
    }))
  it.effect("the fake's list, batch and error answers conform to the contract", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "compatible", apiKey: KEY, count: 4 })
      const get = (path: string, headers: Record<string, string>) =>
        Effect.promise(async () => {
          const response = await fetch(`${server.baseUrl}${path}`, { headers })
          return { status: response.status, body: await response.text() }
        })
      const list = yield* get("/batches?limit=2", { authorization: `Bearer ${KEY}` })
      const listReport = Conformance.check(Compatible.definition().contract, { operation: "list", ...list })
      assert.isTrue(listReport.conformant, JSON.stringify(listReport))
      const id = JSON.parse(list.body).data[0].id
      const retrieved = yield* get(`/batches/${id}`, { authorization: `Bearer ${KEY}` })
      assert.isTrue(Conformance.check(Compatible.definition().contract, { operation: "retrieve", ...retrieved }).conformant)
      const denied = yield* get("/batches", {})
      assert.strictEqual(denied.status, 401)
      assert.strictEqual(Conformance.check(Compatible.definition().contract, { operation: "list", ...denied }).violations.filter((each) => each.severity === "error").length, 0)
    }))
})
