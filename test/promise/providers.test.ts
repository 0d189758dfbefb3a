/**
 * The registry is the one list of vendors: each name reaches the vendor of that name, and a name
 * that is not in it (`"OpenAI"`) is an InvalidRequestError naming the known ones, before anything
 * is sent, in every API. (v0.1 fell through to the last vendor and sent the key there.) And a
 * vendor's `layerConfig` without its variable says which variable to set.
 */
import { assert, describe, it } from "@effect/vitest"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import { conform, createClient, InvalidRequestError } from "unibatch"
import * as Providers from "unibatch/Providers"
import { inspect } from "node:util"

const apiKey = "sk-registry-SECRET-7"
const unknown = ["OpenAI", "open-ai", "Neosantara ", "bedrock", ""]

const thrownBy = (thunk: () => unknown): unknown => {
  try {
    thunk()
  } catch (error) {
    return error
  }
  return assert.fail("expected a throw")
}

const assertNamesTheKnown = (message: string) => {
  for (const name of Providers.names) assert.include(message, `"${name}"`)
  assert.notInclude(message, apiKey)
}

describe("the registry", () => {
  it("holds each vendor package's definition under its own provider name", () => {
    assert.deepStrictEqual(Providers.names, ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"])
    assert.strictEqual(Providers.definitions.openai, OpenAi.definition)
    assert.strictEqual(Providers.definitions.respan, Respan.definition)
    assert.strictEqual(Providers.definitions.neosantara, Neosantara.definition)
    for (const name of Providers.names) {
      const definition = Providers.definitions[name]
      assert.strictEqual(definition.provider, name)
      assert.strictEqual(Providers.find(name), definition)
      // The parts of a definition that repeat one fact agree on it.
      assert.deepStrictEqual(
        [definition.contract.provider, definition.contract.nativePrefix, definition.contract.newestFirst],
        [name, definition.ids.nativePrefix, definition.paging.order === "newestFirst"]
      )
    }
    for (const name of unknown) assert.isUndefined(Providers.find(name))
  })

  it("a misspelled name is told the one it resembles", () => {
    assert.strictEqual(
      Providers.unknownProvider("OpenAI", "list").message,
      `Unknown provider "OpenAI": the provider is one of "openai", "respan", "neosantara", "azure", "compatible" or "anthropic" (did you mean "openai"?).`
    )
    assert.strictEqual(
      Providers.unknownProvider("bedrock", "list").message,
      `Unknown provider "bedrock": the provider is one of "openai", "respan", "neosantara", "azure", "compatible" or "anthropic".`
    )
  })
})

describe("an unknown provider", () => {
  it("createClient throws InvalidRequestError at once, and no vendor receives anything", async () => {
    // Any key is accepted here: v0.1 sent "OpenAI" requests, with the key, to this (last) vendor.
    const server = await FakeVendor.start({ provider: "neosantara", count: 3 })
    try {
      for (const provider of unknown) {
        for (const baseUrl of [server.baseUrl, undefined]) {
          const error = thrownBy(() => createClient({ provider, apiKey, baseUrl }))
          assert.instanceOf(error, InvalidRequestError)
          assert.deepStrictEqual([error._tag, error.provider, error.operation, error.status], ["InvalidRequestError", provider, "createClient", null])
          assertNamesTheKnown(error.message)
          assertNamesTheKnown(`${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`)
        }
      }
      // Not even a key from the environment is looked up.
      assert.match((thrownBy(() => createClient({ provider: "OpenAI" })) as Error).message, /did you mean "openai"/)
      assert.strictEqual(server.requests().length, 0)
    } finally {
      await server.close()
    }
  })

  it("conform rejects with InvalidRequestError naming the known ones", async () => {
    for (const provider of unknown) {
      const error = await conform({ provider, operation: "list", body: "{}" }).then(
        () => assert.fail("expected a rejection"),
        (caught: unknown) => caught
      )
      assert.instanceOf(error, InvalidRequestError)
      assert.deepStrictEqual([error.provider, error.operation, error.status], [provider, "conform", null])
      assertNamesTheKnown(error.message)
    }
  })

  it.effect("Providers.layer and Providers.make fail with InvalidRequestError before any request", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "neosantara", count: 3 })
      for (const provider of unknown) {
        const live = Providers.layer(provider, { apiKey, baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer))
        const viaLayer = yield* Effect.flip(BatchClient.list().pipe(Effect.provide(live)))
        const viaMake = yield* Effect.flip(
          Providers.make(provider, { apiKey, baseUrl: server.baseUrl }).pipe(Effect.provide(FetchHttpClient.layer))
        )
        for (const error of [viaLayer, viaMake]) {
          assert.strictEqual(error._tag, "InvalidRequestError")
          assert.deepStrictEqual([error.provider, error.status], [provider, null])
          assertNamesTheKnown(error.message)
        }
      }
      assert.strictEqual(server.requests().length, 0)
    }))
})

describe("the key's variable", () => {
  it("createClient without a key names the variable of the provider's definition", () => {
    for (const name of Providers.names) {
      const variable = Providers.definitions[name].apiKeyEnv
      const previous = process.env[variable]
      delete process.env[variable]
      try {
        const error = thrownBy(() => createClient({ provider: name }))
        assert.instanceOf(error, InvalidRequestError)
        assert.include(error.message, variable)
      } finally {
        if (previous !== undefined) process.env[variable] = previous
      }
    }
  })

  it.effect("layerConfig reads it (kept Redacted), and without it says to set it", () =>
    Effect.gen(function*() {
      const vendors = [OpenAi, Respan, Neosantara]
      for (const vendor of vendors) {
        const { apiKeyEnv, auth, displayName } = vendor.definition
        const server = yield* FakeVendor.make({ definition: vendor.definition, count: 2, apiKey })
        const live = vendor.layerConfig({ baseUrl: server.baseUrl, maxRetries: 0 }).pipe(Layer.provide(FetchHttpClient.layer))

        const withKey = ConfigProvider.layer(ConfigProvider.fromEnv({ env: { [apiKeyEnv]: apiKey } }))
        const page = yield* BatchClient.list().pipe(Effect.provide(live), Effect.provide(withKey))
        assert.strictEqual(page.data.length, 2)
        assert.include(server.requests()[0]!.headers[auth.header], apiKey)

        const withoutKey = ConfigProvider.layer(ConfigProvider.fromEnv({ env: {} }))
        const error = yield* Effect.flip(BatchClient.list().pipe(Effect.provide(live), Effect.provide(withoutKey)))
        assert.strictEqual(error._tag, "ConfigError")
        assert.include(error.message, `${apiKeyEnv} is not set: set it to your ${displayName} API key`)
        assert.notInclude(error.message, "<redacted>")

        const wrongKey = ConfigProvider.layer(ConfigProvider.fromEnv({ env: { [apiKeyEnv]: `${apiKey}-wrong` } }))
        const refused = yield* Effect.exit(BatchClient.list().pipe(Effect.provide(live), Effect.provide(wrongKey)))
        assert.isTrue(Exit.isFailure(refused))
        assert.notInclude(`${String(refused)} ${JSON.stringify(refused)} ${inspect(refused, { depth: 10 })}`, apiKey)
      }
    }))
})
