/**
 * The official `@anthropic-ai/sdk` against the test kit's Anthropic fake (what `unibatch serve
 * --provider anthropic` serves), both its lines: 0.x (`x-api-key`, `anthropic-version:
 * 2023-06-01`, the default definition) and 1.x (`Authorization: Bearer`, `2026-10-21`, served from
 * `Anthropic.definitionFor("2026-10-21")`): `messages.batches.create`, `list` (auto-paging),
 * `retrieve`, `cancel` and `results` (its JSONL stream from `results_url`).
 */
import AnthropicSdk1 from "@anthropic-ai/sdk"
import * as Anthropic from "@unibatch/anthropic/Anthropic"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import AnthropicSdk0 from "anthropic-sdk-0"
import { assert, describe, it } from "vitest"

const KEY = "sk-ant-SECRET-sdk-1414"

const lines = [
  { line: "0.x", Sdk: AnthropicSdk0 as unknown as typeof AnthropicSdk1, version: "2023-06-01", bearer: false },
  { line: "1.x", Sdk: AnthropicSdk1, version: "2026-10-21", bearer: true }
] as const

describe.each(lines)("@anthropic-ai/sdk $line against the Anthropic fake", ({ Sdk, bearer, version }) => {
  it("create, list (auto-paging), retrieve, results, cancel; its key form and version header", async () => {
    const server = await FakeVendor.start({
      definition: Anthropic.definitionFor(version as Anthropic.ApiVersion),
      apiKey: KEY,
      count: 5,
      batchDurationMs: 300
    })
    try {
      const sdk = new Sdk({ apiKey: KEY, baseURL: server.baseUrl.replace(/\/v1$/, ""), maxRetries: 0 })
      const params = (content: string) => ({ model: "claude-sonnet-4-5", max_tokens: 32, messages: [{ role: "user" as const, content }] })
      const created = await sdk.messages.batches.create({
        requests: [{ custom_id: "ok-1", params: params("hi") }, { custom_id: "fail-2", params: params("x") }]
      })
      assert.match(created.id, /^msgbatch_/)
      assert.strictEqual(created.processing_status, "in_progress")
      const [first] = server.requests()
      assert.strictEqual(first!.headers["anthropic-version"], version)
      if (bearer) assert.strictEqual(first!.headers["authorization"], `Bearer ${KEY}`)
      else assert.strictEqual(first!.headers["x-api-key"], KEY)

      const ids: Array<string> = []
      for await (const batch of sdk.messages.batches.list({ limit: 2 })) ids.push(batch.id)
      assert.strictEqual(ids.length, 6)
      assert.strictEqual(ids[0], created.id)

      let batch = await sdk.messages.batches.retrieve(created.id)
      while (batch.processing_status !== "ended") {
        await new Promise((resolve) => setTimeout(resolve, 50))
        batch = await sdk.messages.batches.retrieve(created.id)
      }
      assert.deepStrictEqual(batch.request_counts, { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 0 })
      assert.strictEqual(batch.results_url, `${server.baseUrl}/messages/batches/${created.id}/results`)

      const outcomes: Array<[string, string]> = []
      for await (const line of await sdk.messages.batches.results(created.id)) outcomes.push([line.custom_id, line.result.type])
      assert.deepStrictEqual(outcomes.sort(), [["fail-2", "errored"], ["ok-1", "succeeded"]])

      const other = await sdk.messages.batches.create({ requests: [{ custom_id: "slow", params: params("wait") }] })
      const cancelling = await sdk.messages.batches.cancel(other.id)
      assert.strictEqual(cancelling.processing_status, "canceling")
      assert.isString(cancelling.cancel_initiated_at)

      const missing = await sdk.messages.batches.retrieve("msgbatch_missing").catch((error: unknown) => error)
      assert.instanceOf(missing, Sdk.NotFoundError)
    } finally {
      await server.close()
    }
  })
})
