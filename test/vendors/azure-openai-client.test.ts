/**
 * The `openai` package's `AzureOpenAI` client runs a batch job against the test kit's Azure fake:
 * on the v1 root (`baseURL` .../openai/v1) and on the dated API (`endpoint` + `apiVersion`, which
 * it sends as `/openai/batches?api-version=`), with the `api-key` header it sends.
 */
import * as Azure from "@unibatch/azure/Azure"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { AzureOpenAI, toFile } from "openai"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const KEY = "azure-client-SECRET-key"
const API_VERSION = "2024-10-21"
const DEPLOYMENT = "gpt-4o-mini-batch"
let v1: FakeVendor.FakeVendorServer
let dated: FakeVendor.FakeVendorServer

const input = (customIds: ReadonlyArray<string>) =>
  customIds
    .map((customId) =>
      JSON.stringify({ custom_id: customId, method: "POST", url: "/v1/chat/completions", body: { model: DEPLOYMENT, messages: [{ role: "user", content: customId }] } })
    )
    .join("\n") + "\n"

const runJob = async (client: AzureOpenAI) => {
  const file = await client.files.create({ file: await toFile(Buffer.from(input(["ok-1", "fail-2"])), "input.jsonl"), purpose: "batch" })
  const batch = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
  const done = await client.batches.retrieve(batch.id)
  assert.strictEqual(done.status, "completed")
  const output = await (await client.files.content(done.output_file_id!)).text()
  const errors = await (await client.files.content(done.error_file_id!)).text()
  const ids = [...output.trim().split("\n"), ...errors.trim().split("\n")].map((line) => JSON.parse(line).custom_id).sort()
  assert.deepStrictEqual(ids, ["fail-2", "ok-1"])
  const listed = []
  for await (const each of client.batches.list({ limit: 2 })) listed.push(each.id)
  assert.include(listed, batch.id)
  const cancelled = await client.batches.cancel(batch.id).catch((error: unknown) => error)
  // A finished batch cannot be cancelled: the fake refuses with a 4xx the client raises.
  assert.instanceOf(cancelled, Error)
}

beforeAll(async () => {
  v1 = await FakeVendor.start({ provider: "azure", apiKey: KEY, count: 3 })
  dated = await FakeVendor.start({ definition: { ...Azure.definition, defaultBaseUrl: "https://{resource}.openai.azure.com/openai" }, apiKey: KEY, count: 3 })
})

afterAll(async () => {
  await Promise.all([v1?.close(), dated?.close()])
})

describe("AzureOpenAI (the openai package) against the Azure fake", () => {
  it("the v1 root: files, batches, content, list, with api-key", async () => {
    const client = new AzureOpenAI({ apiKey: KEY, baseURL: v1.baseUrl, apiVersion: API_VERSION, maxRetries: 0 })
    await runJob(client)
    for (const request of v1.requests()) {
      assert.strictEqual(request.headers["api-key"], KEY)
      assert.match(request.path, /^\/openai\/v1\/(batches|files)/)
    }
  })

  it("the dated API: endpoint + apiVersion, /openai/batches?api-version=", async () => {
    const client = new AzureOpenAI({ apiKey: KEY, endpoint: new URL(dated.baseUrl).origin, apiVersion: API_VERSION, maxRetries: 0 })
    await runJob(client)
    const sent = dated.requests()
    assert.isAbove(sent.length, 4)
    for (const request of sent) {
      assert.strictEqual(request.query["api-version"], API_VERSION)
      assert.match(request.path, /^\/openai\/(batches|files)/)
    }
  })

  it("a wrong key is Azure's 401", async () => {
    const client = new AzureOpenAI({ apiKey: "wrong", baseURL: v1.baseUrl, apiVersion: API_VERSION, maxRetries: 0 })
    const error: any = await client.batches.list().catch((error: unknown) => error)
    assert.strictEqual(error.status, 401)
  })
})
