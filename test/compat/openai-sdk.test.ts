/**
 * The fake OpenAI server is faithful enough for OpenAI's own Node client: its auto-paging list
 * and retrieve work against it unchanged, and a bad key gets the SDK's AuthenticationError.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import OpenAI from "openai"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

let server: FakeVendor.FakeVendorServer

beforeAll(async () => {
  server = await FakeVendor.start({ provider: "openai", count: 45, apiKey: "sk-compat" })
})

afterAll(() => server.close())

describe("the openai npm package against the fake OpenAI server", () => {
  it("batches.list auto-pages through every batch in order", async () => {
    const client = new OpenAI({ apiKey: "sk-compat", baseURL: server.baseUrl, maxRetries: 0 })
    const ids: Array<string> = []
    for await (const batch of client.batches.list({ limit: 10 })) ids.push(batch.id)
    assert.deepStrictEqual(ids, server.batches.map((batch) => batch.id))
  })

  it("batches.retrieve returns the batch", async () => {
    const client = new OpenAI({ apiKey: "sk-compat", baseURL: server.baseUrl, maxRetries: 0 })
    const wire = server.batches[4]!
    const batch = await client.batches.retrieve(wire.id as string)
    assert.deepStrictEqual([batch.id, batch.status, batch.created_at], [wire.id, wire.status, wire.created_at])
  })

  it("the request id reaches the SDK, and a 429 is its RateLimitError", async () => {
    const client = new OpenAI({ apiKey: "sk-compat", baseURL: server.baseUrl, maxRetries: 0 })
    const batch = await client.batches.retrieve(server.batches[0]!.id as string)
    assert.match(batch._request_id ?? "", /\S/)
    server.inject({ status: 429, headers: { "retry-after": "1" } })
    const limited = await client.batches.list().catch((caught: unknown) => caught)
    assert.instanceOf(limited, OpenAI.RateLimitError)
    assert.strictEqual((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after"), "1")
  })

  it("a wrong key is the SDK's AuthenticationError; an unknown batch its NotFoundError", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: server.baseUrl, maxRetries: 0 })
    const error = await wrong.batches.list().catch((caught: unknown) => caught)
    assert.instanceOf(error, OpenAI.AuthenticationError)
    const client = new OpenAI({ apiKey: "sk-compat", baseURL: server.baseUrl, maxRetries: 0 })
    const missing = await client.batches.retrieve("batch_missing").catch((caught: unknown) => caught)
    assert.instanceOf(missing, OpenAI.NotFoundError)
  })
})
