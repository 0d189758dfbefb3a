/**
 * `@unibatch/azure` over loopback against the test kit's Azure fake (`FakeVendor` with
 * `provider: "azure"`, played from `Azure.definition`): list, retrieve and listAll, a whole job,
 * the one-deployment rule (refused before the batch is created, naming the line), the Entra
 * bearer form, the dated API (`/openai/batches?api-version=`), `layerConfig`'s two variables,
 * `token_limit_exceeded` as a typed error, and the key absent from every error.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Azure from "@unibatch/azure/Azure"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as Conformance from "@unibatch/core/Conformance"
import type { BatchClientService } from "@unibatch/core/BatchClient"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { inspect } from "node:util"
import * as Providers from "unibatch/Providers"

const KEY = "azure-SECRET-key-4711"
const TOKEN = "eyJ0eXAi-entra-SECRET-token"
const DEPLOYMENT = "gpt-4o-mini-global-batch"
const endpoint = "/chat/completions"

const clientOf = (options: Azure.AzureOptions) => Azure.make({ maxRetries: 0, ...options }).pipe(Effect.provide(FetchHttpClient.layer))

const requests = (customIds: ReadonlyArray<string>, model: (index: number) => unknown = () => DEPLOYMENT) =>
  customIds.map((customId, index) => ({ customId, body: { model: model(index), messages: [{ role: "user", content: customId }] } }))

const assertNoSecret = (value: unknown) => {
  for (const secret of [KEY, TOKEN]) {
    assert.notInclude(JSON.stringify(value), secret)
    assert.notInclude(inspect(value, { depth: 10 }), secret)
    assert.notInclude(String(value), secret)
  }
}

const contentOf = (client: BatchClientService, id: string) =>
  Effect.map(Stream.runCollect(Stream.decodeText(client.fileContent(id))), (parts) => parts.join(""))

describe("@unibatch/azure against the Azure fake", () => {
  it.effect("list, retrieve and listAll under /openai/v1 with the api-key header", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "azure", apiKey: KEY, count: 7 })
      assert.match(server.baseUrl, /\/openai\/v1$/)
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const page = yield* client.list({ limit: 3 })
      assert.strictEqual(page.data.length, 3)
      assert.isTrue(page.hasMore)
      assert.strictEqual(page.data[0]!.provider, "azure")
      const batch = yield* client.retrieve(page.data[1]!.id)
      assert.strictEqual(batch.id, page.data[1]!.id)
      const all = yield* Stream.runCollect(client.listAll({ limit: 2 }))
      assert.strictEqual(all.length, 7)
      const sent = server.requests()
      assert.deepStrictEqual(sent[0]!.path, "/openai/v1/batches")
      for (const request of sent) {
        assert.strictEqual(request.headers["api-key"], KEY)
        assert.isUndefined(request.headers["authorization"])
      }
    }))

  it.effect("a whole job: submit, waitForCompletion, results", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "azure", apiKey: KEY })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const submitted = yield* client.submit(requests(["ok-1", "fail-2", "ok-3"]), { endpoint, metadata: { job: "azure" } })
      assert.strictEqual(submitted.endpoint, endpoint)
      assert.strictEqual(submitted.completionWindow, "24h")
      const lines = (yield* contentOf(client, submitted.inputFileId!)).trim().split("\n").map((text) => JSON.parse(text))
      assert.deepStrictEqual(lines.map((line) => [line.custom_id, line.url, line.body.model]), [
        ["ok-1", endpoint, DEPLOYMENT],
        ["fail-2", endpoint, DEPLOYMENT],
        ["ok-3", endpoint, DEPLOYMENT]
      ])
      const done = yield* client.waitForCompletion(submitted.id)
      assert.strictEqual(done.status, "completed")
      const results = yield* Stream.runCollect(client.results(done))
      assert.deepStrictEqual(results.map((result) => [result.customId, result.outcome]).sort(), [
        ["fail-2", "failed"],
        ["ok-1", "succeeded"],
        ["ok-3", "succeeded"]
      ])
    }))

  it.effect("every line names the same deployment: another model, or none, is refused naming the line before any request", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "azure", apiKey: KEY, count: 0 })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const mixed = yield* Effect.flip(client.submit(requests(["a", "b", "c"], (index) => index === 2 ? "gpt-4o" : DEPLOYMENT), { endpoint }))
      assert.strictEqual(mixed._tag, "InvalidRequestError")
      assert.strictEqual(mixed.status, null)
      assert.include(mixed.message, "line 3")
      assert.include(mixed.message, `"gpt-4o"`)
      assert.include(mixed.message, `line 1 has "${DEPLOYMENT}"`)
      const none = yield* Effect.flip(client.submit([{ customId: "x", body: { messages: [] } }], { endpoint }))
      assert.include(none.message, "line 1")
      assert.include(none.message, "body.model")
      assertNoSecret([mixed, none])
      // An array of requests is checked whole before anything is sent.
      assert.deepStrictEqual(server.requests(), [])
      // A stream is checked as it passes: the upload stops there and no batch is created.
      const streamed = yield* Effect.flip(
        client.submit(Stream.fromIterable(requests(["a", "b"], (index) => index === 1 ? "gpt-4o" : DEPLOYMENT)), { endpoint })
      )
      assert.include(streamed.message, "line 2")
      assert.deepStrictEqual(server.requests().filter((request) => !request.path.endsWith("/files")), [])
      assert.strictEqual((yield* client.list()).data.length, 0)
    }))

  it.effect("an Entra token goes in Authorization: Bearer, and the api-key header is not sent", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({
        definition: { ...Azure.definition, auth: { header: "authorization", scheme: "Bearer" } },
        apiKey: TOKEN,
        count: 2
      })
      const client = yield* clientOf({ entraToken: TOKEN, apiKey: KEY, baseUrl: server.baseUrl })
      assert.strictEqual((yield* client.list()).data.length, 2)
      const [request] = server.requests()
      assert.strictEqual(request!.headers["authorization"], `Bearer ${TOKEN}`)
      assert.isUndefined(request!.headers["api-key"])
    }))

  it.effect("the dated API: /openai/batches with ?api-version= on every request, a whole job included", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({
        definition: { ...Azure.definition, defaultBaseUrl: "https://{resource}.openai.azure.com/openai" },
        apiKey: KEY,
        count: 3
      })
      const origin = new URL(server.baseUrl).origin
      const client = yield* clientOf({ apiKey: KEY, endpoint: `${origin}/`, apiVersion: "2024-10-21" })
      assert.strictEqual((yield* client.list({ limit: 2 })).data.length, 2)
      const submitted = yield* client.submit(requests(["ok-1"]), { endpoint })
      assert.strictEqual((yield* client.waitForCompletion(submitted.id)).status, "completed")
      const sent = server.requests()
      assert.deepStrictEqual(sent.slice(0, 3).map((request) => request.path), ["/openai/batches", "/openai/files", "/openai/batches"])
      assert.deepStrictEqual(sent[0]!.query, { limit: "2", "api-version": "2024-10-21" })
      for (const request of sent) assert.strictEqual(request.query["api-version"], "2024-10-21")
    }))

  it("the API root: a resource, an endpoint, the dated form, or the template (refused, naming {resource})", () => {
    assert.strictEqual(Azure.baseUrlOf({ resource: "contoso" }), "https://contoso.openai.azure.com/openai/v1")
    assert.strictEqual(Azure.baseUrlOf({ endpoint: "https://contoso.openai.azure.com/" }), "https://contoso.openai.azure.com/openai/v1")
    assert.strictEqual(Azure.baseUrlOf({ resource: "contoso", apiVersion: "2024-10-21" }), "https://contoso.openai.azure.com/openai")
    assert.strictEqual(Azure.baseUrlOf({}), "https://{resource}.openai.azure.com/openai/v1")
  })

  it.effect("without a resource every call is refused before any request, naming the placeholder", () =>
    Effect.gen(function*() {
      const client = yield* clientOf({ apiKey: KEY })
      const error = yield* Effect.flip(client.list())
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.include(error.message, "{resource}")
      assertNoSecret(error)
    }))

  it.effect("layerConfig reads AZURE_OPENAI_API_KEY and AZURE_OPENAI_ENDPOINT, and names the one missing", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({
        definition: { ...Azure.definition, defaultBaseUrl: "https://{resource}.openai.azure.com/openai" },
        apiKey: KEY,
        count: 2
      })
      const origin = new URL(server.baseUrl).origin
      const live = Azure.layerConfig({ apiVersion: "2024-10-21", maxRetries: 0 }).pipe(Layer.provide(FetchHttpClient.layer))
      const env = (record: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnvRecord(record))
      const page = yield* BatchClient.list().pipe(
        Effect.provide(live),
        Effect.provide(env({ AZURE_OPENAI_API_KEY: KEY, AZURE_OPENAI_ENDPOINT: origin }))
      )
      assert.strictEqual(page.data.length, 2)
      const noKey = yield* Effect.result(BatchClient.list().pipe(Effect.provide(live), Effect.provide(env({ AZURE_OPENAI_ENDPOINT: origin }))))
      assert(Result.isFailure(noKey))
      assert.include(String(noKey.failure), "AZURE_OPENAI_API_KEY is not set")
      const noEndpoint = yield* Effect.result(BatchClient.list().pipe(Effect.provide(live), Effect.provide(env({ AZURE_OPENAI_API_KEY: KEY }))))
      assert(Result.isFailure(noEndpoint))
      assert.include(String(noEndpoint.failure), "AZURE_OPENAI_ENDPOINT is not set")
      assertNoSecret([noKey.failure, noEndpoint.failure])
      // With an endpoint given, the variable is not read.
      const given = Azure.layerConfig({ baseUrl: server.baseUrl, apiVersion: "2024-10-21", maxRetries: 0 }).pipe(Layer.provide(FetchHttpClient.layer))
      assert.strictEqual((yield* BatchClient.list().pipe(Effect.provide(given), Effect.provide(env({ AZURE_OPENAI_API_KEY: KEY })))).data.length, 2)
    }))

  it.effect("a batch failed with token_limit_exceeded is a typed RateLimitError; another is not", () =>
    Effect.gen(function*() {
      const wire = (id: string, status: string, code: string | null) => ({
        id,
        object: "batch",
        endpoint,
        input_file_id: "file-in",
        completion_window: "24h",
        status,
        created_at: 1_750_000_000,
        errors: code === null ? null : { object: "list", data: [{ code, message: "Enqueued token limit reached for the deployment.", param: null, line: null }] }
      })
      const server = yield* FakeVendor.make({
        provider: "azure",
        apiKey: KEY,
        batches: [wire("batch_quota", "failed", "token_limit_exceeded"), wire("batch_other", "failed", "invalid_json_line"), wire("batch_done", "completed", null)]
      })
      const client = yield* clientOf({ apiKey: KEY, baseUrl: server.baseUrl })
      const quota = Azure.tokenLimitError(yield* client.retrieve("batch_quota"))
      assert.strictEqual(quota?._tag, "RateLimitError")
      assert.strictEqual(quota?.code, "token_limit_exceeded")
      assert.include(quota!.message, "batch_quota")
      assert.isUndefined(Azure.tokenLimitError(yield* client.retrieve("batch_other")))
      assert.isUndefined(Azure.tokenLimitError(yield* client.retrieve("batch_done")))
    }))

  it.effect("a wrong key is Azure's 401, classified, with no key in the error", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "azure", apiKey: KEY })
      const client = yield* clientOf({ apiKey: `${KEY}-wrong`, baseUrl: server.baseUrl })
      const error = yield* Effect.flip(client.list())
      assert.strictEqual(error._tag, "AuthenticationError")
      assert.include(error.message, "Access denied")
      assertNoSecret(error)
    }))

  it.effect("the registry serves it by name", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "azure", apiKey: KEY, count: 2 })
      const client = yield* Providers.make("azure", { apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0 }).pipe(Effect.provide(FetchHttpClient.layer))
      assert.strictEqual((yield* client.list()).data.length, 2)
      assert.strictEqual(server.requests()[0]!.headers["api-key"], KEY)
    }))
  it.effect("the fake's list, batch and error answers conform to the contract", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "azure", apiKey: KEY, count: 4 })
      const get = (path: string, headers: Record<string, string>) =>
        Effect.promise(async () => {
          const response = await fetch(`${server.baseUrl}${path}`, { headers })
          return { status: response.status, body: await response.text() }
        })
      const list = yield* get("/batches?limit=2", { "api-key": KEY })
      const listReport = Conformance.check(Azure.definition.contract, { operation: "list", ...list })
      assert.isTrue(listReport.conformant, JSON.stringify(listReport))
      const id = JSON.parse(list.body).data[0].id
      const retrieved = yield* get(`/batches/${id}`, { "api-key": KEY })
      assert.isTrue(Conformance.check(Azure.definition.contract, { operation: "retrieve", ...retrieved }).conformant)
      const denied = yield* get("/batches", {})
      assert.strictEqual(denied.status, 401)
      assert.strictEqual(Conformance.check(Azure.definition.contract, { operation: "list", ...denied }).violations.filter((each) => each.severity === "error").length, 0)
    }))
})
