/**
 * `unibatch submit | wait | results | cancel | files`, end to end: the BUILT bundle spawned as a
 * user runs it, against the test kit's fake vendors (batches that end within a few hundred
 * milliseconds, failures planted by customId). Every run also checks that the API key never shows
 * up in stdout or stderr (harness.run).
 *
 * Usage errors: what the command line gives against the vendor's documented limits (an endpoint
 * it does not serve, a completion window it does not offer, metadata past its limits) is wrong
 * usage, exit 2, before any request, like a `--limit` past the vendor's largest page; what the
 * vendor or the requests file says is a failure, exit 1.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build, type Provider, providers, run, withKey } from "./harness.js"

beforeAll(build, 60_000)

const directory = mkdtempSync(join(tmpdir(), "unibatch-lifecycle-"))
let files = 0

/**
 * A JSONL file of requests: vendor-shaped (`custom_id`) and canonical (`customId`) lines mixed, as
 * `submit` takes them; with `vendorShaped`, every line as the vendor takes it (for `files upload`,
 * which sends the file as it is).
 */
const requestsFile = (customIds: ReadonlyArray<string>, extra = "", vendorShaped = false): string => {
  const path = join(directory, `requests-${files++}.jsonl`)
  const lines = customIds.map((customId, index) => {
    const body = { model: "gpt-4o-mini", messages: [{ role: "user", content: `question ${index}` }] }
    return JSON.stringify(vendorShaped || index % 2 === 0 ? { custom_id: customId, method: "POST", url: "/v1/chat/completions", body } : { customId, body })
  })
  writeFileSync(path, lines.join("\n") + "\n" + extra)
  return path
}

const endpoint = "/v1/chat/completions"

/** Starts a fake vendor whose batches end `batchDurationMs` after their creation. */
const startFake = (provider: Provider, batchDurationMs: number) =>
  FakeVendor.start({ provider, count: 0, batchDurationMs } as FakeVendor.Options & { readonly batchDurationMs: number })

describe.each(providers)("%s", (provider) => {
  let quick: FakeVendor.FakeVendorServer
  let slow: FakeVendor.FakeVendorServer
  // A cancel is `cancelling` for a quarter of the duration: a second here.
  let cancellable: FakeVendor.FakeVendorServer
  beforeAll(async () => {
    quick = await startFake(provider, 200)
    slow = await startFake(provider, 600_000)
    cancellable = await startFake(provider, 4_000)
  })
  afterAll(async () => {
    await quick?.close()
    await slow?.close()
    await cancellable?.close()
  })

  const live = (server: FakeVendor.FakeVendorServer, args: ReadonlyArray<string>, input?: string) =>
    run([...args, "--provider", provider, "--base-url", server.baseUrl], { ...withKey(provider), ...(input === undefined ? {} : { input }) })

  it("submit --wait: progress on stderr, the final batch on stdout, exit 0 when completed", async () => {
    const result = await live(quick, ["submit", requestsFile(["a-1", "a-2", "a-3"]), "--endpoint", endpoint, "--wait", "--json"])
    expect(result.stderr).toMatch(/submitted batch_/)
    expect(result.code, result.stderr).toBe(0)
    const batch = JSON.parse(result.stdout)
    expect(batch).toMatchObject({ provider, status: "completed", endpoint })
    expect(batch.requestCounts.total).toBe(3)
    // Piped stderr: one line per change, never a carriage return.
    expect(result.stderr).not.toContain("\r")
    expect(result.stderr).toMatch(/completed/)
  })

  it("submit from stdin, then wait and results --json: each customId once, with its planted outcome", async () => {
    const input = [
      JSON.stringify({ customId: "ok-1", body: { model: "gpt-4o-mini", messages: [] } }),
      JSON.stringify({ custom_id: "will-fail-2", method: "POST", url: endpoint, body: { model: "gpt-4o-mini", messages: [] } }),
      JSON.stringify({ customId: "will-expire-3", body: { model: "gpt-4o-mini", messages: [] } }),
      JSON.stringify({ customId: "ok-4", body: { model: "gpt-4o-mini", messages: [] } })
    ].join("\n")
    const submitted = await live(quick, ["submit", "-", "--endpoint", endpoint, "--metadata", "job=nightly", "--json"], input)
    expect(submitted.code, submitted.stderr).toBe(0)
    const batch = JSON.parse(submitted.stdout)
    expect(batch.id).toMatch(/^batch_/)
    expect(batch.metadata).toMatchObject({ job: "nightly" })

    const waited = await live(quick, ["wait", batch.id, "--json"])
    expect(JSON.parse(waited.stdout).id).toBe(batch.id)
    const final = JSON.parse(waited.stdout)
    expect(["completed", "expired"]).toContain(final.status)
    expect(waited.code).toBe(final.status === "completed" ? 0 : 1)

    const results = await live(quick, ["results", batch.id, "--json"])
    expect(results.code, results.stderr).toBe(0)
    const lines = results.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    const outcomes = Object.fromEntries(lines.map((line) => [line.customId, line.outcome]))
    expect(lines).toHaveLength(4)
    expect(outcomes).toEqual({ "ok-1": "succeeded", "will-fail-2": "failed", "will-expire-3": "expired", "ok-4": "succeeded" })
    for (const line of lines) expect(line).toMatchObject({ provider, batchId: batch.id })
    const failed = lines.find((line) => line.customId === "will-fail-2")
    expect(failed.error).not.toBeNull()

    const summary = await live(quick, ["results", batch.id])
    expect(summary.code).toBe(0)
    expect(summary.stdout).toMatch(/^succeeded\s+2$/m)
    expect(summary.stdout).toMatch(/^failed\s+1$/m)
    expect(summary.stdout).toMatch(/^expired\s+1$/m)
    expect(summary.stdout).toContain("will-fail-2")
  })

  it("a bad line in the requests file: exit 1, the line number named", async () => {
    const result = await live(quick, ["submit", requestsFile(["b-1", "b-2"], "{\"customId\": \"b-3\"}\n"), "--endpoint", endpoint])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/line 3: body is missing/)
    const notJson = await live(quick, ["submit", requestsFile(["c-1"], "{oops\n"), "--endpoint", endpoint])
    expect(notJson.code).toBe(1)
    expect(notJson.stderr).toMatch(/line 2: not JSON/)
    const duplicate = await live(quick, ["submit", requestsFile(["same", "same"]), "--endpoint", endpoint])
    expect(duplicate.code).toBe(1)
    expect(duplicate.stderr).toMatch(/^error: InvalidRequestError from .*same/m)
  })

  it("cancel: the batch as the vendor answers, then wait follows it to cancelled (exit 1)", async () => {
    const submitted = await live(cancellable, ["submit", requestsFile(["d-1", "d-2"]), "--endpoint", endpoint, "--json"])
    expect(submitted.code, submitted.stderr).toBe(0)
    const { id } = JSON.parse(submitted.stdout)
    const cancelled = await live(cancellable, ["cancel", id, "--json"])
    expect(cancelled.code, cancelled.stderr).toBe(0)
    expect(["cancelling", "cancelled"]).toContain(JSON.parse(cancelled.stdout).status)
    const waited = await live(cancellable, ["wait", id, "--timeout-ms", "20000"])
    expect(waited.code).toBe(1)
    expect(waited.stdout).toMatch(/^status:\s+cancelled/m)
    expect(waited.stderr).toMatch(/ended cancelled/)
    const results = await live(cancellable, ["results", id, "--json"])
    expect(results.code, results.stderr).toBe(0)
    const outcomes = results.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(outcomes.map((result) => result.customId).sort()).toEqual(["d-1", "d-2"])
    for (const result of outcomes) expect(["succeeded", "cancelled"]).toContain(result.outcome)
  })

  it("cancel prints the batch for people", async () => {
    const submitted = await live(slow, ["submit", requestsFile(["g-1"]), "--endpoint", endpoint, "--json"])
    const { id } = JSON.parse(submitted.stdout)
    const human = await live(slow, ["cancel", id])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toMatch(new RegExp(`^id:\\s+${id}$`, "m"))
    // Neosantara answers a partial object, "canceled": shown as "cancelled (canceled)".
    expect(human.stdout).toMatch(/^status:\s+(cancelling|cancelled \(canceled\))$/m)
  })

  it("wait --timeout-ms: gives up with a clear message, exit 1", async () => {
    const submitted = await live(slow, ["submit", requestsFile(["e-1"]), "--endpoint", endpoint, "--json"])
    const { id } = JSON.parse(submitted.stdout)
    const started = Date.now()
    const waited = await live(slow, ["wait", id, "--timeout-ms", "300"])
    expect(waited.code).toBe(1)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(waited.stderr).toContain(`error: gave up waiting for ${id} after 300 ms (--timeout-ms)`)
    const withWait = await live(slow, ["submit", requestsFile(["e-2"]), "--endpoint", endpoint, "--wait", "--timeout-ms", "300"])
    expect(withWait.code).toBe(1)
    expect(withWait.stderr).toContain("gave up waiting")
  })

  it("results of a batch that has not ended: the reason on stderr, nothing on stdout, exit 1", async () => {
    const submitted = await live(slow, ["submit", requestsFile(["r-1"]), "--endpoint", endpoint, "--json"])
    const { id } = JSON.parse(submitted.stdout)
    for (const json of [[], ["--json"]]) {
      const output = await live(slow, ["results", id, ...json])
      expect(output.code).toBe(1)
      expect(output.stdout).toBe("")
      expect(output.stderr).toMatch(/validating|in_progress/)
    }
  })

  it("files upload | get | list | content", async () => {
    const path = requestsFile(["f-1", "f-2"], "", true)
    const uploaded = await live(quick, ["files", "upload", path, "--json"])
    expect(uploaded.code, uploaded.stderr).toBe(0)
    const file = JSON.parse(uploaded.stdout)
    expect(file).toMatchObject({ provider, filename: path.split("/").pop() })
    expect(file.id).toEqual(expect.any(String))

    const got = await live(quick, ["files", "get", file.id, "--json"])
    expect(got.code, got.stderr).toBe(0)
    expect(JSON.parse(got.stdout)).toMatchObject({ id: file.id })
    const human = await live(quick, ["files", "get", file.id])
    expect(human.stdout).toMatch(new RegExp(`^id:\\s+${file.id}$`, "m"))

    const listed = await live(quick, ["files", "list", "--json"])
    expect(listed.code, listed.stderr).toBe(0)
    const ids = listed.stdout.trimEnd().split("\n").map((line) => JSON.parse(line).id)
    expect(ids).toContain(file.id)
    const one = await live(quick, ["files", "list", "--limit", "1", "--json"])
    expect(one.stdout.trimEnd().split("\n")).toHaveLength(1)
    const table = await live(quick, ["files", "list"])
    expect(table.stdout).toMatch(/^ID\s+BYTES/m)

    const content = await live(quick, ["files", "content", file.id])
    expect(content.code, content.stderr).toBe(0)
    const { readFileSync } = await import("node:fs")
    expect(content.stdout).toBe(readFileSync(path, "utf8"))
  })

  it("malformed result lines: the good results printed, then the error on stderr, exit 1", async () => {
    const submitted = await live(quick, ["submit", requestsFile(["m-1", "m-2"]), "--endpoint", endpoint, "--wait", "--json"])
    expect(submitted.code, submitted.stderr).toBe(0)
    const batch = JSON.parse(submitted.stdout)
    expect(batch.errorFileId).toBeNull() // one file to read: the output file
    const output = await live(quick, ["files", "content", batch.outputFileId])
    expect(output.stdout.trimEnd().split("\n")).toHaveLength(2)

    quick.inject({ route: "content", status: 200, body: output.stdout + "{not json\n" })
    const json = await live(quick, ["results", batch.id, "--json"])
    expect(json.code).toBe(1)
    expect(json.stdout.trimEnd().split("\n").map((line) => JSON.parse(line).customId).sort()).toEqual(["m-1", "m-2"])
    expect(json.stderr).toMatch(/^error: DecodeError .*line 3/m)

    quick.inject({ route: "content", status: 200, body: output.stdout + "{not json\n" })
    const summary = await live(quick, ["results", batch.id])
    expect(summary.code).toBe(1)
    expect(summary.stdout).toMatch(/^succeeded\s+2$/m)
    expect(summary.stderr).toMatch(/^error: DecodeError/m)

    quick.inject({ route: "content", status: 200, body: "{not json\n" + output.stdout })
    const strict = await live(quick, ["results", batch.id, "--json", "--strict"])
    expect(strict.code).toBe(1)
    expect(strict.stdout).toBe("")
    expect(strict.stderr).toMatch(/^error: DecodeError .*line 1/m)
  })

  it("a vendor error: one line on stderr, exit 1", async () => {
    const result = await live(quick, ["files", "get", "file-doesnotexist"])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^error: NotFoundError \(404\) from /m)
    const json = await live(quick, ["cancel", "batch_doesnotexist", "--json"])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout).error).toMatchObject({ _tag: "NotFoundError", status: 404 })
  })
})

describe("usage errors: exit 2, nothing sent, the option, the value and what is allowed", () => {
  const file = requestsFile(["u-1"])
  const submit = (...args: ReadonlyArray<string>) =>
    run(["submit", file, "--provider", "openai", "--base-url", "http://127.0.0.1:9/v1", ...args], withKey("openai"))

  it.each([
    [["--endpoint", endpoint, "--metadata", "nokey"], 'error: --metadata must be key=value (a non-empty key, then =), got "nokey".'],
    [["--endpoint", endpoint, "--metadata", "=v"], 'error: --metadata must be key=value (a non-empty key, then =), got "=v".'],
    [["--endpoint", endpoint, "--metadata", "a=1", "--metadata", "a=2"], 'error: --metadata must be a key not given before ("a" is given twice), got "a=2".'],
    [["--endpoint", endpoint, "--metadata", `${"k".repeat(65)}=v`], "a key of at most 64 characters (this one has 65)"],
    [["--endpoint", endpoint, "--metadata", `k=${"v".repeat(513)}`], "a value of at most 512 characters (this one has 513)"],
    [[], "error: unibatch submit needs --endpoint E"],
    [["--endpoint", "/v1/images/generations"], 'error: --endpoint must be one of /v1/responses, /v1/chat/completions, /v1/embeddings, /v1/completions or /v1/moderations (openai\'s batch endpoints), got "/v1/images/generations".'],
    [["--endpoint", endpoint, "--completion-window", "7d"], 'error: --completion-window must be 24h (what openai offers), got "7d".'],
    [["--endpoint", endpoint, "--timeout-ms", "100"], "error: --timeout-ms is for --wait"]
  ])("submit %j", async (args, message) => {
    const result = await submit(...args)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr).toContain(message)
  })

  it("17 metadata pairs on openai (at most 16)", async () => {
    const pairs = Array.from({ length: 17 }, (_, index) => ["--metadata", `k${index}=v`]).flat()
    const result = await submit("--endpoint", endpoint, ...pairs)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("error: --metadata was given 17 times: openai takes at most 16 pairs.")
  })

  it("an endpoint another vendor serves but this one does not", async () => {
    const result = await run(["submit", file, "--provider", "respan", "--base-url", "http://127.0.0.1:9/api/v1", "--endpoint", "/v1/embeddings"], withKey("respan"))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('error: --endpoint must be /v1/chat/completions (respan\'s batch endpoints), got "/v1/embeddings".')
  })

  it.each([
    [["submit", "no-such-file.jsonl", "--provider", "openai", "--endpoint", endpoint], 'error: FILE: cannot read "no-such-file.jsonl": no such file.'],
    [["files", "upload", "no-such-file.jsonl", "--provider", "openai"], 'error: FILE: cannot read "no-such-file.jsonl": no such file.'],
    [["wait", "batch_a/b", "--provider", "openai"], 'error: ID: Invalid batch ID "batch_a/b"'],
    [["cancel", "file-abc", "--provider", "openai"], 'error: ID: Invalid batch ID "file-abc"'],
    [["wait", "batch_abc", "--provider", "openai", "--timeout-ms", "0"], 'error: --timeout-ms must be an integer of milliseconds from 1 to 2147483647'],
    [["files"], "error: unibatch files needs a subcommand: upload, get, list or content"],
    [["files", "download", "x"], 'error: unknown command "download"'],
    [["files", "list", "--provider", "openai", "--limit", "0"], 'error: --limit must be a positive integer, got "0".'],
    [["serve", "--provider", "openai", "--batch-duration-ms", "-1"], 'error: --batch-duration-ms must be an integer of milliseconds from 0 to 2147483647, got "-1".']
  ])("%j", async (args, message) => {
    const result = await run(args, withKey("openai"))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })
})

describe("help", () => {
  it.each([[["submit"]], [["wait"]], [["results"]], [["cancel"]], [["files"]], [["files", "upload"]], [["files", "get"]], [["files", "list"]], [["files", "content"]]])(
    "unibatch %j --help: short, plain, fits a terminal",
    async (path) => {
      const result = await run([...path, "--help"])
      expect(result.code).toBe(0)
      const lines = result.stdout.trimEnd().split("\n")
      expect(lines.length).toBeLessThanOrEqual(30)
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80)
      expect(result.stdout).not.toContain("\u001b")
    }
  )

  it("submit --help shows the repeatable --metadata as optional", async () => {
    const { stdout } = await run(["submit", "--help"])
    expect(stdout).toContain("usage: unibatch submit --provider P [options] FILE|-")
    expect(stdout).toContain("--endpoint E")
    expect(stdout).toContain("--metadata K=V")
  })
})

describe("wait on a terminal", () => {
  let server: FakeVendor.FakeVendorServer
  beforeAll(async () => {
    server = await startFake("openai", 1_500)
  })
  afterAll(() => server?.close())

  it("one live line, rewritten with a carriage return, no escape codes", async () => {
    // `script` runs the command on a pseudo-terminal and copies what it printed. It is spawned
    // asynchronously: the fake server runs in this process and must keep answering meanwhile.
    const { spawn, spawnSync } = await import("node:child_process")
    if (spawnSync("script", ["--version"], { encoding: "utf8" }).status !== 0) return
    const { bin, root } = await import("./harness.js")
    const submitted = await run(
      ["submit", requestsFile(["t-1", "t-2"]), "--provider", "openai", "--base-url", server.baseUrl, "--endpoint", endpoint, "--json"],
      withKey("openai")
    )
    const { id } = JSON.parse(submitted.stdout)
    const command = [process.execPath, bin, "wait", id, "--provider", "openai", "--base-url", server.baseUrl, "--timeout-ms", "20000"]
      .map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ")
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", OPENAI_API_KEY: "sk-terminal", TERM: "xterm-256color" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
    const timer = setTimeout(() => child.kill(), 30_000)
    await new Promise((resolve) => child.on("close", resolve))
    clearTimeout(timer)
    expect(output).toMatch(/\r(?!\n)batch_/) // a line rewritten in place
    expect(output).toMatch(/\nid:\s+batch_/) // the live line ended before the final batch
    expect(output).toMatch(/completed/)
    expect(output).not.toContain("\u001b")
    expect(output).not.toContain("sk-terminal")
  }, 40_000)
})
