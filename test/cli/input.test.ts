/**
 * Issue 15 items 8 and 2, the CLI's part: numbers are plain decimal integers in range, an unknown
 * vendor is named, `--max-pages` bounds `--all`, and a key a header cannot carry is refused before
 * any request, without echoing it.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build, keyVariable, run, secret, withKey } from "./harness.js"

let server: FakeVendor.FakeVendorServer

beforeAll(async () => {
  build()
  server = await FakeVendor.start({ provider: "openai", count: 30 })
}, 60_000)

afterAll(() => server.close())

const list = (...flags: Array<string>) => run(["list", "--provider", "openai", "--base-url", server.baseUrl, "--json", ...flags], withKey("openai"))

describe("numbers on the command line", () => {
  it.each(["1e2", "0x10", " 5", "5 ", "010", "+5", "5.0", "0b1", "Infinity", "1_0"])("--limit %j is refused, naming the value, no request", async (value) => {
    server.clearRequests()
    const result = await list("--limit", value)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--limit must be`)
    expect(result.stderr).toContain(JSON.stringify(value))
    expect(server.requests()).toHaveLength(0)
  })

  it("--limit 5 (plain) is taken", async () => {
    const result = await list("--limit", "5")
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).data).toHaveLength(5)
  })

  it.each(["2147483648", "99999999999", "0", "-1", "1e9"])("--timeout-ms %s is refused (above the timer's maximum or not positive)", async (value) => {
    server.clearRequests()
    const result = await list("--timeout-ms", value)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--timeout-ms must be an integer of milliseconds from 1 to 2147483647`)
    expect(result.stderr).toContain(JSON.stringify(value))
    expect(server.requests()).toHaveLength(0)
  })

  it("--timeout-ms 2147483647 (the maximum) is taken", async () => {
    const result = await list("--timeout-ms", "2147483647", "--limit", "1")
    expect(result.code).toBe(0)
  })

  it.each(["11", "-1", "1.5", "1e1", "02"])("--max-retries %s is refused", async (value) => {
    server.clearRequests()
    const result = await list("--max-retries", value)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--max-retries must be an integer from 0 to 10, got ${JSON.stringify(value)}`)
    expect(server.requests()).toHaveLength(0)
  })

  it("--provider nope names the value and the known vendors", async () => {
    const result = await run(["list", "--provider", "nope"], withKey("openai"))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--provider must be one of openai, respan, neosantara, azure, compatible, anthropic, got "nope"`)
  })
})

describe("--max-pages", () => {
  it("list --all --max-pages 2 --limit 10: 20 batches from 2 requests", async () => {
    server.clearRequests()
    const result = await list("--all", "--limit", "10", "--max-pages", "2")
    expect(result.code).toBe(0)
    expect(result.stdout.trim().split("\n")).toHaveLength(20)
    expect(server.requests()).toHaveLength(2)
  })

  it.each(["0", "-1", "1.5", "x"])("--max-pages %s is refused", async (value) => {
    const result = await list("--all", "--max-pages", value)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--max-pages must be a positive integer (pages), got ${JSON.stringify(value)}`)
  })

  it("--max-pages without --all is wrong usage", async () => {
    server.clearRequests()
    const result = await list("--max-pages", "2")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--max-pages is for --all")
    expect(server.requests()).toHaveLength(0)
  })

  it("conform --live --all --max-pages 2 --limit 10: 2 pages checked, 2 requests", async () => {
    server.clearRequests()
    const result = await run(
      ["conform", "--provider", "openai", "--operation", "list", "--live", "--all", "--limit", "10", "--max-pages", "2", "--base-url", server.baseUrl, "--json"],
      withKey("openai")
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).responses).toHaveLength(2)
    expect(server.requests()).toHaveLength(2)
  })

  it("conform --max-pages without --live --all is wrong usage", async () => {
    const result = await run(["conform", "--provider", "openai", "--operation", "list", "--max-pages", "2", "-"], { input: "{}" })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--max-pages needs --live")
  })
})

describe("a key a header cannot carry", () => {
  const hostileKeys: ReadonlyArray<readonly [string, string]> = [
    ["CR LF and a header", `${secret}\r\nX-Injected: yes`],
    ["LF inside", `${secret}\nmore`],
    ["ESC", `${secret}\u001b[2J`],
    ["beyond Latin-1", `${secret}\u2028x`],
    ["DEL", `${secret}\u007f`]
  ]

  it.each(hostileKeys)("%s: exit 2 before any request, the key not echoed (list, get, conform --live)", async (_, key) => {
    server.clearRequests()
    const env = { env: { [keyVariable.openai]: key } }
    const results = [
      await run(["list", "--provider", "openai", "--base-url", server.baseUrl], env),
      await run(["list", "--provider", "openai", "--base-url", server.baseUrl, "--json", "--all"], env),
      await run(["get", "--provider", "openai", "--base-url", server.baseUrl, "batch_abc"], env),
      await run(["conform", "--provider", "openai", "--operation", "list", "--live", "--base-url", server.baseUrl], env)
    ]
    for (const result of results) {
      expect(result.code).toBe(2)
      expect(result.stderr).toContain("OPENAI_API_KEY holds a character an HTTP header cannot carry")
      for (const part of key.split(/[^\w-]+/).filter((part) => part.length >= 3)) {
        expect(result.stdout + result.stderr).not.toContain(part)
      }
    }
    expect(server.requests()).toHaveLength(0)
  })

  it("a key with a trailing newline (from a file) is still taken", async () => {
    const result = await run(["list", "--provider", "openai", "--base-url", server.baseUrl, "--json", "--limit", "1"], withKey("openai", `${secret}\n`))
    expect(result.code).toBe(0)
  })
})
