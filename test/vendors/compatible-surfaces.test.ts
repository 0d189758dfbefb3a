/**
 * An OpenAI-compatible endpoint through the registry's other surfaces: the `unibatch` command (a
 * whole job behind a path prefix, the key from `--api-key-env`; `serve --provider compatible`)
 * and the Promise API (`createClient({ provider: "compatible" })`).
 */
import * as Compatible from "@unibatch/compatible/Compatible"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createClient } from "unibatch"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { bin, build, run, secret } from "../cli/harness.js"

const line = (customId: string) => JSON.stringify({ custom_id: customId, method: "POST", url: "/v1/chat/completions", body: { model: "m", messages: [] } })
let server: FakeVendor.FakeVendorServer
let scratch: string

beforeAll(async () => {
  build()
  scratch = mkdtempSync(join(tmpdir(), "unibatch-compatible-"))
  server = await FakeVendor.start({
    definition: Compatible.definition({ baseUrl: "https://gw.example.com/proxy/openai/v1" }),
    apiKey: secret,
    count: 2,
    batchDurationMs: 300
  } as FakeVendor.Options)
})

afterAll(async () => {
  await server?.close()
  rmSync(scratch, { recursive: true, force: true })
})

describe("compatible through the command", () => {
  const remote = () => ["--provider", "compatible", "--base-url", server.baseUrl, "--api-key-env", "MY_GATEWAY_KEY"]
  const env = () => ({ env: { MY_GATEWAY_KEY: secret } })

  it("behind /proxy/openai/v1, the key from --api-key-env: submit --wait, results, list", async () => {
    const file = join(scratch, "requests.jsonl")
    writeFileSync(file, [line("ok-1"), line("fail-2")].join("\n") + "\n")
    const submitted = await run(["submit", file, ...remote(), "--endpoint", "/v1/chat/completions", "--wait", "--json"], env())
    assert.strictEqual(submitted.code, 0, submitted.stderr)
    const id = /"id":\s*"(batch_[^"]+)"/.exec(submitted.stdout)?.[1]
    assert.isString(id)
    const results = await run(["results", id!, ...remote(), "--json"], env())
    const outcomes = results.stdout.trim().split("\n").map((text) => JSON.parse(text)).map((result) => [result.customId, result.outcome]).sort()
    assert.deepStrictEqual(outcomes, [["fail-2", "failed"], ["ok-1", "succeeded"]])
    const listed = await run(["list", ...remote()], env())
    assert.include(listed.stdout, id!)
    for (const request of server.requests()) {
      assert.match(request.path, /^\/proxy\/openai\/v1\//)
      assert.strictEqual(request.headers["authorization"], `Bearer ${secret}`)
    }
  })

  it("without the named variable, the command says which to set; a bad name is wrong usage", async () => {
    const missing = await run(["list", "--provider", "compatible", "--api-key-env", "MY_GATEWAY_KEY"])
    assert.strictEqual(missing.code, 2)
    assert.include(missing.stderr, "MY_GATEWAY_KEY is not set")
    const bad = await run(["list", ...remote().slice(0, 4), "--api-key-env", "1BAD"], env())
    assert.strictEqual(bad.code, 2)
    assert.include(bad.stderr, "--api-key-env")
  })

  it("serve --provider compatible prints its base URL first and takes bearer keys", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--provider", "compatible", "--count", "1"], { env: { PATH: process.env.PATH ?? "" } })
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
      assert.strictEqual((await fetch(`${first}/batches`, { headers: { authorization: "Bearer any" } })).status, 200)
      assert.strictEqual((await fetch(`${first}/batches`)).status, 401)
    } finally {
      child.kill()
    }
  })
})

describe("compatible through the Promise API", () => {
  it("createClient({ provider: 'compatible' }): submit, wait, results", async () => {
    const client = createClient({ provider: "compatible", apiKey: secret, baseUrl: server.baseUrl, maxRetries: 0 })
    try {
      const batch = await client.submit([{ customId: "p-1", body: { model: "m", messages: [] } }], { endpoint: "/v1/chat/completions" })
      assert.strictEqual(batch.provider, "compatible")
      assert.strictEqual((await client.wait(batch.id)).status, "completed")
      const outcomes = []
      for await (const result of client.results(batch.id)) outcomes.push([result.customId, result.outcome])
      assert.deepStrictEqual(outcomes, [["p-1", "succeeded"]])
    } finally {
      await client.close()
    }
  })
})
