/**
 * Issue 15, "Tests": a fuzz test that drives the CLI (the built bundle) and the Promise API against
 * a hostile vendor whose mode fast-check picks (seeded): sizes, depths, encodings, redirects,
 * cursors, statuses, cut and hung bodies. Every run asserts the documented exit code (0 or 1; never
 * a crash trace), no key in any output or error, a bounded number of requests, no raw escape byte on
 * the terminal, no credential at the other origin, and for the Promise API a rejection with one of
 * the documented error classes. One run per API sends an endless body and bounds time and memory.
 */
import * as fc from "fast-check"
import { createClient, UnibatchApiError } from "unibatch"
import { inspect } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build, spawnBin } from "../cli/harness.js"
import { ESC, type Hostile, type Mode, openAiShaped, start } from "./server.js"

const key = "sk-hostile-FUZZ-KEY-7f3a9c"
const keyVariable = { openai: "OPENAI_API_KEY", respan: "RESPAN_API_KEY", neosantara: "NEOSANTARA_API_KEY" } as const
type Provider = keyof typeof keyVariable
const seed = 20261202
const maxRequests = 50
/** Characters a terminal acts on, from test/cli/terminal.test.ts. */
const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
/** An uncaught error dump: stack frames or a bare `TypeError: ...` line from Node. */
const crash = /^ {4}at |^\w*Error: |node:internal|Uncaught/m

const modeArbitrary: fc.Arbitrary<Mode> = fc.oneof(
  fc.record({ kind: fc.constant("huge" as const), mib: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("deep" as const), depth: fc.constantFrom(100_000, 200_000, 5_000) }),
  fc.record({ kind: fc.constant("gzip" as const) }),
  fc.record({ kind: fc.constant("garbage" as const), bytes: fc.integer({ min: 1, max: 100_000 }), seed: fc.integer() }),
  fc.record({ kind: fc.constant("html" as const), status: fc.constantFrom(200, 400, 502, 503) }),
  fc.record({ kind: fc.constant("escapes" as const), status: fc.constantFrom(200, 400, 404, 500) }),
  fc.record({ kind: fc.constant("redirectAway" as const), status: fc.constantFrom(301, 302, 303, 307, 308) }),
  fc.record({ kind: fc.constant("redirectLoop" as const), status: fc.constantFrom(302, 307) }),
  fc.record({ kind: fc.constant("cycle" as const) }),
  fc.record({ kind: fc.constant("lastId" as const) }),
  fc.record({ kind: fc.constant("tooMany" as const) }),
  fc.record({ kind: fc.constant("serverError" as const), status: fc.constantFrom(500, 502, 503, 504) }),
  fc.record({ kind: fc.constant("notModified" as const) }),
  fc.record({ kind: fc.constant("cut" as const) }),
  fc.record({ kind: fc.constant("hung" as const) })
)

type Command = "list" | "listAll" | "get"

const caseArbitrary = fc.record({
  mode: modeArbitrary,
  command: fc.constantFrom<Command>("list", "listAll", "get"),
  provider: fc.constantFrom<Provider>("openai", "respan", "neosantara"),
  json: fc.boolean(),
  maxRetries: fc.integer({ min: 0, max: 2 })
}).map((run) => ({ ...run, provider: openAiShaped.has(run.mode.kind) ? ("openai" as const) : run.provider }))

type Case = typeof caseArbitrary extends fc.Arbitrary<infer A> ? A : never

/** One fixed run per mode (fast-check runs them first), so every mode is covered whatever the seed. */
const everyMode: ReadonlyArray<Mode> = [
  { kind: "huge", mib: 3 },
  { kind: "deep", depth: 100_000 },
  { kind: "gzip" },
  { kind: "garbage", bytes: 4096, seed: 7 },
  { kind: "html", status: 502 },
  { kind: "escapes", status: 200 },
  { kind: "escapes", status: 404 },
  { kind: "redirectAway", status: 307 },
  { kind: "redirectLoop", status: 302 },
  { kind: "cycle" },
  { kind: "lastId" },
  { kind: "tooMany" },
  { kind: "serverError", status: 500 },
  { kind: "notModified" },
  { kind: "cut" },
  { kind: "hung" }
]
const commandFor: Partial<Record<Mode["kind"], Command>> = { cycle: "listAll", lastId: "listAll", redirectAway: "get" }
const examples: Array<[Case]> = everyMode.map((mode, index) => [{
  mode,
  command: commandFor[mode.kind] ?? (["list", "listAll", "get"] as const)[index % 3] ?? "list",
  // Neosantara's `x-api-key` is the header v0.1 leaked across origins.
  provider: openAiShaped.has(mode.kind) ? "openai" : mode.kind === "redirectAway" ? "neosantara" : (["openai", "respan", "neosantara"] as const)[index % 3] ?? "openai",
  json: index % 2 === 0,
  maxRetries: 1
}])

/**
 * Whether the case should succeed (exit 0), else fail with a typed error (exit 1). A gzip'd body
 * may be decoded (`fetch` sends `accept-encoding: gzip`, so it was asked for) or refused with a
 * typed error; either way never garbage.
 */
const succeeds = ({ mode, command }: Case): boolean | "either" => {
  switch (mode.kind) {
    case "huge":
      return true
    case "gzip":
      return "either"
    case "escapes":
      return mode.status === 200
    case "cycle":
    case "lastId":
      return command !== "listAll"
    default:
      return false
  }
}

/** A short timeout ends the hung response; the other modes get room, so a loaded machine does not turn a success into a timeout. */
const timeoutFor = (mode: Mode) => (mode.kind === "hung" ? 400 : 15_000)

const baseUrlFor = (hostile: Hostile, provider: Provider) =>
  provider === "openai" ? hostile.baseUrl : hostile.baseUrl.replace(/\/v1$/, "/api")

let hostile: Hostile

/** Figures per API: runs per mode, the most requests one run made, the slowest run. */
const figures = (api: string) => {
  const modes: Record<string, number> = {}
  let maxSeen = 0
  let slowest = 0
  return {
    record: (kind: string, requests: number, ms: number) => {
      modes[kind] = (modes[kind] ?? 0) + 1
      maxSeen = Math.max(maxSeen, requests)
      slowest = Math.max(slowest, ms)
    },
    kinds: () => Object.keys(modes).length,
    report: () => console.info(`${api}: ${JSON.stringify(modes)}; most requests in one run ${maxSeen}; slowest run ${slowest} ms`)
  }
}

/** Whatever happened, no credential reached the other origin. */
const assertAwayKeyless = () => {
  for (const request of hostile.away) {
    expect(JSON.stringify(request.headers)).not.toContain(key)
    // A cross-origin redirect is followed without any credential header (v0.1 kept `x-api-key`).
    for (const name of ["authorization", "x-api-key", "api-key", "cookie"]) expect(request.headers).not.toHaveProperty(name)
  }
}

beforeAll(async () => {
  build()
  hostile = await start()
})

afterAll(async () => {
  await hostile?.close()
})

describe("fuzz: the CLI against a hostile vendor", () => {
  it("exits 0 or 1 as documented, no crash, no key, bounded requests, no raw escapes (16 fixed + 14 seeded runs)", async () => {
    const stats = figures("CLI")
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (run) => {
        hostile.reset(run.mode)
        const started = Date.now()
        const args = run.command === "get" ? ["get", "batch_abc"] : ["list", ...(run.command === "listAll" ? ["--all"] : [])]
        const result = await spawnBin(
          [...args, "--provider", run.provider, "--base-url", baseUrlFor(hostile, run.provider), "--max-retries", String(run.maxRetries), "--timeout-ms", String(timeoutFor(run.mode)), ...(run.json ? ["--json"] : [])],
          { env: { [keyVariable[run.provider]]: key } }
        )
        const context = JSON.stringify({ run, code: result.code, stderr: result.stderr.slice(0, 2000) })
        const expected = succeeds(run)
        if (expected === "either") expect([0, 1], context).toContain(result.code)
        else expect(result.code, context).toBe(expected ? 0 : 1)
        expect(result.stdout, context).not.toContain(key)
        expect(result.stderr, context).not.toContain(key)
        expect(result.stderr, context).not.toMatch(crash)
        // A failure says so (on stderr, or as the error JSON on stdout with --json).
        if (result.code !== 0) expect((result.stderr + result.stdout).trim().length, context).toBeGreaterThan(0)
        if (run.mode.kind === "gzip" && result.code === 0) expect(result.stdout, context).toContain(run.command === "get" ? "batch_abc" : "batch_gz")
        // Raw escape bytes never reach the terminal; with --json they are JSON-escaped.
        expect(result.stdout.includes(ESC) || result.stderr.includes(ESC), context).toBe(false)
        if (!run.json) {
          expect(result.stdout.replaceAll("\n", ""), context).not.toMatch(unsafe)
          expect(result.stderr.replaceAll("\n", ""), context).not.toMatch(unsafe)
        }
        expect(hostile.requests.length, context).toBeLessThanOrEqual(maxRequests)
        assertAwayKeyless()
        stats.record(run.mode.kind, hostile.requests.length + hostile.away.length, Date.now() - started)
      }),
      { seed, numRuns: examples.length + 14, examples, endOnFailure: true }
    )
    stats.report()
    expect(stats.kinds()).toBe(new Set(everyMode.map((mode) => mode.kind)).size)
  }, 60_000)

  it("an endless body ends within the time limit with exit 1 (the listing process is bounded)", async () => {
    hostile.reset({ kind: "endless" })
    const started = Date.now()
    const result = await spawnBin(
      ["list", "--all", "--provider", "openai", "--base-url", hostile.baseUrl, "--max-retries", "0", "--timeout-ms", "20000"],
      { env: { OPENAI_API_KEY: key } }
    )
    const elapsed = Date.now() - started
    expect(result.code, result.stderr).toBe(1)
    expect(result.stderr).not.toMatch(crash)
    expect(result.stderr + result.stdout).not.toContain(key)
    expect(hostile.requests.length).toBe(1)
    expect(elapsed).toBeLessThan(20_000)
    console.info(`CLI endless body: exit ${result.code} after ${elapsed} ms, 1 request; ${result.stderr.trim().slice(0, 200)}`)
  }, 30_000)
})

describe("fuzz: the Promise API against a hostile vendor", () => {
  const assertTyped = (error: unknown, context: string) => {
    expect(error, context).toBeInstanceOf(UnibatchApiError)
    expect(error, context).not.toBeInstanceOf(TypeError)
    const texts = [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? "", (error as Error).message]
    for (const text of texts) expect(text, context).not.toContain(key)
  }

  it("resolves or rejects with a documented error class, no key, bounded requests (16 fixed + 14 seeded runs)", async () => {
    const stats = figures("Promise API")
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (run) => {
        hostile.reset(run.mode)
        const started = Date.now()
        const client = createClient({ provider: run.provider, apiKey: key, baseUrl: baseUrlFor(hostile, run.provider), maxRetries: run.maxRetries, timeoutMs: timeoutFor(run.mode) })
        const context = JSON.stringify(run)
        let outcome: { ok: true; value: unknown } | { ok: false; error: unknown }
        try {
          const value = run.command === "get"
            ? await client.retrieve("batch_abc")
            : run.command === "list"
            ? await client.list()
            : await (async () => {
              const all: Array<unknown> = []
              for await (const batch of client.listAll({ maxPages: 20 })) all.push(batch)
              return all
            })()
          outcome = { ok: true, value }
        } catch (error) {
          outcome = { ok: false, error }
        } finally {
          await client.close()
        }
        if (outcome.ok) {
          expect(succeeds(run), `${context} resolved`).not.toBe(false)
          if (run.mode.kind === "gzip") expect(JSON.stringify(outcome.value), context).toContain(run.command === "get" ? "batch_abc" : "batch_gz")
          expect(JSON.stringify(outcome.value)).not.toContain(key)
        } else {
          assertTyped(outcome.error, context)
          expect(succeeds(run), `${context} rejected with ${String(outcome.error).slice(0, 500)}`).not.toBe(true)
        }
        expect(hostile.requests.length, context).toBeLessThanOrEqual(maxRequests)
        assertAwayKeyless()
        stats.record(run.mode.kind, hostile.requests.length + hostile.away.length, Date.now() - started)
      }),
      { seed: seed + 1, numRuns: examples.length + 14, examples, endOnFailure: true }
    )
    stats.report()
    expect(stats.kinds()).toBe(new Set(everyMode.map((mode) => mode.kind)).size)
  }, 60_000)

  it("an endless body rejects with a typed error and rss grows by less than 256 MiB", async () => {
    hostile.reset({ kind: "endless" })
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    const client = createClient({ provider: "openai", apiKey: key, baseUrl: hostile.baseUrl, maxRetries: 0, timeoutMs: 20_000 })
    const started = Date.now()
    let error: unknown
    try {
      await client.list()
    } catch (caught) {
      error = caught
    } finally {
      clearInterval(sampler)
      await client.close()
    }
    peak = Math.max(peak, process.memoryUsage().rss)
    assertTyped(error, "endless")
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(hostile.requests.length).toBe(1)
    expect(peak - before).toBeLessThan(256 * 1024 * 1024)
    console.info(`Promise endless body: ${(error as Error).name} after ${Date.now() - started} ms, rss growth ${Math.round((peak - before) / 2 ** 20)} MiB; ${String((error as Error).message).slice(0, 200)}`)
  }, 30_000)
})
