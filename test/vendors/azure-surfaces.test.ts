/**
 * Azure OpenAI through the registry's other surfaces: the `unibatch` command (a whole job with
 * `submit --wait`, `results`, `list`; `serve --provider azure`) and the Promise API
 * (`createClient({ provider: "azure" })`), both against the test kit's Azure fake.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createClient } from "unibatch"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { bin, build, run, secret } from "../cli/harness.js"

const DEPLOYMENT = "gpt-4o-mini-global-batch"
const line = (customId: string, model = DEPLOYMENT) => JSON.stringify({ custom_id: customId, method: "POST", url: "/chat/completions", body: { model, messages: [] } })
let server: FakeVendor.FakeVendorServer
let scratch: string

beforeAll(async () => {
  build()
  scratch = mkdtempSync(join(tmpdir(), "unibatch-azure-"))
  server = await FakeVendor.start({ provider: "azure", apiKey: secret, count: 2, batchDurationMs: 300 } as FakeVendor.Options)
})

afterAll(async () => {
  await server?.close()
  rmSync(scratch, { recursive: true, force: true })
})

describe("azure through the command", () => {
  const env = () => ({ env: { AZURE_OPENAI_API_KEY: secret } })
  const remote = () => ["--provider", "azure", "--base-url", server.baseUrl]

  it("submit --wait, results, list: a whole job", async () => {
    const file = join(scratch, "requests.jsonl")
    writeFileSync(file, [line("ok-1"), line("fail-2")].join("\n") + "\n")
    const submitted = await run(["submit", file, ...remote(), "--endpoint", "/chat/completions", "--wait", "--json"], env())
    assert.strictEqual(submitted.code, 0, submitted.stderr)
    const id = /"id":\s*"(batch_[^"]+)"/.exec(submitted.stdout)?.[1]
    assert.isString(id)
    const results = await run(["results", id!, ...remote(), "--json"], env())
    assert.strictEqual(results.code, 0, results.stderr)
    const outcomes = results.stdout.trim().split("\n").map((text) => JSON.parse(text)).map((result) => [result.customId, result.outcome]).sort()
    assert.deepStrictEqual(outcomes, [["fail-2", "failed"], ["ok-1", "succeeded"]])
    const listed = await run(["list", ...remote()], env())
    assert.strictEqual(listed.code, 0)
    assert.include(listed.stdout, id!)
  })

  it("another deployment on a line is refused, naming it, and no batch is created", async () => {
    const file = join(scratch, "mixed.jsonl")
    writeFileSync(file, [line("a"), line("b", "gpt-4o")].join("\n") + "\n")
    server.clearRequests()
    const refused = await run(["submit", file, ...remote(), "--endpoint", "/chat/completions"], env())
    assert.strictEqual(refused.code, 1)
    assert.include(refused.stderr, "line 2")
    assert.include(refused.stderr, "gpt-4o")
    assert.deepStrictEqual(server.requests().filter((request) => !request.path.endsWith("/files")), [])
  })

  it("serve --provider azure prints its /openai/v1 base URL first", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--provider", "azure", "--count", "1"], { env: { PATH: process.env.PATH ?? "" } })
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
          out += chunk
          if (out.includes("\n")) resolve(out.split("\n")[0]!)
        })
        child.on("error", reject)
      })
      assert.match(first, /^http:\/\/127\.0\.0\.1:\d+\/openai\/v1$/)
      const response = await fetch(`${first}/batches`, { headers: { "api-key": "any" } })
      assert.strictEqual(response.status, 200)
      assert.strictEqual((await fetch(`${first}/batches`)).status, 401)
    } finally {
      child.kill()
    }
  })
})

describe("azure through the Promise API", () => {
  it("createClient({ provider: 'azure' }): submit, wait, results", async () => {
    const client = createClient({ provider: "azure", apiKey: secret, baseUrl: server.baseUrl, maxRetries: 0 })
    try {
      const batch = await client.submit([{ customId: "p-1", body: { model: DEPLOYMENT, messages: [] } }], { endpoint: "/chat/completions" })
      assert.strictEqual(batch.provider, "azure")
      assert.strictEqual((await client.wait(batch.id)).status, "completed")
      const outcomes = []
      for await (const result of client.results(batch.id)) outcomes.push([result.customId, result.outcome])
      assert.deepStrictEqual(outcomes, [["p-1", "succeeded"]])
      const refused = await client.submit([{ customId: "x", body: { model: "a" } }, { customId: "y", body: { model: "b" } }], { endpoint: "/chat/completions" }).catch((error: Error) => error)
      assert.instanceOf(refused, Error)
      assert.include((refused as Error).message, "line 2")
      assert.notInclude((refused as Error).message, secret)
    } finally {
      await client.close()
    }
  })
})
