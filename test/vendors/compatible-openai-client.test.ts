/**
 * The `openai` package with `baseURL` runs a batch job against the test kit's compatible fake
 * (the registry's default form, and one behind a path prefix).
 */
import * as Compatible from "@unibatch/compatible/Compatible"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import OpenAI, { toFile } from "openai"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const KEY = "compat-client-SECRET-key"
let servers: Array<FakeVendor.FakeVendorServer> = []

const input = (customIds: ReadonlyArray<string>) =>
  customIds
    .map((customId) => JSON.stringify({ custom_id: customId, method: "POST", url: "/v1/chat/completions", body: { model: "m", messages: [] } }))
    .join("\n") + "\n"

beforeAll(async () => {
  servers = [
    await FakeVendor.start({ provider: "compatible", apiKey: KEY, count: 3 }),
    await FakeVendor.start({ definition: Compatible.definition({ baseUrl: "https://gw.example.com/proxy/openai/v1" }), apiKey: KEY, count: 3 })
  ]
})

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

describe("OpenAI (the openai package, baseURL) against the compatible fake", () => {
  it.each([0, 1])("server %i: files, batches, content, list", async (index) => {
    const server = servers[index]!
    const client = new OpenAI({ apiKey: KEY, baseURL: server.baseUrl, maxRetries: 0 })
    const file = await client.files.create({ file: await toFile(Buffer.from(input(["ok-1", "fail-2"])), "input.jsonl"), purpose: "batch" })
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
    const done = await client.batches.retrieve(batch.id)
    assert.strictEqual(done.status, "completed")
    const output = await (await client.files.content(done.output_file_id!)).text()
    assert.strictEqual(JSON.parse(output.trim().split("\n")[0]!).custom_id, "ok-1")
    const listed = []
    for await (const each of client.batches.list({ limit: 2 })) listed.push(each.id)
    assert.strictEqual(listed.length, 4)
    for (const request of server.requests()) assert.strictEqual(request.headers["authorization"], `Bearer ${KEY}`)
    const wrong = new OpenAI({ apiKey: "wrong", baseURL: server.baseUrl, maxRetries: 0 })
    const error: any = await wrong.batches.list().catch((error: unknown) => error)
    assert.strictEqual(error.status, 401)
  })
})
