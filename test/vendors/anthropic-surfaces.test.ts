/**
 * Anthropic through the registry's other surfaces: the `unibatch` command (`list`, `get`,
 * `cancel`; `serve --provider anthropic`) and the Promise API (`createClient({ provider:
 * "anthropic" })`), against the test kit's Anthropic fake.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { spawn } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createClient } from "unibatch"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { bin, build, run, secret } from "../cli/harness.js"

let server: FakeVendor.FakeVendorServer

beforeAll(async () => {
  build()
  server = await FakeVendor.start({ provider: "anthropic", apiKey: secret, count: 8 })
})

afterAll(async () => {
  await server?.close()
})

describe("anthropic through the command", () => {
  const env = () => ({ env: { ANTHROPIC_API_KEY: secret } })
  const remote = () => ["--provider", "anthropic", "--base-url", server.baseUrl]

  it("list --json, get and cancel by the canonical ID", async () => {
    const listed = await run(["list", ...remote(), "--limit", "8", "--json"], env())
    assert.strictEqual(listed.code, 0, listed.stderr)
    const page = JSON.parse(listed.stdout)
    assert.strictEqual(page.data.length, 8)
    const native = String(server.batches[0]!.id)
    const id = `batch_${native.slice("msgbatch_".length)}`
    assert.strictEqual(page.data[0].id, id)
    assert.strictEqual(page.data[0].nativeId, native)
    const got = await run(["get", id, ...remote(), "--json"], env())
    assert.strictEqual(got.code, 0, got.stderr)
    assert.strictEqual(JSON.parse(got.stdout).provider, "anthropic")
    server.clearRequests()
    const cancelled = await run(["cancel", id, ...remote(), "--json"], env())
    assert.strictEqual(cancelled.code, 0, cancelled.stderr)
    assert.deepStrictEqual(server.requests().map((request) => [request.method, request.path]), [["POST", `/v1/messages/batches/${native}/cancel`]])
    for (const output of [listed, got, cancelled]) assert.notInclude(output.stdout + output.stderr, secret)
  })

  it("submit without --endpoint takes the vendor's only one (/v1/messages); results --json", async () => {
    const directory = mkdtempSync(join(tmpdir(), "unibatch-anthropic-"))
    const file = join(directory, "requests.jsonl")
    const line = (customId: string) => JSON.stringify({ custom_id: customId, params: { model: "claude-sonnet-4-5", max_tokens: 16, messages: [{ role: "user", content: customId }] } })
    writeFileSync(file, ["e-1", "e-fail-2"].map(line).join("\n") + "\n")
    // A server of its own: the shared one's listing is counted by the other tests.
    const own = await FakeVendor.start({ provider: "anthropic", apiKey: secret, count: 0 })
    const remote = () => ["--provider", "anthropic", "--base-url", own.baseUrl]
    try {
      const submitted = await run(["submit", file, ...remote(), "--wait", "--json"], env())
      assert.strictEqual(submitted.code, 0, submitted.stderr)
      const batch = JSON.parse(submitted.stdout)
      assert.strictEqual(batch.status, "completed")
      const results = await run(["results", batch.id, ...remote(), "--json"], env())
      assert.strictEqual(results.code, 0, results.stderr)
      const outcomes = results.stdout.trimEnd().split("\n").map((text) => JSON.parse(text)).map((result) => `${result.customId} ${result.outcome}`)
      assert.sameMembers(outcomes, ["e-1 succeeded", "e-fail-2 failed"])
      // Where the vendor has several endpoints, --endpoint is still needed, and the message lists them.
      const openai = await run(["submit", file, "--provider", "openai", "--base-url", "http://127.0.0.1:9/v1"], { env: { OPENAI_API_KEY: secret } })
      assert.strictEqual(openai.code, 2)
      assert.include(openai.stderr, "unibatch submit needs --endpoint E: one of /v1/responses, /v1/chat/completions")
    } finally {
      await own.close()
    }
  })

  it("serve --provider anthropic prints its /v1 base URL first and wants x-api-key with anthropic-version", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--provider", "anthropic", "--count", "1"], { env: { PATH: process.env.PATH ?? "" } })
    try {
        const first = await new Promise<string>((resolve, reject) => {
          let out = ""
          child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
            out += chunk
            if (out.includes("\n")) resolve(out.split("\n")[0]!)
          })
          child.on("error", reject)
        })
        assert.match(first, /^http:\/\/127\.0\.0\.1:\d+\/v1$/)
        const ok = await fetch(`${first}/messages/batches`, { headers: { "x-api-key": "any", "anthropic-version": "2023-06-01" } })
        assert.strictEqual(ok.status, 200)
        assert.match(((await ok.json()) as any).data[0].id, /^msgbatch_/)
        const unauthorized = await fetch(`${first}/messages/batches`, { headers: { "anthropic-version": "2023-06-01" } })
        assert.strictEqual(unauthorized.status, 401)
        assert.deepStrictEqual(await unauthorized.json(), { type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } })
        assert.strictEqual((await fetch(`${first}/messages/batches`, { headers: { "x-api-key": "any" } })).status, 400)
    } finally {
      child.kill()
    }
  })
})

describe("anthropic through the Promise API", () => {
  it("createClient({ provider: 'anthropic' }): list, retrieve, listAll", async () => {
    const client = createClient({ provider: "anthropic", apiKey: secret, baseUrl: server.baseUrl, maxRetries: 0 })
    try {
        const page = await client.list({ limit: 3 })
        assert.strictEqual(page.data[0]!.provider, "anthropic")
        assert.strictEqual((await client.retrieve(page.data[2]!.id)).id, page.data[2]!.id)
        let seen = 0
        for await (const _ of client.listAll({ limit: 3 })) seen++
        assert.strictEqual(seen, 8)
    } finally {
      await client.close()
    }
  })
})
