/**
 * Issue 15 item 7, "the terminal is not the vendor's": a vendor whose IDs, statuses, messages and
 * extra fields carry escape sequences, CR/LF, C1 controls and bidi controls. Tables, summaries and
 * stderr lines show them escaped; `--json` stays exact JSON (the same values, parsed).
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build, run, withKey } from "./harness.js"
import { wireBatch } from "../support/wire.js"

const ESC = "\u001b"
const hostileId = `batch_${ESC}]0;pwned\u0007${ESC}[2J`
const hostileBatch = wireBatch(hostileId, {
  endpoint: "/v1/chat\u202Etxt.exe\u2066",
  errors: { object: "list", data: [{ code: "x", line: 1, message: `bad${ESC}[31m\r\nerror: forged`, param: null }] },
  input_file_id: "file-1\u009b31m",
  status: `completed${ESC}[8m\r`,
  created_at: 1714508499,
  metadata: { [`k${ESC}[1m`]: `v\n${ESC}[0m` },
  [`x_${ESC}[5m`]: `ext${ESC}c`
})
const hostileMessage = `No such batch${ESC}[2J${ESC}[H\r\nerror: forged line \u202Eevil\u0085`

let server: http.Server
let baseUrl = ""

beforeAll(async () => {
  build()
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost")
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json", "x-request-id": "req_\u009b2J" })
      response.end(JSON.stringify(body))
    }
    if (url.pathname === "/v1/batches") {
      if (url.searchParams.get("after") === "batch_fail") {
        return json(400, { error: { message: hostileMessage, type: `invalid${ESC}[7m`, param: null, code: null } })
      }
      return json(200, { object: "list", data: [hostileBatch], first_id: hostileId, last_id: hostileId, has_more: true })
    }
    if (url.pathname === "/v1/batches/batch_fail") {
      return json(404, { error: { message: hostileMessage, type: "invalid_request_error", param: null, code: null } })
    }
    if (url.pathname.startsWith("/v1/batches/")) return json(200, hostileBatch)
    return json(404, { error: { message: "no route" } })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
}, 60_000)

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Nothing a terminal would obey: no C0 but LF as the line end, no DEL, C1 or bidi control. */
const expectInert = (text: string) => {
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
}

const remote = (...args: Array<string>) => run([...args, "--provider", "openai", "--base-url", baseUrl, "--max-retries", "0"], withKey("openai"))

describe("vendor strings on the terminal", () => {
  it("list (table): IDs, statuses and the next-page hint are escaped", async () => {
    const result = await remote("list")
    expect(result.code).toBe(0)
    expectInert(result.stdout)
    expectInert(result.stderr)
    expect(result.stdout).toContain("\\x1b]0;pwned\\x07\\x1b[2J")
    expect(result.stdout).toContain("\\x1b[8m\\r")
    expect(result.stdout.split("\n").filter((line) => line !== "")).toHaveLength(3) // header, row, more:
  })

  it("get (summary): status, endpoint, errors, metadata and extension names are escaped", async () => {
    const result = await remote("get", "batch_ok")
    expect(result.code).toBe(0)
    expectInert(result.stdout)
    expect(result.stdout).toContain("/v1/chat\\u202etxt.exe\\u2066")
    expect(result.stdout).toContain("bad\\x1b[31m\\r\\nerror: forged")
    expect(result.stdout).toContain("file-1\\x9b31m")
    expect(result.stdout).not.toMatch(/^error: forged/m)
  })

  it("a vendor error message on stderr is one escaped line", async () => {
    const result = await remote("get", "batch_fail")
    expect(result.code).toBe(1)
    expectInert(result.stderr)
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(result.stderr).toContain("\\x1b[2J\\x1b[H\\r\\nerror: forged line \\u202eevil\\x85")
  })

  it("list --all (table) stopping on a hostile error: rows and the error line escaped", async () => {
    const result = await remote("list", "--all", "--after", "batch_fail")
    expect(result.code).toBe(1)
    expectInert(result.stdout)
    expectInert(result.stderr)
    expect(result.stderr).toContain("\\x1b[2J")
  })

  it("--json stays exact JSON: the same hostile values, parsed, and nothing a terminal obeys", async () => {
    const page = await remote("list", "--json")
    expect(page.code).toBe(0)
    expectInert(page.stdout.replaceAll("\n", ""))
    const parsed = JSON.parse(page.stdout)
    expect(parsed.data[0].nativeId).toBe(hostileId)
    expect(parsed.data[0].nativeStatus).toBe(hostileBatch.status)
    expect(parsed.data[0].endpoint).toBe(hostileBatch.endpoint)

    const all = await remote("list", "--all", "--json", "--after", "batch_fail")
    expect(all.code).toBe(1)
    expectInert(all.stdout.replaceAll("\n", ""))
    expect(JSON.parse(all.stdout.trim()).error.message).toContain("error: forged line \u202Eevil")
  })
})
