/**
 * Issue 15 item 5, "no lost output": the built `unibatch` writing to a real pipe whose reader is
 * slow. Every line arrives, the error line last, the process exits only once its output is out,
 * and a slow reader does not make it hold the whole listing in memory.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bin, build, keyVariable, secret } from "./harness.js"

let server: FakeVendor.FakeVendorServer

/** Runs the bundle with stdout and stderr non-blocking, so that a full pipe is EAGAIN. */
const nonBlockingWrapper = fileURLToPath(new URL("./nonblocking-stdout.mjs", import.meta.url))

beforeAll(async () => {
  build()
  server = await FakeVendor.start({ provider: "openai", count: 5000 })
}, 60_000)

afterAll(() => server.close())

interface SlowResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly peakRssKb: number
}

/**
 * Runs the bundle under `/usr/bin/time` (for its peak RSS) with stdout a pipe that is not read for
 * `startAfterMs`, then read one chunk every few milliseconds.
 */
const runSlow = (args: ReadonlyArray<string>, options: { readonly nonBlocking?: boolean; readonly startAfterMs?: number } = {}) =>
  new Promise<SlowResult>((resolve, reject) => {
    const startAfterMs = options.startAfterMs ?? 1500
    const command = options.nonBlocking === true ? [nonBlockingWrapper, bin] : [bin]
    const child = spawn("/usr/bin/time", ["-f", "PEAK_RSS_KB %M", process.execPath, ...command, ...args], {
      env: { PATH: process.env.PATH ?? "", [keyVariable.openai]: secret }
    })
    const chunks: Array<Buffer> = []
    let stderr = ""
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    // A 'data' listener from the start (Node discards what an unread pipe holds once the child
    // exits), paused at once: nothing is read for `startAfterMs`, then a chunk every 2 ms.
    child.stdout.on("data", (chunk: Buffer) => {
      chunks.push(chunk)
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), 2)
    })
    child.stdout.pause()
    setTimeout(() => child.stdout.resume(), startAfterMs)
    child.on("error", reject)
    // The result once the process has exited and its stdout has been read to the end.
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
    const ended = new Promise<void>((done) => child.stdout.on("end", () => done()))
    const stderrEnded = new Promise<void>((done) => child.stderr.on("end", () => done()))
    Promise.all([exited, ended, stderrEnded]).then(([code]) => {
      const peak = /PEAK_RSS_KB (\d+)\s*$/.exec(stderr)
      resolve({
        code,
        stdout: Buffer.concat(chunks).toString("utf8"),
        stderr: stderr.replace(/PEAK_RSS_KB \d+\s*$/, "").replace(/Command exited with non-zero status \d+\n/, ""),
        peakRssKb: peak === null ? NaN : Number(peak[1])
      })
    })
  })

const listAll = (...flags: Array<string>) =>
  ["list", "--provider", "openai", "--base-url", server.baseUrl, "--all", "--json", "--max-retries", "0", ...flags]

describe("no lost output over a slow pipe", () => {
  it("list --all --json: all 5000 lines arrive, memory stays bounded", async () => {
    const result = await runSlow(listAll())
    const lines = result.stdout.split("\n").filter((line) => line !== "")
    console.log(`list --all --json, slow reader: ${lines.length} lines, peak RSS ${(result.peakRssKb / 1024).toFixed(0)} MiB`)
    expect(result.code).toBe(0)
    expect(lines).toHaveLength(5000)
    for (const line of lines) JSON.parse(line)
    // The listing is 4 MB of NDJSON; Node plus the program is ~90 MB. Holding every page twice over
    // would show; a bound well under that catches an unbounded buffer without being flaky.
    expect(result.peakRssKb).toBeLessThan(160 * 1024)
    expect(result.stdout + result.stderr).not.toContain(secret)
  }, 60_000)

  it("list --all --json failing on page 31: 3000 lines, then the error line, exit 1", async () => {
    server.inject({ route: "list", skip: 30, status: 400, times: 1 })
    const result = await runSlow(listAll())
    const lines = result.stdout.split("\n").filter((line) => line !== "")
    console.log(`list --all --json, error on page 31, slow reader: ${lines.length} lines`)
    expect(result.code).toBe(1)
    expect(lines).toHaveLength(3001)
    expect(JSON.parse(lines[3000]!).error._tag).toBe("InvalidRequestError")
  }, 60_000)

  it("a 5 MB vendor error arrives as one whole JSON value, exit 1", async () => {
    const message = "x".repeat(5 * 1024 * 1024)
    server.inject({ route: "list", status: 400, times: 1, body: JSON.stringify({ error: { message, type: "invalid_request_error", code: null } }) })
    const result = await runSlow(["list", "--provider", "openai", "--base-url", server.baseUrl, "--json", "--max-retries", "0"])
    console.log(`error JSON, slow reader: ${result.stdout.length} bytes`)
    expect(result.code).toBe(1)
    const { error } = JSON.parse(result.stdout)
    expect(error._tag).toBe("InvalidRequestError")
  }, 60_000)

  it("get --json of a batch with a 5 MB field: one whole JSON value over a slow pipe, exit 0", async () => {
    const big: Record<string, unknown> = { ...server.batches[0]!, x_blob: "y".repeat(5 * 1024 * 1024) }
    const bigServer = await FakeVendor.start({ provider: "openai", batches: [big] })
    try {
      const result = await runSlow(["get", "--provider", "openai", "--base-url", bigServer.baseUrl, "--json", "--max-retries", "0", String(big.id)])
      console.log(`get --json with a 5 MB field, slow reader: ${result.stdout.length} bytes`)
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout).extensions.x_blob).toHaveLength(5 * 1024 * 1024)
    } finally {
      await bigServer.close()
    }
  }, 60_000)

  it.each([false, true])("non-blocking stdout %s: list --all --json failing on page 31 loses nothing, memory bounded", async (nonBlocking) => {
    server.inject({ route: "list", skip: 30, status: 400, times: 1 })
    const result = await runSlow(listAll(), { nonBlocking })
    const lines = result.stdout.split("\n").filter((line) => line !== "")
    console.log(`non-blocking ${nonBlocking}, error on page 31: ${lines.length} lines, peak RSS ${(result.peakRssKb / 1024).toFixed(0)} MiB`)
    expect(result.code).toBe(1)
    expect(lines).toHaveLength(3001)
    expect(JSON.parse(lines[3000]!).error._tag).toBe("InvalidRequestError")
    expect(result.peakRssKb).toBeLessThan(160 * 1024)
  }, 60_000)

  it("non-blocking stdout: get --json of a 5 MB batch arrives whole, exit 0", async () => {
    const big: Record<string, unknown> = { ...server.batches[0]!, x_blob: "y".repeat(5 * 1024 * 1024) }
    const bigServer = await FakeVendor.start({ provider: "openai", batches: [big] })
    try {
      const result = await runSlow(["get", "--provider", "openai", "--base-url", bigServer.baseUrl, "--json", "--max-retries", "0", String(big.id)], { nonBlocking: true })
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout).extensions.x_blob).toHaveLength(5 * 1024 * 1024)
    } finally {
      await bigServer.close()
    }
  }, 60_000)

  it("the table's error line arrives last on stderr after a slow stdout, exit 1", async () => {
    server.inject({ route: "list", skip: 10, status: 400, times: 1 })
    const result = await runSlow(["list", "--provider", "openai", "--base-url", server.baseUrl, "--all", "--max-retries", "0"])
    const lines = result.stdout.split("\n").filter((line) => line !== "")
    expect(result.code).toBe(1)
    expect(lines).toHaveLength(1001) // the header and 1000 rows
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^error: InvalidRequestError \(400\) from openai/)
  }, 60_000)
})
