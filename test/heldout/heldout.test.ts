/**
 * Held-out vendors: an independent fake server (./server.ts, written from the vendors' docs, no
 * test kit code) with one quirk switched on at a time, driven through the BUILT `unibatch` bundle
 * (`submit --wait`, `wait`, `cancel`, `results --json`, `files ...`) and the Promise API. For
 * each quirk the test says what a user expects: the job works and every result is whole, or a
 * clear typed error naming the problem (exit 1).
 */
import { BatchResult } from "@unibatch/core/BatchResult"
import * as Schema from "effect/Schema"
import { createClient, type BatchRequest, UnibatchApiError } from "unibatch"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { build, spawnBin } from "../cli/harness.js"
import * as HeldOut from "./server.js"

beforeAll(build, 60_000)

const vendors: ReadonlyArray<HeldOut.Vendor> = ["openai", "respan", "neosantara"]
const endpoint = "/v1/chat/completions"
const directory = mkdtempSync(join(tmpdir(), "unibatch-heldout-"))
let fileCount = 0

const servers: Array<HeldOut.HeldOutServer> = []
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()))
})

const serve = async (vendor: HeldOut.Vendor, quirks: HeldOut.Quirks = {}) => {
  const server = await HeldOut.start(vendor, quirks)
  servers.push(server)
  return server
}

/** Runs the bundle against a held-out server; the key never shows up in its output. */
const cli = async (server: HeldOut.HeldOutServer, args: ReadonlyArray<string>, input?: string) => {
  const result = await spawnBin([...args, "--provider", server.vendor, "--base-url", server.baseUrl], {
    env: HeldOut.keyEnv(server.vendor, server.apiKey),
    ...(input === undefined ? {} : { input })
  })
  expect(result.stdout).not.toContain(server.apiKey)
  expect(result.stderr).not.toContain(server.apiKey)
  return result
}

const customIds = ["ok-1", "fail-2", "ok-3 ünï", "boom-4", "expire-5", "ok-6"]

const request = (customId: string): BatchRequest => ({
  customId,
  body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `say ${customId} ✓` }] }
})

const requestsFile = (ids: ReadonlyArray<string> = customIds, prefix = "", eol = "\n"): string => {
  const path = join(directory, `requests-${fileCount++}.jsonl`)
  const lines = ids.map((customId) => JSON.stringify({ custom_id: customId, method: "POST", url: endpoint, body: request(customId).body }))
  writeFileSync(path, prefix + lines.join(eol) + eol)
  return path
}

const ndjson = (text: string): Array<any> => text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line))

/** What each planted customId ends as. */
const expectedOutcome = (customId: string, batchStatus: string): string => {
  if (batchStatus === "expired" && customId.includes("expire")) return "expired"
  if (customId.includes("fail") || customId.includes("boom")) return "failed"
  return "succeeded"
}

/** Every result whole: each customId once, its planted outcome, a body on successes, an error on failures. */
const checkResults = (results: ReadonlyArray<any>, batchId: string, batchStatus: string, quirks: HeldOut.Quirks = {}) => {
  expect(results.map((result) => result.customId).sort()).toEqual([...customIds].sort())
  for (const result of results) {
    // Each line is a canonical BatchResult.
    expect(Schema.is(BatchResult)(result), JSON.stringify(result)).toBe(true)
    expect(result.batchId).toBe(batchId)
    expect(result.outcome, result.customId).toBe(expectedOutcome(result.customId, batchStatus))
    if (result.outcome === "succeeded") {
      expect(result.statusCode).toBe(200)
      expect(result.error).toBeNull()
      expect(result.body).toMatchObject({ object: "chat.completion" })
      expect(result.body.choices[0].message.content).toBe(`answer to ${result.customId}: ünïcødé ✓ 日本語`)
    }
    if (result.customId.startsWith("fail")) {
      expect(result.statusCode).toBe(400)
      expect(result.error).toEqual({ code: "invalid_value", message: `bad request ${result.customId}` })
    }
    if (result.customId.startsWith("boom")) {
      expect(result.statusCode).toBeNull()
      expect(result.error).toEqual(
        quirks.lines?.errorAsString
          ? { code: null, message: `the model crashed on ${result.customId}` }
          : { code: "server_error", message: `the model crashed on ${result.customId}` }
      )
    }
    if (result.outcome === "expired") expect(result.error?.code).toBe("batch_expired")
  }
}

/** A whole job through the CLI: `submit --wait --json`, then `results --json`. */
const cliJob = async (server: HeldOut.HeldOutServer, path = requestsFile()) => {
  const submitted = await cli(server, ["submit", path, "--endpoint", endpoint, "--wait", "--json"])
  const batch = submitted.stdout === "" ? undefined : JSON.parse(submitted.stdout)
  if (batch === undefined) return { submitted, batch, results: undefined }
  const results = await cli(server, ["results", batch.id, "--json"])
  return { submitted, batch, results }
}

/** A whole job through the Promise API. */
const promiseJob = async (server: HeldOut.HeldOutServer, options: { maxRetries?: number } = {}) => {
  const client = createClient({ provider: server.vendor, apiKey: server.apiKey, baseUrl: server.baseUrl, ...options })
  try {
    const submitted = await client.submit(customIds.map(request), { endpoint })
    const progress: Array<string> = []
    const final = await client.wait(submitted.id, { onProgress: (batch) => void progress.push(batch.status) })
    const results: Array<unknown> = []
    for await (const result of client.results(final.id)) results.push(result)
    return { submitted, final, progress, results }
  } finally {
    await client.close()
  }
}

/** Quirks with which the whole job must work, results whole, on every vendor. */
const working: ReadonlyArray<readonly [string, HeldOut.Quirks]> = [
  ["as documented", {}],
  ["timestamps as floats", { floatTimestamps: true }],
  ["unset fields left out", { unset: "missing" }],
  ["unset fields as {}", { unset: "placeholder" }],
  ["usage absent", { usage: false }],
  ["unknown fields everywhere", { extraFields: true, lines: { extraFields: true } }],
  ["statuses in upper case", { statusCase: "upper" }],
  ["statuses as In-Progress", { statusCase: "kebabTitle" }],
  ["result lines shuffled", { lines: { shuffle: true } }],
  ["CRLF line ends", { crlf: true }],
  ["no newline after the last line", { noTrailingNewline: true }],
  ["a BOM at the file start", { bom: true }],
  ["BOM, CRLF and no trailing newline together", { bom: true, crlf: true, noTrailingNewline: true }],
  ["content gzip'd (content-encoding)", { gzip: true }],
  ["content as application/octet-stream", { octetStream: true }],
  ["content in 5-byte chunks", { tinyChunks: true }],
  ["an empty error file", { emptyErrorFile: true }],
  ["429 retry-after on every 2nd poll", { rateLimitEvery: 2 }],
  ["uploads with purpose first only", { multipartOrder: "purposeFirst" }],
  ["redirects on every GET", { redirectGets: true }],
  ["error bodies as HTML", { errorBody: "html" }],
  ["JSON answered as text/plain", { jsonContentType: "text/plain; charset=utf-8" }],
  ["response.body as a JSON string", { lines: { bodyAsString: true } }],
  ["error as a plain string", { lines: { errorAsString: true } }]
]

describe.each(vendors)("%s", (vendor) => {
  describe.concurrent("the whole job works", () => {
    it.each(working)("CLI: %s", async (_, quirks) => {
      const server = await serve(vendor, quirks)
      const { batch, results, submitted } = await cliJob(server)
      expect(submitted.code, submitted.stderr).toBe(0)
      expect(batch.status).toBe("completed")
      expect(results!.code, results!.stderr).toBe(0)
      checkResults(ndjson(results!.stdout), batch.id, batch.status, quirks)
    })

    it.each(working)("Promise API: %s", async (_, quirks) => {
      const server = await serve(vendor, quirks)
      const { final, results } = await promiseJob(server)
      expect(final.status).toBe("completed")
      checkResults(results, final.id, final.status, quirks)
    })
  })
})

/** The lines of stderr that say what went wrong. */
const errorLines = (stderr: string) => stderr.split("\n").filter((line) => line.startsWith("error:"))

describe.each(vendors)("%s: ends other than completed", (vendor) => {
  describe.concurrent("", () => {
    it("expired with partial output: submit --wait exits 1 naming the status; results has every request", async () => {
      const server = await serve(vendor, { endAs: "expired" })
      const { batch, results, submitted } = await cliJob(server)
      expect(submitted.code).toBe(1)
      expect(batch.status).toBe("expired")
      expect(submitted.stderr).toMatch(/ended expired/)
      expect(results!.code, results!.stderr).toBe(0)
      checkResults(ndjson(results!.stdout), batch.id, "expired")
    })

    it("cancel: cancelling, then wait follows it to cancelled; results: half ran, the rest cancelled", async () => {
      const server = await serve(vendor, { stepMs: 5_000, cancelMs: 600 })
      const submitted = await cli(server, ["submit", requestsFile(), "--endpoint", endpoint, "--json"])
      expect(submitted.code, submitted.stderr).toBe(0)
      const { id } = JSON.parse(submitted.stdout)
      const cancelled = await cli(server, ["cancel", id, "--json"])
      expect(cancelled.code, cancelled.stderr).toBe(0)
      expect(JSON.parse(cancelled.stdout)).toMatchObject({ id, status: "cancelling" })
      const waited = await cli(server, ["wait", id, "--json"])
      expect(waited.code).toBe(1)
      expect(JSON.parse(waited.stdout)).toMatchObject({ id, status: "cancelled" })
      const results = await cli(server, ["results", id, "--json"])
      expect(results.code, results.stderr).toBe(0)
      const all = ndjson(results.stdout)
      expect(all.map((result) => result.customId).sort()).toEqual([...customIds].sort())
      const cancelledIds = all.filter((result) => result.outcome === "cancelled").map((result) => result.customId)
      expect(cancelledIds.sort()).toEqual(customIds.slice(3).sort())
      for (const result of all.filter((result) => result.outcome === "cancelled")) expect(result.error.code).toBe("batch_cancelled")
    })

    it("cancel answered by a partial object (id, status, counts): decodes on any vendor", async () => {
      const server = await serve(vendor, { stepMs: 5_000, cancelAnswer: "partial", statusCase: "upper" })
      const submitted = await cli(server, ["submit", requestsFile(), "--endpoint", endpoint, "--json"])
      const { id } = JSON.parse(submitted.stdout)
      const cancelled = await cli(server, ["cancel", id, "--json"])
      expect(cancelled.code, cancelled.stderr).toBe(0)
      expect(JSON.parse(cancelled.stdout)).toMatchObject({ id, status: "cancelling", nativeStatus: "CANCELLING" })
    })

    it("Promise API: cancel then wait with progress sees cancelling and cancelled", async () => {
      const server = await serve(vendor, { stepMs: 5_000, cancelMs: 400 })
      const client = createClient({ provider: vendor, apiKey: server.apiKey, baseUrl: server.baseUrl })
      try {
        const batch = await client.submit(customIds.map(request), { endpoint })
        const cancelled = await client.cancel(batch.id)
        expect(cancelled.status).toBe("cancelling")
        const seen: Array<string> = []
        const final = await client.wait(batch.id, { onProgress: (changed) => void seen.push(changed.status) })
        expect(final.status).toBe("cancelled")
        expect(seen.at(-1)).toBe("cancelled")
        const outcomes = new Map<string, string>()
        for await (const result of client.results(batch.id)) outcomes.set(result.customId, result.outcome)
        expect([...outcomes.keys()].sort()).toEqual([...customIds].sort())
      } finally {
        await client.close()
      }
    })
  })
})

describe.each(vendors)("%s: failures a user sees clearly", (vendor) => {
  describe.concurrent("", () => {
    it("the error file is gone (404): the output's results are printed, then a NotFoundError naming the file, exit 1", async () => {
      const server = await serve(vendor, { errorFileMissing: true })
      const { batch, results, submitted } = await cliJob(server)
      expect(submitted.code, submitted.stderr).toBe(0)
      expect(results!.code).toBe(1)
      const printed = ndjson(results!.stdout)
      expect(printed.map((result) => result.customId).sort()).toEqual(customIds.filter((id) => !/fail|boom/.test(id)).sort())
      const [line] = errorLines(results!.stderr)
      expect(line).toMatch(/^error: NotFoundError \(404\)/)
      expect(line).toContain(batch.errorFileId)
    })

    it("the output file is gone (404): NotFoundError naming the file, exit 1", async () => {
      const server = await serve(vendor, { outputFileMissing: true })
      const { batch, results } = await cliJob(server)
      expect(results!.code).toBe(1)
      const [line] = errorLines(results!.stderr)
      expect(line).toMatch(/^error: NotFoundError \(404\)/)
      expect(line).toContain(batch.outputFileId)
    })

    for (const how of ["length", "chunked"] as const) {
      it(`file content cut off mid-body (${how}): a TransportError, exit 1, never a silent partial result`, async () => {
        const server = await serve(vendor, { truncateContent: how })
        const { results } = await cliJob(server)
        expect(results!.code).toBe(1)
        expect(errorLines(results!.stderr)[0]).toMatch(/^error: TransportError/)
      })
    }

    it("an unknown batch behind an HTML error page: NotFoundError with a short excerpt, exit 1", async () => {
      const server = await serve(vendor, { errorBody: "html" })
      const id = vendor === "neosantara" ? "batch-nope" : "batch_nope"
      for (const command of [["wait", id], ["results", id, "--json"], ["cancel", id]]) {
        const output = await cli(server, command)
        expect(output.code, command.join(" ")).toBe(1)
        expect(errorLines(output.stderr)[0]).toMatch(/^error: NotFoundError \(404\)/)
      }
    })

    it("timestamps as ISO strings: a DecodeError naming $.created_at, exit 1", async () => {
      const server = await serve(vendor, { isoTimestamps: true })
      const submitted = await cli(server, ["submit", requestsFile(), "--endpoint", endpoint])
      expect(submitted.code).toBe(1)
      expect(errorLines(submitted.stderr)[0]).toMatch(/^error: DecodeError .*created_at/)
    })

    it("a server that wants the file part before purpose: its 400 as an InvalidRequestError, exit 1", async () => {
      const server = await serve(vendor, { multipartOrder: "fileFirst" })
      const submitted = await cli(server, ["submit", requestsFile(), "--endpoint", endpoint])
      expect(submitted.code).toBe(1)
      expect(errorLines(submitted.stderr)[0]).toMatch(/^error: InvalidRequestError \(400\).*file must come before purpose/)
    })
  })
})

describe.each(vendors)("%s: uploads", (vendor) => {
  describe.concurrent("", () => {
    it("files upload sends a content-length (no chunked body)", async () => {
      const server = await serve(vendor, { rejectChunked: true })
      const uploaded = await cli(server, ["files", "upload", requestsFile(), "--json"])
      expect(uploaded.code, uploaded.stderr).toBe(0)
      expect(server.uploads.map((upload) => upload.chunked)).toEqual([false])
    })

    it("a 500 on the first upload of files upload is retried", async () => {
      const server = await serve(vendor, { failFirstUpload: true })
      const uploaded = await cli(server, ["files", "upload", requestsFile(), "--json"])
      expect(uploaded.code, uploaded.stderr).toBe(0)
      expect(server.uploads.map((upload) => upload.status)).toEqual([500, 200])
    })

    // `submit` gathers up to 16 MiB of requests before uploading: such a file goes up with a
    // content-length and is retried like any request.
    it("submit: a 500 on the first upload is retried, and the job completes", async () => {
      const server = await serve(vendor, { failFirstUpload: true })
      const { batch, results, submitted } = await cliJob(server)
      expect(submitted.code, submitted.stderr).toBe(0)
      checkResults(ndjson(results!.stdout), batch.id, batch.status)
      expect(server.uploads.map((upload) => upload.status)).toEqual([500, 200])
    })

    it("Promise API submit (an array): a 500 on the first upload is retried", async () => {
      const server = await serve(vendor, { failFirstUpload: true })
      await promiseJob(server)
      expect(server.uploads.map((upload) => upload.status)).toEqual([500, 200])
    })

    it("submit to a server that refuses chunked uploads: sent with a content-length, the job completes", async () => {
      const server = await serve(vendor, { rejectChunked: true })
      const { batch, results, submitted } = await cliJob(server)
      expect(submitted.code, submitted.stderr).toBe(0)
      checkResults(ndjson(results!.stdout), batch.id, batch.status)
      expect(server.uploads.map((upload) => upload.chunked)).toEqual([false])
    })

    it("submit reads a requests file saved with a BOM and CRLF line ends (Windows editors)", async () => {
      const server = await serve(vendor)
      const { batch, results, submitted } = await cliJob(server, requestsFile(customIds, "\uFEFF", "\r\n"))
      expect(submitted.code, submitted.stderr).toBe(0)
      checkResults(ndjson(results!.stdout), batch.id, batch.status)
    })
  })
})

describe.each(vendors)("%s: files", (vendor) => {
  const fileQuirks: ReadonlyArray<readonly [string, HeldOut.Quirks]> = [
    ["as documented", {}],
    ["floats, unset left out, unknown fields", { floatTimestamps: true, unset: "missing", extraFields: true }],
    ["unset as {}", { unset: "placeholder" }],
    ["list without first_id / last_id", { fileListCursors: false }],
    ["list without has_more", { fileListHasMore: false }],
    ["redirected GETs, gzip'd content", { redirectGets: true, gzip: true }],
    ["base64 file ids with = padding", { base64FileIds: true }]
  ]
  describe.concurrent("", () => {
    it.each(fileQuirks)("CLI files upload | get | list | content: %s", async (_, quirks) => {
      const server = await serve(vendor, quirks)
      const path = requestsFile(["a-1", "a-2"])
      const uploaded = await cli(server, ["files", "upload", path, "--json"])
      expect(uploaded.code, uploaded.stderr).toBe(0)
      const file = JSON.parse(uploaded.stdout)
      expect(file).toMatchObject({ provider: vendor, purpose: "batch", bytes: expect.any(Number), createdAt: expect.any(String) })
      const got = await cli(server, ["files", "get", file.id, "--json"])
      expect(got.code, got.stderr).toBe(0)
      expect(JSON.parse(got.stdout)).toEqual(file)
      const listed = await cli(server, ["files", "list", "--json"])
      expect(listed.code, listed.stderr).toBe(0)
      expect(ndjson(listed.stdout).map((entry) => entry.id)).toEqual([file.id])
      const content = await cli(server, ["files", "content", file.id])
      expect(content.code, content.stderr).toBe(0)
      expect(content.stdout).toBe((await import("node:fs")).readFileSync(path, "utf8"))
    })

    it.each(fileQuirks)("Promise files.upload | retrieve | list | content: %s", async (_, quirks) => {
      const server = await serve(vendor, quirks)
      const path = requestsFile(["b-1"])
      const client = createClient({ provider: vendor, apiKey: server.apiKey, baseUrl: server.baseUrl })
      try {
        const file = await client.files.upload(path)
        expect(await client.files.retrieve(file.id)).toEqual(file)
        const listed: Array<string> = []
        for await (const entry of client.files.list()) listed.push(entry.id)
        expect(listed).toEqual([file.id])
        const chunks: Array<Uint8Array> = []
        for await (const chunk of client.files.content(file.id)) chunks.push(chunk)
        expect(Buffer.concat(chunks).toString("utf8")).toBe((await import("node:fs")).readFileSync(path, "utf8"))
      } catch (error) {
        if (error instanceof UnibatchApiError) throw new Error(`${error.name}: ${error.message}`)
        throw error
      } finally {
        await client.close()
      }
    })
  })
})

describe.each(vendors)("%s: waiting", (vendor) => {
  describe.concurrent("", () => {
    it("a batch that failed validation: submit --wait exits 1 naming the status; results: none, exit 0", async () => {
      const server = await serve(vendor, { endAs: "failed" })
      const submitted = await cli(server, ["submit", requestsFile(), "--endpoint", endpoint, "--wait", "--json"])
      expect(submitted.code).toBe(1)
      const batch = JSON.parse(submitted.stdout)
      expect(batch).toMatchObject({ status: "failed", outputFileId: null, errorFileId: null })
      expect(batch.errors[0]).toMatchObject({ code: "invalid_request", line: 1 })
      expect(submitted.stderr).toMatch(/ended failed/)
      const results = await cli(server, ["results", batch.id, "--json"])
      expect(results.code, results.stderr).toBe(0)
      expect(results.stdout).toBe("")
    })

    it("a vendor answering 429 to every poll: wait --timeout-ms still gives up on time, exit 1", async () => {
      const server = await serve(vendor, { rateLimitEvery: 1, stepMs: 60_000 })
      const submitted = await cli(server, ["submit", requestsFile(), "--endpoint", endpoint, "--json"])
      const { id } = JSON.parse(submitted.stdout)
      const started = Date.now()
      const waited = await cli(server, ["wait", id, "--timeout-ms", "2500"])
      expect(waited.code).toBe(1)
      expect(Date.now() - started).toBeLessThan(8_000)
      expect(waited.stderr).toContain(`gave up waiting for ${id} after 2500 ms`)
    })

    it("Promise API wait with timeoutMs against a vendor answering 429 to every poll: a typed rejection on time", async () => {
      const server = await serve(vendor, { rateLimitEvery: 1, stepMs: 60_000 })
      const client = createClient({ provider: vendor, apiKey: server.apiKey, baseUrl: server.baseUrl })
      try {
        const batch = await client.submit(customIds.map(request), { endpoint })
        const started = Date.now()
        const error = await client.wait(batch.id, { timeoutMs: 2_500 }).then(() => undefined, (error: unknown) => error)
        expect(error).toBeInstanceOf(UnibatchApiError)
        expect(Date.now() - started).toBeLessThan(8_000)
      } finally {
        await client.close()
      }
    })
  })
})
