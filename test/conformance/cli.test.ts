/**
 * `unibatch conform`, end to end: the built bundle is spawned as a user runs it, on the seed
 * fixtures, on mutated bodies and, with `--live`, against the testkit's fake vendors. Exit codes:
 * 0 conformant, 1 not, 2 wrong usage. No run may print the API key.
 */
import * as VendorClient from "@unibatch/core/VendorClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Recorder from "@unibatch/testkit/Recorder"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Redacted from "effect/Redacted"
import { execFileSync, spawn } from "node:child_process"
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const bundle = join(root, "packages/cli/dist/unibatch.mjs")
const fixture = (path: string) => join(root, "test/fixtures", path)
const readFixture = (path: string) => readFileSync(fixture(path), "utf8")

const secret = "sk-unibatch-SECRET-conform-42"
type Provider = FakeVendor.Provider

const keyVariable: Record<Provider, string> = {
  openai: "OPENAI_API_KEY",
  respan: "RESPAN_API_KEY",
  neosantara: "NEOSANTARA_API_KEY",
  azure: "AZURE_OPENAI_API_KEY",
  compatible: "COMPATIBLE_API_KEY",
  anthropic: "ANTHROPIC_API_KEY"
}

/** The newest modification time of any source the bundle is built from. */
const newestSource = (): number => {
  let newest = 0
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) visit(path)
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  for (const name of readdirSync(join(root, "packages"))) {
    const source = join(root, "packages", name, "src")
    if (existsSync(source)) visit(source)
  }
  return newest
}

// `pnpm test` builds the bundle first; build it here only when it is missing or stale. Other
// suites rebuild it while tests run, so the runs below use a private copy of the same bundle.
let bin = bundle
beforeAll(() => {
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
    execFileSync(process.execPath, ["scripts/build-cli.mjs"], { cwd: root, stdio: "pipe" })
  }
  const directory = mkdtempSync(join(tmpdir(), "unibatch-conform-cli-"))
  const copy = join(directory, "unibatch.mjs")
  for (let attempt = 0; ; attempt++) {
    // The bundle is its entry file and the files it loads on demand: the whole dist directory.
    cpSync(dirname(bundle), directory, { recursive: true })
    try {
      execFileSync(process.execPath, [copy, "--version"], { stdio: "pipe" })
      break
    } catch (error) {
      // Caught mid-write by another suite's build: copy again.
      if (attempt >= 5) throw error
      execFileSync(process.execPath, ["-e", "setTimeout(() => {}, 500)"])
    }
  }
  bin = copy
}, 120_000)

interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const runCommand = (command: string, args: ReadonlyArray<string>, options: { env?: Record<string, string>; input?: string } = {}) =>
  new Promise<Result>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, command, ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", ...options.env } })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      expect(stdout).not.toContain(secret)
      expect(stderr).not.toContain(secret)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.input ?? "")
  })

const run = (args: ReadonlyArray<string>, options: { env?: Record<string, string>; input?: string } = {}) => runCommand("conform", args, options)

const lines = (text: string) => text.trimEnd().split("\n")

describe.concurrent("unibatch conform: the seed examples", () => {
  it("OpenAI HTTP reference, verbatim: not JSON at line 31, column 1 (exit 1)", async () => {
    const human = await run(["--provider", "openai", "--operation", "list", fixture("openai/list-http-reference.txt")])
    expect(human.code).toBe(1)
    expect(lines(human.stdout)).toEqual([
      "error  $  not-json  body is not JSON: unexpected \"}\" at line 31, column 1",
      `not conformant, 1 error: openai list, HTTP 200, ${fixture("openai/list-http-reference.txt")}`
    ])
    const json = await run(["--provider", "openai", "--operation", "list", "--json", fixture("openai/list-http-reference.txt")])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({
      conformant: false,
      violations: [
        {
          path: "$",
          rule: "not-json",
          severity: "error",
          message: "body is not JSON: unexpected \"}\" at line 31, column 1",
          expected: "JSON",
          actual: "\"}\"",
          line: 31,
          column: 1
        }
      ]
    })
  })

  it("OpenAI Python SDK page: its ID-form and pagination deviations (exit 1)", async () => {
    const human = await run(["--provider", "openai", "--operation", "list", fixture("openai/list-python-sdk.json")])
    expect(human.code).toBe(1)
    expect(lines(human.stdout)).toEqual([
      "error  $.data[0].id  id-form              batch ID \"id\" does not have openai's form batch_<id>",
      "error  $.first_id    pagination.first-id  first_id must be the first item's id (\"id\")",
      "error  $.last_id     pagination.last-id   last_id must be the last item's id (\"id\")",
      `not conformant, 3 errors: openai list, HTTP 200, ${fixture("openai/list-python-sdk.json")}`
    ])
    const json = await run(["--provider", "openai", "--operation", "list", "--json", fixture("openai/list-python-sdk.json")])
    const report = JSON.parse(json.stdout)
    expect(report.conformant).toBe(false)
    expect(report.violations.map((violation: { path: string; rule: string }) => [violation.path, violation.rule])).toEqual([
      ["$.data[0].id", "id-form"],
      ["$.first_id", "pagination.first-id"],
      ["$.last_id", "pagination.last-id"]
    ])
  })

  for (const [provider, operation, file, status] of [
    ["openai", "list", "openai/list-http-reference-corrected.json", 200],
    ["openai", "list", "openai/list-python-sdk-corrected.json", 200],
    ["respan", "list", "respan/list.json", 200],
    ["respan", "list", "respan/list-401.json", 401],
    ["respan", "retrieve", "respan/retrieve.json", 200],
    ["respan", "retrieve", "respan/retrieve-401.json", 401],
    ["respan", "retrieve", "respan/retrieve-404.json", 404],
    ["neosantara", "list", "neosantara/list.json", 200]
  ] as const) {
    it(`${file} is conformant for ${provider} (exit 0, both output forms)`, async () => {
      const args = ["--provider", provider, "--operation", operation, "--status", String(status), fixture(file)]
      const human = await run(args)
      expect(human.code).toBe(0)
      expect(human.stdout).toBe(`conformant: ${provider} ${operation}, HTTP ${status}, ${fixture(file)}\n`)
      const json = await run(["--json", ...args])
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toEqual({ conformant: true, violations: [] })
    })
  }
})

describe.concurrent("unibatch conform: mutated bodies", () => {
  it("an OpenAI list with five broken rules", async () => {
    const result = await run(["--provider", "openai", "--operation", "list", fixture("openai/list-mutated.json")])
    expect(result.code).toBe(1)
    expect(lines(result.stdout)).toEqual([
      "error  $.data[0].status          status              status \"done\" is not one of openai's statuses",
      "error  $.data[0].created_at      type                expected an integer (unix seconds), got string \"1711471533\"",
      "error  $.data[1].output_file_id  placeholder         the {} placeholder where a string or null is documented",
      "error  $.data[1].request_counts  request-counts.sum  completed + failed (8 + 4) is more than total (10)",
      "error  $.last_id                 pagination.last-id  last_id must be the last item's id (\"batch_abc456\")",
      `not conformant, 5 errors: openai list, HTTP 200, ${fixture("openai/list-mutated.json")}`
    ])
  })

  it("a Respan batch with five broken rules, as JSON", async () => {
    const result = await run(["--provider", "respan", "--operation", "retrieve", "--json", fixture("respan/retrieve-mutated.json")])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.conformant).toBe(false)
    expect(report.violations.map((violation: { path: string; rule: string }) => [violation.path, violation.rule])).toEqual([
      ["$.id", "id-form"],
      ["$.error_file_id", "placeholder"],
      ["$.completed_at", "timestamps.order"],
      ["$.usage", "undocumented"],
      ["$.endpoint", "missing"]
    ])
    expect(report.violations[2]).toEqual({
      path: "$.completed_at",
      rule: "timestamps.order",
      severity: "error",
      message: "completed_at (1711493100) is before finalizing_at (1711493133)",
      expected: "at or after finalizing_at (1711493133)",
      actual: "1711493100"
    })
  })

  it("a Neosantara list: --allow-extra turns undocumented fields into notes", async () => {
    const strict = await run(["--provider", "neosantara", "--operation", "list", "--json", fixture("neosantara/list-mutated.json")])
    const relaxed = await run(["--provider", "neosantara", "--operation", "list", "--json", "--allow-extra", fixture("neosantara/list-mutated.json")])
    const severities = (stdout: string) =>
      JSON.parse(stdout).violations.map((violation: { path: string; rule: string; severity: string }) => `${violation.severity} ${violation.rule} ${violation.path}`)
    expect(severities(strict.stdout)).toEqual([
      "note status $.data[0].status",
      "error undocumented $.data[0].cancelling_at",
      "error id-form $.data[1].id",
      "error pagination.order $.data[1].created_at",
      "error pagination.last-id $.last_id",
      "error type $.has_more"
    ])
    expect(severities(relaxed.stdout)[1]).toBe("note undocumented $.data[0].cancelling_at")
    expect([strict.code, relaxed.code]).toEqual([1, 1])
  })

  it("--allow-extra alone can make a response conformant, with notes in the verdict", async () => {
    const body = JSON.stringify({ ...JSON.parse(readFixture("respan/retrieve.json")), model: "gpt-4o-mini" })
    const strict = await run(["--provider", "respan", "--operation", "retrieve"], { input: body })
    expect(strict.code).toBe(1)
    const relaxed = await run(["--provider", "respan", "--operation", "retrieve", "--allow-extra", "-"], { input: body })
    expect(relaxed.code).toBe(0)
    expect(lines(relaxed.stdout)).toEqual([
      "note  $.model  undocumented  \"model\" is not a field respan documents here",
      "conformant with 1 note: respan retrieve, HTTP 200, stdin"
    ])
  })

  it("--limit is checked against the page", async () => {
    const result = await run(["--provider", "respan", "--operation", "list", "--limit", "1", "--json", fixture("respan/list.json")])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).violations).toEqual([
      expect.objectContaining({ path: "$.data", rule: "pagination.limit", actual: "2 items", expected: "at most 1 items" })
    ])
  })

  it("an error status is checked against the vendor's error body for it", async () => {
    const result = await run(["--provider", "openai", "--operation", "retrieve", "--status", "404", "--json"], { input: "{\"error\": \"No such batch\"}" })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).violations).toEqual([expect.objectContaining({ path: "$.error", rule: "error-shape" })])
  })
})

describe.concurrent("unibatch conform: wrong usage exits 2", () => {
  for (const [what, args, message] of [
    ["no provider", ["--operation", "list", fixture("respan/list.json")], undefined],
    ["an unknown operation", ["--provider", "respan", "--operation", "cancels", fixture("respan/list.json")], "--operation must be list, retrieve, create, cancel, file"],
    ["an impossible status", ["--provider", "respan", "--operation", "list", "--status", "42", fixture("respan/list.json")], "--status must be an HTTP status"],
    ["a limit of 0", ["--provider", "respan", "--operation", "list", "--limit", "0", fixture("respan/list.json")], "--limit must be a positive integer"],
    ["an unreadable file", ["--provider", "respan", "--operation", "list", fixture("respan/nope.json")], "no such file"],
    ["--all without --live", ["--provider", "respan", "--operation", "list", "--all", fixture("respan/list.json")], "--all needs --live"],
    ["--live with a FILE", ["--provider", "respan", "--operation", "list", "--live", fixture("respan/list.json")], "give no FILE"],
    ["--live retrieve without --id", ["--provider", "respan", "--operation", "retrieve", "--live"], "needs --id"],
    ["--live with a bad base URL", ["--provider", "respan", "--operation", "list", "--live", "--base-url", "ftp://x"], "--base-url"],
    ["--live with a limit over 100", ["--provider", "respan", "--operation", "list", "--live", "--limit", "500"], "--limit"],
    ["--live without a key", ["--provider", "respan", "--operation", "list", "--live"], "RESPAN_API_KEY is not set"]
  ] as const) {
    it(what, async () => {
      const result = await run(args)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe("")
      if (message !== undefined) expect(result.stderr).toContain(message)
    })
  }
})

describe.concurrent("unibatch conform: the lifecycle's responses", () => {
  for (const [provider, operation, file, status] of [
    ["openai", "create", "openai/create.json", 200],
    ["openai", "cancel", "openai/cancel.json", 200],
    ["openai", "file", "openai/file.json", 200],
    ["openai", "file-list", "openai/file-list.json", 200],
    ["openai", "output-line", "openai/output.jsonl", 200],
    ["openai", "error-line", "openai/errors.jsonl", 200],
    ["respan", "create", "respan/create.json", 200],
    ["neosantara", "cancel", "neosantara/cancel.json", 200],
    ["neosantara", "file", "neosantara/file.json", 200],
    ["neosantara", "file-list", "neosantara/file-list.json", 200],
    ["neosantara", "file", "neosantara/file-410.json", 410]
  ] as const) {
    it(`${file} is conformant for ${provider} ${operation} (exit 0)`, async () => {
      const args = ["--provider", provider, "--operation", operation, "--status", String(status), fixture(file)]
      const human = await run(args)
      expect(human).toMatchObject({ code: 0, stdout: `conformant: ${provider} ${operation}, HTTP ${status}, ${fixture(file)}\n` })
      const json = await run(["--json", ...args])
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toEqual({ conformant: true, violations: [] })
    })
  }

  it("an error file checked as an output file: each bad line named (exit 1)", async () => {
    const result = await run(["--provider", "openai", "--operation", "output-line", fixture("openai/errors.jsonl")])
    expect(result.code).toBe(1)
    expect(lines(result.stdout)).toEqual([
      "error  line 1: $.response  null  null where an object with status_code, request_id, body is documented",
      "error  line 1: $.error     type  expected null, got an object",
      "error  line 2: $.response  null  null where an object with status_code, request_id, body is documented",
      "error  line 2: $.error     type  expected null, got an object",
      `not conformant, 4 errors: openai output-line, HTTP 200, ${fixture("openai/errors.jsonl")}`
    ])
  })

  it("a whole output file from stdin, one bad line (exit 1, --json)", async () => {
    const [first, second] = readFixture("openai/output.jsonl").trimEnd().split("\n")
    const bad = JSON.parse(second!)
    bad.id = "req_456"
    const result = await run(["--provider", "respan", "--operation", "output-line", "--json", "-"], { input: [first, first, JSON.stringify(bad)].join("\n") + "\n" })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).violations).toEqual([
      {
        path: "line 3: $.id",
        rule: "id-form",
        severity: "error",
        message: "result line ID \"req_456\" does not have respan's form batch_req_<id>",
        expected: "batch_req_<id>",
        actual: "\"req_456\""
      }
    ])
  })

  it("OpenAI's cancel answer is not Neosantara's (exit 1)", async () => {
    const result = await run(["--provider", "neosantara", "--operation", "cancel", "--json", fixture("openai/cancel.json")])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).violations).toContainEqual(expect.objectContaining({ path: "$.status", rule: "literal" }))
  })

  it("--limit is checked against a file list (exit 1)", async () => {
    const result = await run(["--provider", "openai", "--operation", "file-list", "--limit", "1", "--json", fixture("openai/file-list.json")])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).violations).toEqual([expect.objectContaining({ path: "$.data", rule: "pagination.limit" })])
  })

  for (const [what, args, message] of [
    ["--live create", ["--provider", "openai", "--operation", "create", "--live"], "--live checks list, retrieve, file, file-list"],
    ["--live output-line", ["--provider", "openai", "--operation", "output-line", "--live"], "save the output-line response to a file"],
    ["--live file without --id", ["--provider", "openai", "--operation", "file", "--live"], "--live --operation file needs --id ID."],
    ["--live file-list with --id", ["--provider", "openai", "--operation", "file-list", "--live", "--id", "file-1"], "--id is for --operation retrieve or file"],
    ["--live file with --all", ["--provider", "openai", "--operation", "file", "--live", "--id", "file-1", "--all"], "--all follows the pages"],
    ["--id without --live", ["--provider", "openai", "--operation", "file", "--id", "file-1", fixture("openai/file.json")], "--id needs --live"]
  ] as const) {
    it(`wrong usage: ${what} (exit 2)`, async () => {
      const result = await run(args)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe("")
      expect(result.stderr).toContain(message)
    })
  }
})

describe.concurrent("unibatch normalize: the lifecycle's responses", () => {
  it("a cancel answer is a Batch; Neosantara's partial one too (exit 0)", async () => {
    const result = await runCommand("normalize", ["--provider", "neosantara", "--operation", "cancel", fixture("neosantara/cancel.json")])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ id: "batch_abc123", status: "cancelled", nativeStatus: "canceled", createdAt: null })
  })

  it("a file and a file list (exit 0)", async () => {
    const file = await runCommand("normalize", ["--provider", "openai", "--operation", "file", fixture("openai/file-upload.json")])
    expect(file.code).toBe(0)
    expect(JSON.parse(file.stdout)).toMatchObject({ id: "file-abc123", bytes: 120000, filename: "mydata.jsonl", createdAt: "2023-02-28T18:56:42.000Z" })
    const page = await runCommand("normalize", ["--provider", "neosantara", "--operation", "file-list", fixture("neosantara/file-list.json")])
    expect(page.code).toBe(0)
    expect(JSON.parse(page.stdout)).toMatchObject({ firstId: null, lastId: null, hasMore: false, data: [{ id: "file-abc123" }, { id: "file-def456" }] })
  })

  it("a whole error file: one canonical result per line (NDJSON, exit 0)", async () => {
    const result = await runCommand("normalize", ["--provider", "openai", "--operation", "error-line", fixture("openai/errors.jsonl")])
    expect(result.code).toBe(0)
    expect(lines(result.stdout).map((line) => JSON.parse(line)).map(({ customId, outcome }) => [customId, outcome])).toEqual([
      ["request-3", "expired"],
      ["request-4", "cancelled"],
      ["request-5", "failed"]
    ])
  })

  it("a line that does not fit (exit 1)", async () => {
    const result = await runCommand("normalize", ["--provider", "openai", "--operation", "output-line", "-"], { input: "{\"custom_id\": 7}\n" })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { _tag: "DecodeError", path: "$.custom_id" } })
  })
})

describe("unibatch conform --live", () => {
  const servers: Partial<Record<Provider, FakeVendor.FakeVendorServer>> = {}
  let broken: FakeVendor.FakeVendorServer

  beforeAll(async () => {
    for (const provider of ["openai", "respan", "neosantara"] as const) {
      servers[provider] = await FakeVendor.start({ provider, count: 25, apiKey: secret, seed: 9 })
    }
    // An OpenAI-style server whose second page has a batch in an undocumented status.
    const batches = FakeVendor.generateBatches("openai", 6, 4)
    batches[4] = { ...batches[4], status: "queued", priority: "high" }
    broken = await FakeVendor.start({ provider: "openai", batches, apiKey: secret })
  })
  afterAll(async () => {
    await Promise.all([...Object.values(servers), broken].map((server) => server?.close()))
  })

  const live = (provider: Provider, args: ReadonlyArray<string>, key = secret) =>
    run(["--live", "--provider", provider, "--base-url", servers[provider]!.baseUrl, ...args], { env: { [keyVariable[provider]]: key } })

  for (const provider of ["openai", "respan", "neosantara"] as const) {
    it(`${provider}: every page of a list is conformant`, async () => {
      const result = await live(provider, ["--operation", "list", "--all", "--limit", "10"])
      expect(result.code).toBe(0)
      expect(lines(result.stdout)).toEqual([
        `page 1: conformant: ${provider} list, HTTP 200`,
        `page 2: conformant: ${provider} list, HTTP 200`,
        `page 3: conformant: ${provider} list, HTTP 200`,
        `conformant: 3 ${provider} list responses from ${servers[provider]!.baseUrl}`
      ])
      // The requests were the adapter's, with the key from the environment.
      expect(servers[provider]!.requests().at(-1)?.query).toMatchObject({ limit: "10" })
    })
  }

  it("one page, as JSON", async () => {
    const result = await live("neosantara", ["--operation", "list", "--limit", "5", "--json"])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ conformant: true, violations: [], responses: [{ page: 1, status: 200, conformant: true }] })
  })

  it("retrieve by ID", async () => {
    const id = String(servers.respan!.batches[3]!.id)
    const result = await live("respan", ["--operation", "retrieve", "--id", id])
    expect(result).toMatchObject({ code: 0, stdout: "conformant: respan retrieve, HTTP 200\n" })
  })

  it("a vendor error is checked against the documented error body", async () => {
    const result = await live("respan", ["--operation", "list", "--json"], "wrong-key")
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).responses).toEqual([{ page: 1, status: 401, conformant: true }])
  })

  it("a violation on a later page names the page", async () => {
    const result = await run(["--live", "--provider", "openai", "--base-url", broken.baseUrl, "--operation", "list", "--all", "--limit", "3", "--json"], {
      env: { OPENAI_API_KEY: secret }
    })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.conformant).toBe(false)
    expect(report.responses).toEqual([
      { page: 1, status: 200, conformant: true },
      { page: 2, status: 200, conformant: false }
    ])
    expect(report.violations.map((violation: { page: number; path: string; rule: string }) => [violation.page, violation.path, violation.rule])).toEqual([
      [2, "$.data[1].status", "status"],
      [2, "$.data[1].priority", "undocumented"]
    ])
    const human = await run(["--live", "--provider", "openai", "--base-url", broken.baseUrl, "--operation", "list", "--all", "--limit", "3"], {
      env: { OPENAI_API_KEY: secret }
    })
    expect(lines(human.stdout)).toEqual([
      "page 1: conformant: openai list, HTTP 200",
      "page 2: not conformant, 2 errors: openai list, HTTP 200",
      "  error  $.data[1].status    status        status \"queued\" is not one of openai's statuses",
      "  error  $.data[1].priority  undocumented  \"priority\" is not a field openai documents here",
      `not conformant: 1 of 2 openai list responses from ${broken.baseUrl}`
    ])
  })

  const definitions = { openai: OpenAi.definition, respan: Respan.definition, neosantara: Neosantara.definition } as const

  /** Uploads a one-line JSONL file through the core client, as a user would. */
  const upload = (provider: Provider) =>
    Effect.runPromise(
      VendorClient.make(definitions[provider as keyof typeof definitions], { apiKey: Redacted.make(secret), baseUrl: servers[provider]!.baseUrl }).pipe(
        Effect.flatMap((client) =>
          client.upload(new Blob([JSON.stringify({ custom_id: "r-1", method: "POST", url: "/v1/chat/completions", body: { model: "m" } }) + "\n"]), {
            filename: "requests.jsonl"
          })
        ),
        Effect.provide(FetchHttpClient.layer)
      )
    )

  for (const provider of ["openai", "respan", "neosantara"] as const) {
    it(`${provider}: an uploaded file and the file list are conformant`, async () => {
      const file = await upload(provider)
      const one = await live(provider, ["--operation", "file", "--id", file.id])
      expect(one).toMatchObject({ code: 0, stdout: `conformant: ${provider} file, HTTP 200\n` })
      const list = await live(provider, ["--operation", "file-list", "--limit", "5", "--json"])
      expect(JSON.parse(list.stdout)).toEqual({ conformant: true, violations: [], responses: [{ page: 1, status: 200, conformant: true }] })
      expect(list.code).toBe(0)
      const missing = await live(provider, ["--operation", "file", "--id", "file-nope404", "--json"])
      expect(JSON.parse(missing.stdout).responses).toEqual([{ page: 1, status: 404, conformant: true }])
    })
  }

  it("no response at all exits 1 with the error", async () => {
    const closed = await FakeVendor.start({ provider: "openai" })
    await closed.close()
    const result = await run(["--live", "--provider", "openai", "--base-url", closed.baseUrl, "--operation", "list"], { env: { OPENAI_API_KEY: secret } })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe("")
    expect(result.stderr).toContain("TransportError")
  })
})

describe("unibatch conform: a fixture written by Recorder.record", () => {
  let server: FakeVendor.FakeVendorServer
  let directory: string

  beforeAll(async () => {
    server = await FakeVendor.start({ provider: "respan", count: 5, apiKey: secret })
    directory = mkdtempSync(join(tmpdir(), "unibatch-recorded-"))
  })
  afterAll(() => server.close())

  const record = (name: string, options: { readonly operation: "list" | "retrieve"; readonly apiKey: string; readonly id?: string }) =>
    Recorder.record({ provider: "respan", baseUrl: server.baseUrl, file: join(directory, name), ...options }).then(() => join(directory, name))

  it("is read as {status, headers, body}: a recorded list page is conformant (exit 0)", async () => {
    const file = await record("list.json", { operation: "list", apiKey: secret })
    expect(Object.keys(JSON.parse(readFileSync(file, "utf8")))).toEqual(["status", "headers", "body"])
    const human = await run(["--provider", "respan", "--operation", "list", file])
    expect(human).toMatchObject({ code: 0, stdout: `conformant: respan list, HTTP 200, ${file}\n` })
    const json = await run(["--provider", "respan", "--operation", "list", "--json", file])
    expect(JSON.parse(json.stdout)).toEqual({ conformant: true, violations: [] })
  })

  it("a recorded retrieve is conformant (exit 0)", async () => {
    const file = await record("retrieve.json", { operation: "retrieve", apiKey: secret, id: String(server.batches[1]!.id) })
    expect(await run(["--provider", "respan", "--operation", "retrieve", file])).toMatchObject({ code: 0 })
  })

  it("a recorded error takes its status from the fixture: the 401 body is checked as a 401", async () => {
    const file = await record("list-401.json", { operation: "list", apiKey: "wrong-key" })
    const result = await run(["--provider", "respan", "--operation", "list", file])
    expect(result).toMatchObject({ code: 0, stdout: `conformant: respan list, HTTP 401, ${file}\n` })
  })

  it("from stdin too, and a body kept as text (not JSON) is reported where it breaks", async () => {
    const recording = { status: 200, headers: { "content-type": "text/html" }, body: "<html>bad gateway</html>" }
    const result = await run(["--provider", "respan", "--operation", "list", "--json", "-"], { input: JSON.stringify(recording) })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).violations.map((violation: { rule: string }) => violation.rule)).toEqual(["not-json"])
  })

  it("--status that contradicts the fixture's is wrong usage (exit 2)", async () => {
    const file = await record("list-again.json", { operation: "list", apiKey: secret })
    const result = await run(["--provider", "respan", "--operation", "list", "--status", "404", file])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`--status must be the fixture's own status (200) or left out, got "404".`)
  })

  it("a vendor body that merely has a `body` field is still a body", async () => {
    const body = JSON.stringify({ ...JSON.parse(readFixture("respan/retrieve.json")), body: "x" })
    const result = await run(["--provider", "respan", "--operation", "retrieve", "--allow-extra", "--json", "-"], { input: body })
    expect(JSON.parse(result.stdout).violations).toEqual([expect.objectContaining({ path: "$.body", rule: "undocumented" })])
  })
})
