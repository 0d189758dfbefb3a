/**
 * Anthropic through the `unibatch` command, against the test kit's Anthropic fake: a whole job
 * (`submit --wait`, `results --json`), `cancel` then `wait`, and `files ...` refused clearly.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { build, run, secret } from "../cli/harness.js"

const line = (customId: string) =>
  JSON.stringify({ custom_id: customId, body: { model: "claude-sonnet-4-5", max_tokens: 32, messages: [{ role: "user", content: customId }] } })
let server: FakeVendor.FakeVendorServer
let scratch: string

beforeAll(async () => {
  build()
  scratch = mkdtempSync(join(tmpdir(), "unibatch-anthropic-"))
  server = await FakeVendor.start({ provider: "anthropic", apiKey: secret, count: 0, batchDurationMs: 300 })
})

afterAll(async () => {
  await server?.close()
  rmSync(scratch, { recursive: true, force: true })
})

const env = () => ({ env: { ANTHROPIC_API_KEY: secret } })
const remote = () => ["--provider", "anthropic", "--base-url", server.baseUrl]
const idOf = (stdout: string) => /"id":\s*"(batch_[^"]+)"/.exec(stdout)?.[1]

describe("anthropic through the command", () => {
  it("submit --wait, results --json: a whole job, requests sent inline", async () => {
    const file = join(scratch, "requests.jsonl")
    // Anthropic's own line shape (`params`) is taken as the body, as is the canonical one.
    const anthropicLine = JSON.stringify({ custom_id: "ok-3", params: { model: "claude-sonnet-4-5", max_tokens: 32, messages: [] } })
    writeFileSync(file, [line("ok-1"), line("fail-2"), anthropicLine].join("\n") + "\n")
    server.clearRequests()
    const submitted = await run(["submit", file, ...remote(), "--endpoint", "/v1/messages", "--wait", "--json"], env())
    assert.strictEqual(submitted.code, 0, submitted.stderr)
    const id = idOf(submitted.stdout)
    assert.isString(id)
    assert.include(submitted.stdout, '"status": "completed"')
    assert.deepStrictEqual(server.requests().filter((request) => request.method === "POST").map((request) => request.path), ["/v1/messages/batches"])
    const results = await run(["results", id!, ...remote(), "--json"], env())
    assert.strictEqual(results.code, 0, results.stderr)
    const outcomes = results.stdout.trim().split("\n").map((text) => JSON.parse(text)).map((result) => [result.customId, result.outcome]).sort()
    assert.deepStrictEqual(outcomes, [["fail-2", "failed"], ["ok-1", "succeeded"], ["ok-3", "succeeded"]])
    for (const output of [submitted, results]) assert.notInclude(output.stdout + output.stderr, secret)
  })

  it("cancel, then wait: the batch ends cancelled (exit 1, naming the status)", async () => {
    const file = join(scratch, "slow.jsonl")
    writeFileSync(file, [line("a"), line("b")].join("\n") + "\n")
    const submitted = await run(["submit", file, ...remote(), "--endpoint", "/v1/messages", "--json"], env())
    assert.strictEqual(submitted.code, 0, submitted.stderr)
    const id = idOf(submitted.stdout)!
    const cancelled = await run(["cancel", id, ...remote(), "--json"], env())
    assert.strictEqual(cancelled.code, 0, cancelled.stderr)
    assert.include(cancelled.stdout, '"status": "cancelling"')
    const waited = await run(["wait", id, ...remote(), "--json"], env())
    assert.strictEqual(waited.code, 1)
    assert.include(waited.stdout, '"status": "cancelled"')
    assert.include(waited.stderr, "cancelled")
  })

  it("a custom_id Anthropic does not take is refused naming the line; nothing is sent", async () => {
    const file = join(scratch, "bad.jsonl")
    writeFileSync(file, [line("fine"), line("not fine")].join("\n") + "\n")
    server.clearRequests()
    const refused = await run(["submit", file, ...remote(), "--endpoint", "/v1/messages"], env())
    assert.strictEqual(refused.code, 1)
    assert.include(refused.stderr, "line 2")
    assert.include(refused.stderr, "1 to 64 letters, digits, _ or -")
    assert.deepStrictEqual(server.requests(), [])
  })

  it("a line with both body and params is refused naming the line", async () => {
    const file = join(scratch, "both.jsonl")
    writeFileSync(file, JSON.stringify({ custom_id: "a", body: {}, params: {} }) + "\n")
    const refused = await run(["submit", file, ...remote(), "--endpoint", "/v1/messages"], env())
    assert.strictEqual(refused.code, 1)
    assert.include(refused.stderr, "line 1: body and params are both given")
  })

  it("files ... is refused clearly: anthropic takes requests inline", async () => {
    server.clearRequests()
    for (const args of [["files", "list"], ["files", "get", "file-abc"], ["files", "content", "file-abc"]]) {
      const refused = await run([...args, ...remote()], env())
      assert.notStrictEqual(refused.code, 0)
      assert.include(refused.stderr, "anthropic takes requests inline; use submit")
    }
    assert.deepStrictEqual(server.requests(), [])
  })
})
