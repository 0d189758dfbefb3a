import { describe, it } from "@effect/vitest"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { assert } from "vitest"

const key = "sk-options-SECRET"

describe("vendor options", () => {
  it.effect("openai sends OpenAI-Organization and OpenAI-Project when given", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai", count: 3 })
      const client = yield* OpenAi.make({ apiKey: Redacted.make(key), baseUrl: server.baseUrl, organization: "org_1", project: "proj_2" })
      yield* client.list()
      const headers = server.requests()[0]!.headers
      assert.deepStrictEqual([headers["openai-organization"], headers["openai-project"], headers.authorization], ["org_1", "proj_2", `Bearer ${key}`])
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.effect("the caller's headers are sent, but never replace the key's header", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai", count: 3 })
      const client = yield* OpenAi.make({ apiKey: key, baseUrl: server.baseUrl, headers: { authorization: "Bearer not-the-key", "x-extra": "1" } })
      yield* client.list()
      const headers = server.requests()[0]!.headers
      assert.deepStrictEqual([headers.authorization, headers["x-extra"]], [`Bearer ${key}`, "1"])
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.effect("an empty key sends no key header at all, so the vendor answers 'missing', not 'wrong'", () =>
    Effect.gen(function*() {
      for (const provider of ["openai", "neosantara"] as const) {
        const server = yield* FakeVendor.make({ provider, count: 3 })
        const definition = FakeVendor.definitionOf(provider)
        const client = yield* VendorClient.make(definition, { apiKey: Redacted.make(""), baseUrl: server.baseUrl, maxRetries: 0 })
        const error = yield* Effect.flip(client.list())
        assert.strictEqual(error._tag, "AuthenticationError")
        assert.notProperty(server.requests()[0]!.headers, definition.auth.header)
      }
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.effect("VendorClient.make takes everything from the definition: key header, static headers, paths, request id", () =>
    Effect.gen(function*() {
      const definition: VendorDefinition = {
        ...OpenAi.definition,
        provider: "example",
        auth: { header: "x-api-key", headers: { "example-version": "2024-01-01" } },
        paths: { list: "/things", retrieve: "/things/{id}" },
        requestIdHeader: "request-id"
      }
      const server = yield* FakeVendor.make({ definition, count: 3, apiKey: key })
      // The caller's headers never replace the key's or the definition's static ones.
      const client = yield* VendorClient.make(definition, {
        apiKey: Redacted.make(key),
        baseUrl: server.baseUrl,
        headers: { "Example-Version": "2025-01-01", "X-API-Key": "not-the-key", "x-extra": "1" }
      })
      const page = yield* client.list()
      const batch = yield* client.retrieve(page.data[0]!.id)
      assert.strictEqual(batch.provider, "example")
      const [listRequest, retrieveRequest] = server.requests()
      assert.strictEqual(listRequest!.path, "/v1/things")
      assert.strictEqual(retrieveRequest!.path, `/v1/things/${page.data[0]!.nativeId}`)
      const sent = listRequest!.headers
      assert.deepStrictEqual([sent["x-api-key"], sent.authorization, sent["example-version"], sent["x-extra"]], [key, undefined, "2024-01-01", "1"])
      const wrongKey = yield* VendorClient.make(definition, { apiKey: Redacted.make("wrong"), baseUrl: server.baseUrl })
      const error = yield* Effect.flip(wrongKey.list())
      assert.strictEqual(error._tag, "AuthenticationError")
      assert.strictEqual(error.provider, "example")
      assert.match(error.requestId ?? "", /^req_/)
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.effect("respan sends X-Data-Respan-Params as JSON by default, Base64 when asked", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "respan", count: 3 })
      const params = { customer_identifier: "user123", metadata: { team: "évals" } }
      const json = yield* Respan.make({ apiKey: key, baseUrl: server.baseUrl, params })
      const base64 = yield* Respan.make({ apiKey: key, baseUrl: server.baseUrl, params, paramsEncoding: "base64" })
      const plain = yield* Respan.make({ apiKey: key, baseUrl: server.baseUrl })
      yield* json.list()
      yield* base64.list()
      yield* plain.list()
      const [first, second, third] = server.requests().map((request) => request.headers["x-data-respan-params"])
      assert.deepStrictEqual(JSON.parse(first!), params)
      assert.deepStrictEqual(JSON.parse(Buffer.from(second!, "base64").toString("utf8")), params)
      assert.strictEqual(third, undefined)
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.effect("layerConfig reads each vendor's key variable, and a missing key is a ConfigError", () =>
    Effect.gen(function*() {
      const cases = [
        { provider: "openai", variable: "OPENAI_API_KEY", layer: OpenAi.layerConfig, header: "authorization", value: `Bearer ${key}` },
        { provider: "respan", variable: "RESPAN_API_KEY", layer: Respan.layerConfig, header: "authorization", value: `Bearer ${key}` },
        { provider: "neosantara", variable: "NEOSANTARA_API_KEY", layer: Neosantara.layerConfig, header: "x-api-key", value: key }
      ] as const
      for (const vendor of cases) {
        const server = yield* FakeVendor.make({ provider: vendor.provider, count: 2 })
        const live = vendor.layer({ baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer))
        const withKey = ConfigProvider.layer(ConfigProvider.fromEnvRecord({ [vendor.variable]: key }))
        const page = yield* BatchClient.list().pipe(Effect.provide(live), Effect.provide(withKey))
        assert.strictEqual(page.data.length, 2)
        assert.strictEqual(server.requests()[0]!.headers[vendor.header], vendor.value)
        const missing = yield* Effect.result(
          BatchClient.list().pipe(Effect.provide(live), Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord({}))))
        )
        assert(Result.isFailure(missing))
        assert.strictEqual(missing.failure._tag, "ConfigError")
        // The message says which variable to set.
        assert.include(String(missing.failure), `${vendor.variable} is not set`)
        assert.notInclude(String(missing.failure), "<redacted>")
      }
    }))

  it.effect("the same program runs on every vendor; only the Layer changes", () =>
    Effect.gen(function*() {
      const program = Effect.gen(function*() {
        const page = yield* BatchClient.list({ limit: 2 })
        const batch = yield* BatchClient.retrieve(page.data[0]!.id)
        return { provider: batch.provider, same: batch.id === page.firstId }
      })
      const results = []
      for (const provider of ["openai", "respan", "neosantara"] as const) {
        const server = yield* FakeVendor.make({ provider, count: 4 })
        const layers = {
          openai: () => OpenAi.layer({ apiKey: key, baseUrl: server.baseUrl }),
          respan: () => Respan.layer({ apiKey: key, baseUrl: server.baseUrl }),
          neosantara: () => Neosantara.layer({ apiKey: key, baseUrl: server.baseUrl })
        }
        results.push(yield* program.pipe(Effect.provide(layers[provider]().pipe(Layer.provide(FetchHttpClient.layer)))))
      }
      assert.deepStrictEqual(results, [
        { provider: "openai", same: true },
        { provider: "respan", same: true },
        { provider: "neosantara", same: true }
      ])
    }))
})
