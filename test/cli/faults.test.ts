/**
 * `unibatch list` / `get` with --max-retries and --timeout-ms against faults injected into the
 * testkit's fake servers: each scenario ends in a result or one canonical error, with the
 * requests counted.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build, run, withKey } from "./harness.js"

let server: FakeVendor.FakeVendorServer

beforeAll(async () => {
  build()
  server = await FakeVendor.start({ provider: "openai", count: 30 })
}, 60_000)

afterAll(() => server.close())

const list = (...flags: Array<string>) => run(["list", "--provider", "openai", "--base-url", server.baseUrl, "--json", ...flags], withKey("openai"))

describe("unibatch list under faults", () => {
  it("503 twice then 200: default retries recover, 3 requests, exit 0", async () => {
    server.clearRequests()
    server.inject({ status: 503, times: 2 })
    const result = await list("--limit", "5")
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).data).toHaveLength(5)
    expect(server.requests()).toHaveLength(3)
  })

  it("an HTML 502 every time with --max-retries 1: ServerError after 2 attempts, exit 1", async () => {
    server.clearRequests()
    server.inject({ status: 502, times: 2 })
    const result = await list("--max-retries", "1")
    expect(result.code).toBe(1)
    const { error } = JSON.parse(result.stdout)
    expect([error._tag, error.status, error.attempts]).toEqual(["ServerError", 502, 2])
    expect(error.message).toContain("502 Bad Gateway")
    expect(server.requests()).toHaveLength(2)
  })

  it("429 with retry-after and --max-retries 0: RateLimitError with the wait, 1 request", async () => {
    server.clearRequests()
    server.inject({ status: 429, headers: { "retry-after": "7" } })
    const result = await list("--max-retries", "0")
    expect(result.code).toBe(1)
    const { error } = JSON.parse(result.stdout)
    expect([error._tag, error.retryAfterSeconds, error.attempts]).toEqual(["RateLimitError", 7, 1])
    expect(server.requests()).toHaveLength(1)
  })

  it("a hang with --timeout-ms 300 --max-retries 0: TransportError within seconds", async () => {
    server.clearRequests()
    server.inject({ hang: true })
    const started = Date.now()
    const result = await list("--timeout-ms", "300", "--max-retries", "0")
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.code).toBe(1)
    const { error } = JSON.parse(result.stdout)
    expect([error._tag, error.reason]).toEqual(["TransportError", "Timeout"])
  })

  it("get: 404 is not retried", async () => {
    server.clearRequests()
    const result = await run(["get", "batch_missing", "--provider", "openai", "--base-url", server.baseUrl, "--json"], withKey("openai"))
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).error._tag).toBe("NotFoundError")
    expect(server.requests()).toHaveLength(1)
  })

  it("bad --max-retries and --timeout-ms are wrong usage, before any request", async () => {
    server.clearRequests()
    for (const flags of [["--max-retries", "-1"], ["--max-retries", "11"], ["--max-retries", "two"], ["--timeout-ms", "0"], ["--timeout-ms", "1.5"]]) {
      const result = await list(...flags)
      expect(result.code, flags.join(" ")).toBe(2)
    }
    expect(server.requests()).toHaveLength(0)
  })
})
