/**
 * The `unibatch` command, end to end: the BUILT bundle is spawned as a user would run it, against
 * the seed fixtures and the testkit's fake vendors. Every run also checks that the API key never
 * shows up in stdout or stderr.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { spawn, spawnSync } from "node:child_process"
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { createServer, type RequestListener } from "node:http"
import type { AddressInfo } from "node:net"
import { dirname, join, resolve } from "node:path"
import { createInterface } from "node:readline"
import { bin, build, canonicalId, fixture, keyVariable, type Provider, providers, readFixture, root, run, secret, spawnBin, withKey } from "./harness.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

beforeAll(build, 60_000)

// Each run is its own process reading its own input: these can overlap.
describe.concurrent("unibatch normalize", () => {
  it("openai list page from a file", async () => {
    const result = await run(["normalize", "--provider", "openai", "--operation", "list", fixture("openai/list-http-reference-corrected.json")])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('\n  "data": [') // 2-space indented
    const page = JSON.parse(result.stdout)
    expect(page.firstId).toBe("batch_abc123")
    expect(page.lastId).toBe("batch_abc456")
    expect(page.hasMore).toBe(true)
    expect(page.data[0]).toMatchObject({
      provider: "openai",
      id: "batch_abc123",
      nativeId: "batch_abc123",
      status: "completed",
      nativeStatus: "completed",
      inputFileId: "file-abc123",
      outputFileId: "file-cvaTdG",
      createdAt: "2024-03-26T16:45:33.000Z",
      completedAt: "2024-03-26T22:46:03.000Z",
      failedAt: null,
      requestCounts: { total: 100, completed: 95, failed: 5 },
      metadata: { customer_id: "user_123456789", batch_description: "Nightly job" },
      usage: null,
      extensions: {}
    })
  })

  it("openai list page from stdin (the Python SDK example: usage flattened)", async () => {
    const result = await run(["normalize", "--provider", "openai", "--operation", "list"], { input: readFixture("openai/list-python-sdk.json") })
    expect(result.code).toBe(0)
    const [batch] = JSON.parse(result.stdout).data
    expect(batch).toMatchObject({
      id: "id",
      model: "model",
      createdAt: "1970-01-01T00:00:00.000Z",
      usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, totalTokens: 0 },
      errors: [{ code: "code", message: "message", line: 0, param: "param" }],
      metadata: { foo: "string" }
    })
  })

  it("openai retrieve from stdin with '-'", async () => {
    const body = JSON.stringify(JSON.parse(readFixture("openai/list-http-reference-corrected.json")).data[1])
    const result = await run(["normalize", "--provider", "openai", "--operation", "retrieve", "-"], { input: body })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ id: "batch_abc456", status: "in_progress", finalizingAt: null })
  })

  it("the OpenAI HTTP reference example (trailing commas, `{ ... }`) does not fit: DecodeError, exit 1", async () => {
    const result = await run(["normalize", "--provider", "openai", "--operation", "list", fixture("openai/list-http-reference.txt")])
    expect(result.code).toBe(1)
    const { error } = JSON.parse(result.stdout)
    expect(error).toMatchObject({ _tag: "DecodeError", provider: "openai", operation: "list" })
    expect(error.message).toMatch(/not JSON/)
  })

  it("respan list page and retrieve, from a file and stdin", async () => {
    const list = await run(["normalize", "--provider", "respan", "--operation", "list", fixture("respan/list.json")])
    expect(list.code).toBe(0)
    const page = JSON.parse(list.stdout)
    expect(page.data.map((batch: { id: string }) => batch.id)).toEqual(["batch_abc123", "batch_def456"])
    expect(page.data[1]).toMatchObject({
      provider: "respan",
      status: "in_progress",
      createdAt: "2024-03-26T17:46:03.000Z",
      completedAt: null,
      inputFileId: null,
      requestCounts: { total: 50, completed: 23, failed: 0 }
    })
    const retrieve = await run(["normalize", "--provider", "respan", "--operation", "retrieve"], { input: readFixture("respan/retrieve.json") })
    expect(retrieve.code).toBe(0)
    expect(JSON.parse(retrieve.stdout)).toMatchObject({
      id: "batch_abc123",
      outputFileId: "file-xyz789",
      errorFileId: null,
      metadata: { description: "Customer analysis batch" }
    })
  })

  it("a non-2xx body is the canonical error, exit 0", async () => {
    const unauthorized = await run(["normalize", "--provider", "respan", "--operation", "list", "--status", "401", fixture("respan/list-401.json")])
    expect(unauthorized.code).toBe(0)
    expect(JSON.parse(unauthorized.stdout)).toEqual({
      error: {
        _tag: "AuthenticationError",
        provider: "respan",
        operation: "list",
        status: 401,
        message: "Authentication credentials were not provided.",
        requestId: null,
        type: null,
        code: null
      }
    })
    const notFound = await run(["normalize", "--provider", "respan", "--operation", "retrieve", "--status", "404"], { input: readFixture("respan/retrieve-404.json") })
    expect(notFound.code).toBe(0)
    expect(JSON.parse(notFound.stdout).error).toMatchObject({
      _tag: "NotFoundError",
      status: 404,
      message: "No such batch: batch_abc123",
      type: "invalid_request_error"
    })
  })

  it("neosantara IDs become canonical, timestamps ISO strings (file and stdin agree)", async () => {
    const args = ["normalize", "--provider", "neosantara", "--operation", "list"]
    const fromFile = await run([...args, fixture("neosantara/list.json")])
    const fromStdin = await run(args, { input: readFixture("neosantara/list.json") })
    expect(fromFile.code).toBe(0)
    expect(fromStdin.stdout).toBe(fromFile.stdout)
    const page = JSON.parse(fromFile.stdout)
    expect(page).toMatchObject({ firstId: "batch_abc123", lastId: "batch_def456", hasMore: false })
    expect(page.data[0]).toMatchObject({
      provider: "neosantara",
      id: "batch_abc123",
      nativeId: "batch-abc123",
      createdAt: "2023-11-09T21:20:00.000Z",
      completedAt: "2023-11-09T22:21:40.000Z",
      errors: [],
      metadata: { project: "data-analysis" }
    })
    expect(page.data[1]).toMatchObject({ id: "batch_def456", nativeId: "batch-def456", metadata: {}, outputFileId: null })
  })

  it("neosantara retrieve from stdin", async () => {
    const body = JSON.stringify(JSON.parse(readFixture("neosantara/list.json")).data[0])
    const result = await run(["normalize", "--provider", "neosantara", "--operation", "retrieve", "-"], { input: body })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ id: "batch_abc123", nativeId: "batch-abc123", expiresAt: "2023-11-10T21:20:00.000Z" })
  })

  it("a body that is not JSON: DecodeError on stdout, exit 1", async () => {
    const result = await run(["normalize", "--provider", "neosantara", "--operation", "retrieve"], { input: "<html>bad gateway</html>" })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).error).toMatchObject({ _tag: "DecodeError", provider: "neosantara", operation: "retrieve" })
  })

  it.each([
    ["unknown provider", ["--provider", "bedrock", "--operation", "list", "x.json"]],
    ["bad operation", ["--provider", "openai", "--operation", "creat", "x.json"]],
    ["missing --provider", ["--operation", "list", "x.json"]],
    ["unknown flag", ["--provider", "openai", "--operation", "list", "--pretty", "x.json"]],
    ["bad --status", ["--provider", "openai", "--operation", "list", "--status", "42"]],
    ["missing file", ["--provider", "openai", "--operation", "list", "/nonexistent/list.json"]],
    ["unreadable file (a directory)", ["--provider", "openai", "--operation", "list", root]]
  ])("wrong usage (%s): exit 2, a message on stderr, nothing on stdout", async (_, args) => {
    const result = await run(["normalize", ...args])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr.trim()).not.toBe("")
  })

  it("forms only effect/cli reads (--flag=true, --) give the same result as the plain form", async () => {
    const plain = await run(["conform", "--provider", "respan", "--operation", "retrieve", "--json", fixture("respan/retrieve.json")])
    const other = await run(["conform", "--json=true", "--provider=respan", "--operation", "retrieve", "--", fixture("respan/retrieve.json")])
    expect(plain.code).toBe(0)
    expect(other).toEqual(plain)
    const status = await run(["normalize", "--provider", "respan", "--operation", "retrieve", "--status", "404", "--", fixture("respan/retrieve-404.json")])
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout).error).toMatchObject({ _tag: "NotFoundError", status: 404 })
  })

  it("a missing file is named in the message", async () => {
    const result = await run(["normalize", "--provider", "openai", "--operation", "list", "/nonexistent/list.json"])
    expect(result.stderr).toContain('error: cannot read "/nonexistent/list.json": no such file.')
  })

  it("--help exits 0", async () => {
    const result = await run(["normalize", "--help"])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("--operation")
  })
})

describe("unibatch list / get", () => {
  const count = 7
  const servers = {} as Record<Provider, FakeVendor.FakeVendorServer>
  let strict: FakeVendor.FakeVendorServer

  beforeAll(async () => {
    for (const provider of providers) servers[provider] = await FakeVendor.start({ provider, count })
    // Accepts only another key: our key gets the vendor's 401.
    strict = await FakeVendor.start({ provider: "openai", apiKey: "some-other-key", count })
  })
  afterAll(async () => {
    await Promise.all([...Object.values(servers), strict].map((server) => server.close()))
  })

  const at = (provider: Provider) => ["--provider", provider, "--base-url", servers[provider].baseUrl]

  describe.each(providers)("%s", (provider) => {
    const server = () => servers[provider]
    const ids = () => server().batches.map((batch) => canonicalId(batch["id"]))

    it("list: a table with a next-page hint", async () => {
      const result = await run(["list", ...at(provider), "--limit", "3"], withKey(provider))
      expect(result.code).toBe(0)
      const lines = result.stdout.trimEnd().split("\n")
      expect(lines[0]).toMatch(/^ID\s+STATUS\s+ENDPOINT\s+CREATED\s+COMPLETED\/TOTAL$/)
      expect(lines.slice(1, 4).map((line) => line.split(/\s+/)[0])).toEqual(ids().slice(0, 3))
      expect(lines[1]).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z/)
      expect(lines[4]).toBe(`more: --after ${ids()[2]}`)
    })

    it("list --json: the canonical BatchPage", async () => {
      const result = await run(["list", ...at(provider), "--limit", "2", "--json"], withKey(provider))
      expect(result.code).toBe(0)
      const page = JSON.parse(result.stdout)
      expect(page.data.map((batch: { id: string }) => batch.id)).toEqual(ids().slice(0, 2))
      expect(page).toMatchObject({ firstId: ids()[0], lastId: ids()[1], hasMore: true })
      expect(page.data[0].provider).toBe(provider)
    })

    it("list --all --json: NDJSON, one canonical batch per line, every page", async () => {
      server().clearRequests()
      const result = await run(["list", ...at(provider), "--all", "--json", "--limit", "3"], withKey(provider))
      expect(result.code).toBe(0)
      const lines = result.stdout.trimEnd().split("\n")
      expect(lines).toHaveLength(count)
      expect(lines.map((line) => JSON.parse(line).id)).toEqual(ids())
      expect(server().requests().map((request) => request.query["limit"])).toEqual(["3", "3", "3"])
    })

    it("get --json: the canonical Batch (native ID accepted)", async () => {
      const first = server().batches[0]!
      const result = await run(["get", String(first["id"]), ...at(provider), "--json"], withKey(provider))
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout)).toMatchObject({ provider, id: canonicalId(first["id"]), nativeId: first["id"], nativeStatus: first["status"] })
    })

    it("get: a key: value summary", async () => {
      const id = ids()[1]!
      const result = await run(["get", id, ...at(provider)], withKey(provider))
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`^id:\\s+${id}$`, "m"))
      expect(result.stdout).toMatch(/^created:\s+\d{4}-/m)
    })

    it("get of an unknown batch: NotFoundError, exit 1 (with and without --json)", async () => {
      const json = await run(["get", "batch_doesnotexist", ...at(provider), "--json"], withKey(provider))
      expect(json.code).toBe(1)
      expect(JSON.parse(json.stdout).error).toMatchObject({ _tag: "NotFoundError", provider, status: 404 })
      const text = await run(["get", "batch_doesnotexist", ...at(provider)], withKey(provider))
      expect(text.code).toBe(1)
      expect(text.stdout).toBe("")
      expect(text.stderr).toMatch(new RegExp(`^error: NotFoundError \\(404\\) from ${provider}: .+`))
    })

    it.each([
      ["an empty ID", ["get", ""]],
      ["an ID with whitespace", ["get", "batch_a b"]],
      ["an ID with '/'", ["get", "batch_a/b"]],
      ["an ID with '?'", ["get", "batch_a?b"]],
      ["an ID with '#'", ["get", "batch_a#b"]],
      ["an ID with '..'", ["get", "batch_..b"]],
      ["an ID of another form", ["get", "file-abc"]],
      ["a bad --after", ["list", "--after", "batch_a/b"]],
      ["--limit 0", ["list", "--limit", "0"]],
      ["--limit 101", ["list", "--limit", "101"]],
      ["--limit 2.5", ["list", "--limit", "2.5"]],
      ["--limit abc", ["list", "--limit", "abc"]]
    ])("%s is refused before any request: exit 2", async (_, args) => {
      server().clearRequests()
      const result = await run([...args, ...at(provider)], withKey(provider))
      expect(result.code).toBe(2)
      expect(result.stderr.trim()).not.toBe("")
      expect(server().requests()).toEqual([])
    })

    it("a bad --base-url is refused: exit 2", async () => {
      for (const baseUrl of ["ftp://127.0.0.1/v1", "not a url", `http://user:pass@127.0.0.1/v1`]) {
        const result = await run(["list", "--provider", provider, "--base-url", baseUrl], withKey(provider))
        expect(result.code).toBe(2)
        expect(result.stderr).toMatch(/^error: --base-url must be an http or https URL without credentials, query or fragment, got ".+"\.$/m)
        expect(result.stderr).not.toContain("pass")
      }
    })

    it("a missing key is refused for the real vendor: exit 2", async () => {
      const result = await run(["list", "--provider", provider], { env: { [keyVariable[provider]]: "" } })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(keyVariable[provider])
    })

    it("a missing key with --base-url calls the stand-in without an auth header: its 401, exit 1", async () => {
      server().clearRequests()
      const result = await run(["list", ...at(provider), "--json"], { env: { [keyVariable[provider]]: "" } })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`${keyVariable[provider]} is not set`)
      expect(JSON.parse(result.stdout).error._tag).toBe("AuthenticationError")
      const [request] = server().requests()
      expect([request?.headers["authorization"], request?.headers["x-api-key"]]).toEqual([undefined, undefined])
    })

    it("the key is sent (only) in the vendor's auth header", async () => {
      server().clearRequests()
      await run(["list", ...at(provider), "--limit", "1"], withKey(provider))
      const [request] = server().requests()
      expect(provider === "neosantara" ? request?.headers["x-api-key"] : request?.headers["authorization"]).toBe(
        provider === "neosantara" ? secret : `Bearer ${secret}`
      )
    })
  })

  it("a missing --provider is wrong usage: exit 2", async () => {
    const result = await run(["list"], withKey("openai"))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--provider")
  })

  it("a 401 from the vendor: AuthenticationError, exit 1, the key not echoed", async () => {
    const args = ["list", "--provider", "openai", "--base-url", strict.baseUrl]
    const json = await run([...args, "--json"], withKey("openai"))
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout).error).toMatchObject({ _tag: "AuthenticationError", status: 401 })
    const text = await run(args, withKey("openai"))
    expect(text.code).toBe(1)
    expect(text.stderr).toMatch(/^error: AuthenticationError \(401\) from openai: /)
  })

  it("list --all --json | head -1: the reader goes away, the command ends quietly with exit 0", async () => {
    const many = await FakeVendor.start({ provider: "openai", count: 2000 })
    try {
      const command = `'${process.execPath}' '${bin}' list --provider openai --base-url '${many.baseUrl}' --all --json --limit 10 | head -1; echo "exit:\${PIPESTATUS[0]}"`
      // Not spawnSync: the fake server answers from this process's event loop.
      const result = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn("bash", ["--norc", "--noprofile", "-c", command], { cwd: root, env: { PATH: process.env.PATH ?? "", OPENAI_API_KEY: secret } })
        let stdout = ""
        let stderr = ""
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
        child.on("error", reject)
        child.on("close", () => resolve({ stdout, stderr }))
      })
      const [first, status] = result.stdout.trim().split("\n")
      expect(JSON.parse(first!).provider).toBe("openai")
      expect(status).toBe("exit:0")
      expect(result.stderr).not.toMatch(/error|EPIPE/i)
      // It stopped paging when the reader left: far fewer than the 200 pages there are.
      expect(many.requests().length).toBeLessThan(50)
    } finally {
      await many.close()
    }
  })

  it("a server that is down: TransportError, exit 1", async () => {
    const down = await FakeVendor.start({ provider: "respan" })
    await down.close()
    const args = ["get", "batch_abc", "--provider", "respan", "--base-url", down.baseUrl]
    const json = await run([...args, "--json"], withKey("respan"))
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout).error).toMatchObject({ _tag: "TransportError", provider: "respan", status: null })
    const text = await run(args, withKey("respan"))
    expect(text.code).toBe(1)
    expect(text.stderr).toMatch(/^error: TransportError from respan: /)
  })
})

describe("unibatch demo", () => {
  it("drives all three fake vendors with no key and no network: exit 0", async () => {
    const result = await run(["demo"])
    expect(result.code).toBe(0)
    for (const provider of providers) expect(result.stdout).toContain(provider)
    expect(result.stdout).toContain("batch-") // neosantara's native form
    expect(result.stdout).toContain("GET /api/v1/batches/?limit=5") // respan's trailing slash
    expect(result.stdout).toContain("x-api-key")
    for (const line of result.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(120)
  })

  it("runs one batch job on every vendor: watched to completed, results joined with the planted failure", async () => {
    const result = await run(["demo"])
    expect(result.code).toBe(0)
    const job = result.stdout.slice(result.stdout.indexOf("Then one batch job"))
    const cellsOf = (label: string) =>
      job.split("\n").filter((line) => line.startsWith(label)).flatMap((line) => line.slice(12).trim().split(/\s{2,}/))
    const vendors = job.split("\n").filter((line) => /^\s{14}\S/.test(line)).flatMap((line) => line.trim().split(/\s{2,}/)).filter((cell) => !cell.startsWith("-"))
    expect(vendors.length).toBeGreaterThanOrEqual(providers.length)
    for (const provider of providers) expect(vendors).toContain(provider)
    for (const watched of cellsOf("watched")) expect(watched).toMatch(/^(validating > )?in_progress > (.* > )?completed$/)
    expect(cellsOf("watched")).toHaveLength(vendors.length)
    expect(new Set(cellsOf("results"))).toEqual(new Set(["3 succeeded, 1 failed"]))
    for (const failure of cellsOf("failure")) expect(failure).toMatch(/^planted-fail /)
  })
})

describe("unibatch serve", () => {
  it.each(providers)("%s: base URL first, vendor auth enforced, SIGTERM exits 0", async (provider) => {
    const child = spawn(process.execPath, [bin, "serve", "--provider", provider, "--count", "3"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "" }
    })
    let stderr = ""
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve))
    try {
      const lines = createInterface({ input: child.stdout })
      const baseUrl = await new Promise<string>((resolve) => lines.once("line", resolve))
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(api\/)?v1$/)
      const url = `${baseUrl}/batches${provider === "respan" ? "/" : ""}`
      const auth: Record<string, string> = provider === "neosantara" ? { "x-api-key": secret } : { authorization: `Bearer ${secret}` }
      const authorized = await fetch(url, { headers: auth })
      expect(authorized.status).toBe(200)
      const page = (await authorized.json()) as { data: ReadonlyArray<unknown> }
      expect(page.data).toHaveLength(3)
      expect((await fetch(url)).status).toBe(401)
    } finally {
      child.kill("SIGTERM")
    }
    expect(await exited).toBe(0)
    expect(stderr).toContain(provider === "neosantara" ? "x-api-key" : "Authorization: Bearer")
  })

  it("with --api-key only that key is accepted, and it is never printed", async () => {
    const child = spawn(process.execPath, [bin, "serve", "--provider", "openai", "--api-key", secret], { cwd: root, env: { PATH: process.env.PATH ?? "" } })
    let output = ""
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve))
    try {
      const lines = createInterface({ input: child.stdout })
      const baseUrl = await new Promise<string>((resolve) => lines.once("line", resolve))
      output += baseUrl
      expect((await fetch(`${baseUrl}/batches`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200)
      expect((await fetch(`${baseUrl}/batches`, { headers: { authorization: "Bearer another" } })).status).toBe(401)
    } finally {
      child.kill("SIGTERM")
    }
    expect(await exited).toBe(0)
    expect(output).not.toContain(secret)
  })

  it("a bad --port is wrong usage: exit 2", async () => {
    const result = await run(["serve", "--provider", "openai", "--port", "70000"])
    expect(result.code).toBe(2)
  })
})

describe("unibatch (no command)", () => {
  it("wrong usage: exit 2; --help exit 0; unknown command exit 2", async () => {
    expect((await run([])).code).toBe(2)
    expect((await run(["--help"])).code).toBe(0)
    expect((await run(["frobnicate"])).code).toBe(2)
  })
})

describe("unibatch list's HTTP client", () => {
  /** Serves `handle` on loopback while `use` runs with its base URL. */
  const withServer = async (handle: RequestListener, use: (origin: string) => Promise<void>) => {
    const server = createServer(handle)
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    try {
      await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    } finally {
      server.close()
    }
  }
  const page = readFixture("openai/list-http-reference-corrected.json")
  const ids = JSON.parse(page).data.map((item: { id: string }) => item.id)
  const listedIds = (stdout: string) => JSON.parse(stdout).data.map((batch: { id: string }) => batch.id)

  /**
   * /moved/... answers 307 to /v1/... on the same server, which wants the key and serves `body`;
   * `seen` lists each request's path and whether it carried the key.
   */
  const redirecting = (body: string, seen: Array<string>): RequestListener => (request, response) => {
    const keyed = request.headers.authorization === `Bearer ${secret}`
    seen.push(`${request.url} ${keyed ? "with key" : "without key"}`)
    if (request.url?.startsWith("/moved/")) response.writeHead(307, { location: request.url.replace("/moved/", "/v1/") }).end()
    else if (keyed) response.writeHead(200, { "content-type": "application/json" }).end(body)
    else response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no key" } }))
  }

  it("follows a redirect within the vendor's origin, key included", () => {
    const seen: Array<string> = []
    return withServer(redirecting(page, seen), async (origin) => {
      const result = await run(["list", "--provider", "openai", "--base-url", `${origin}/moved`, "--json"], withKey("openai"))
      expect(result.code).toBe(0)
      expect(result.stderr).toBe("")
      expect(listedIds(result.stdout)).toEqual(ids)
      expect(seen).toEqual(["/moved/batches with key", "/v1/batches with key"])
    })
  })

  it("list --all follows it the same way", () => {
    const seen: Array<string> = []
    return withServer(redirecting(JSON.stringify({ ...JSON.parse(page), has_more: false }), seen), async (origin) => {
      const result = await run(["list", "--all", "--provider", "openai", "--base-url", `${origin}/moved`, "--json"], withKey("openai"))
      expect(result.code).toBe(0)
      expect(result.stderr).toBe("")
      expect(result.stdout.trim().split("\n").map((line) => JSON.parse(line).id)).toEqual(ids)
      expect(seen).toEqual(["/moved/batches?limit=100 with key", "/v1/batches?limit=100 with key"])
    })
  })
})

describe("the bundle", () => {
  const dist = dirname(bin)
  const chunksDirectory = join(dist, "chunks")
  const chunkFiles = () => readdirSync(chunksDirectory).filter((name) => name.endsWith(".mjs")).map((name) => join(chunksDirectory, name))
  const allFiles = () => [bin, join(dist, "normalize.mjs"), join(dist, "main.mjs"), ...chunkFiles()]

  /** A file and everything it imports statically, as the files Node loads for it. */
  const staticGraph = (...entries: ReadonlyArray<string>) => {
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) {
        visit(resolve(dirname(file), specifier!))
      }
    }
    for (const entry of entries) visit(entry)
    return seen
  }
  const containing = (files: Iterable<string>, marker: string) => [...files].filter((file) => readFileSync(file, "utf8").includes(marker))

  it("the entry is tiny: it turns on the compile cache before loading the rest", () => {
    const entry = readFileSync(bin, "utf8")
    expect(entry.startsWith("#!/usr/bin/env node")).toBe(true)
    expect(entry).toContain("enableCompileCache")
    expect(entry.length).toBeLessThan(1024)
    expect(statSync(bin).mode & 0o111).not.toBe(0)
  })

  it("normalize loads only its own bundle: no effect/cli, HTTP client, streams, fake server or other command", () => {
    const loaded = staticGraph(bin, join(dist, "normalize.mjs"))
    expect([...loaded].map((file) => file.slice(dist.length + 1)).sort()).toEqual(["normalize.mjs", "unibatch.mjs"])
    // Each marker must be in the bundle somewhere, or the check below checks nothing.
    for (const marker of ["Unrecognized flag", "Intl.Segmenter", "node:http", "fetch cannot send", "readAhead", "--live fetches the response itself"]) {
      expect(containing(allFiles(), marker), marker).not.toEqual([])
      expect(containing(loaded, marker), marker).toEqual([])
    }
  })

  it("the other commands load effect/cli only when the command line needs it (help, a usage error)", () => {
    const loaded = staticGraph(join(dist, "main.mjs"))
    expect(containing(chunkFiles(), "Unrecognized flag")).not.toEqual([])
    expect(containing(loaded, "Unrecognized flag")).toEqual([])
    expect(containing(loaded, "node:http")).toEqual([])
  })

  it("undici is in no chunk: the command uses Node's built-in fetch", () => {
    expect(containing([bin, ...chunkFiles()], "UND_ERR_")).toEqual([])
  })

  it("runs from a copy outside the checkout, with no node_modules: it holds everything it needs", async () => {
    const directory = mkdtempSync(join(tmpdir(), "unibatch-bin-"))
    cpSync(dirname(bin), directory, { recursive: true })
    const copy = join(directory, "unibatch.mjs")
    const version = await run(["--version"], { bin: copy, cwd: directory })
    expect(version).toMatchObject({ code: 0, stderr: "" })
    expect(version.stdout).toMatch(/^unibatch \d+\.\d+\.\d+\n$/)
    const normalized = await run(["normalize", "--provider", "respan", "--operation", "retrieve", fixture("respan/retrieve.json")], { bin: copy, cwd: directory })
    expect(normalized.code).toBe(0)
    expect(JSON.parse(normalized.stdout).id).toBe("batch_abc123")
  })
})

describe("pnpm -s unibatch (from a checkout)", () => {
  /** pnpm as the test runner was started (`pnpm exec vitest`), else from PATH. */
  const pnpm = (args: ReadonlyArray<string>) => {
    const execPath = process.env["npm_execpath"]
    const [command, prefix] = execPath !== undefined && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ["pnpm", []]
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(command, [...prefix, ...args], { cwd: root, env: { ...process.env, npm_config_update_notifier: "false" } })
      let stdout = ""
      let stderr = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
      child.on("error", reject)
      child.on("close", (code) => resolve({ code, stdout, stderr }))
      child.stdin.end()
    })
  }

  it("prints only the command's output: no `> unibatch ...` banner, so --json output parses", async () => {
    const result = await pnpm(["-s", "unibatch", "normalize", "--provider", "respan", "--operation", "retrieve", fixture("respan/retrieve.json")])
    expect(result.code).toBe(0)
    expect(result.stdout.startsWith("{")).toBe(true)
    expect(JSON.parse(result.stdout).provider).toBe("respan")
  }, 60_000)

  it("passes the command's exit code through (2 for wrong usage)", async () => {
    const result = await pnpm(["-s", "unibatch", "list", "--limit", "abc", "--provider", "openai"])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe("")
    expect(result.stderr).toContain('--limit must be')
  }, 60_000)
})

describe("usage errors name the option, the value given and what is allowed (exit 2, nothing on stdout)", () => {
  const usageError = async (args: ReadonlyArray<string>) => {
    const result = await run(args, withKey("openai"))
    expect(result.code, args.join(" ")).toBe(2)
    expect(result.stdout, args.join(" ")).toBe("")
    expect(result.stderr, args.join(" ")).toMatch(/^error: /)
    return result.stderr
  }
  const body = () => fixture("openai/list-http-reference-corrected.json")

  it("--limit abc: the option, the value and the range; no 'is not a integer'", async () => {
    const stderr = await usageError(["list", "--provider", "openai", "--limit", "abc"])
    expect(stderr.split("\n")[0]).toBe('error: --limit must be a positive integer (at most the vendor\'s largest page), got "abc".')
    expect(stderr).not.toMatch(/not a integer/)
  })

  it("--limit over the vendor's largest page names the largest", async () => {
    const stderr = await usageError(["list", "--provider", "openai", "--limit", "101"])
    expect(stderr).toContain('--limit must be an integer from 1 to 100 (openai\'s largest page), got "101".')
  })

  it("normalize ... --json FILE: --json is the unknown option, not FILE", async () => {
    const stderr = await usageError(["normalize", "--provider", "openai", "--operation", "list", "--json", body()])
    const [first] = stderr.split("\n")
    expect(first).toContain("unknown option --json for unibatch normalize")
    expect(first).toContain("--provider, --operation, --status")
    expect(stderr).not.toContain(`"${body()}"`)
  })

  it("-p respan --operation list: -p is the unknown option (did you mean --provider?), --operation is not said to be missing", async () => {
    const stderr = await usageError(["normalize", "-p", "respan", "--operation", "list", body()])
    expect(stderr.split("\n")[0]).toContain("unknown option -p for unibatch normalize (did you mean --provider?)")
    expect(stderr).not.toMatch(/needs --operation|missing.*--operation/i)
  })

  it("an unknown provider names the known ones, and nothing is sent", async () => {
    const server = await FakeVendor.start({ provider: "openai", count: 3 })
    try {
      const stderr = await usageError(["list", "--provider", "OpenAI", "--base-url", server.baseUrl])
      expect(stderr.split("\n")[0]).toBe('error: --provider must be one of openai, respan, neosantara, azure, compatible, anthropic, got "OpenAI".')
      expect(server.requests()).toEqual([])
    } finally {
      await server.close()
    }
  })

  it.each([
    [["normalize", "--provider", "openai", "--operation", "creat"], '--operation must be list, retrieve, create, cancel, file, file-list, output-line or error-line, got "creat".'],
    [["normalize", "--provider", "openai", "--operation", "list", "--status", "42"], '--status must be an HTTP status from 100 to 599, got "42".'],
    [["list", "--provider", "openai", "--max-retries", "-1"], '--max-retries must be an integer from 0 to 10, got "-1".'],
    [["list", "--provider", "openai", "--max-retries", "two"], '--max-retries must be an integer from 0 to 10, got "two".'],
    [["list", "--provider", "openai", "--timeout-ms", "1.5"], `--timeout-ms must be an integer of milliseconds from 1 to 2147483647 (the timer's maximum), got "1.5".`],
    [["serve", "--provider", "openai", "--port", "70000"], '--port must be an integer from 0 to 65535, got "70000".'],
    [["serve", "--provider", "openai", "--count", "-3"], '--count must be a whole number (0 or more), got "-3".'],
    [["list", "--provider", "openai", "--limit"], "--limit needs a value N (page size, 1 to the vendor's largest page;"],
    [["list"], "unibatch list needs --provider P (the vendor: openai, respan, neosantara, azure, compatible, anthropic)."],
    [["get", "--provider", "openai"], "unibatch get needs ID (the batch ID, canonical or native)."],
    [["list", "--provider", "openai", "--provider", "respan"], "--provider was given 2 times: give it once."],
    [["normalize", "--provider", "openai", "--operation", "list", "a.json", "b.json"], 'unexpected argument "b.json" for unibatch normalize: it takes one (FILE|-).'],
    [["frobnicate"], 'unknown command "frobnicate"; the commands are normalize, conform, list, get, submit, wait, results, cancel, files, demo, serve.'],
    [["list", "--provider", "openai", "--after", "batch_a/b"], '--after: Invalid batch ID "batch_a/b"'],
    [["get", "file-abc", "--provider", "openai"], 'ID: Invalid batch ID "file-abc"'],
    [["conform", "--provider", "respan", "--operation", "list", "--all", body()], "--all needs --live"]
  ])("%j", async (args, message) => {
    expect(await usageError(args)).toContain(`error: ${message}`)
  })

  it("a parse error ends with where the right usage is, never the whole help", async () => {
    const stderr = await usageError(["list", "--provider", "openai", "--limit", "abc"])
    expect(stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^error: /), "see: unibatch list --help"])
  })
})

describe("help", () => {
  const commands = ["normalize", "conform", "list", "get", "submit", "wait", "results", "cancel", "files", "demo", "serve"]

  it.each([[[]], ...commands.map((command) => [[command]])])("unibatch %j --help: short, plain, fits a terminal", async (path) => {
    const result = await run([...path, "--help"])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    const lines = result.stdout.trimEnd().split("\n")
    expect(lines.length).toBeLessThanOrEqual(30)
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80)
    expect(result.stdout).not.toMatch(/wizard|completions|log-level|GLOBAL FLAGS/)
  })

  it("list --help lists its options with what they take", async () => {
    const { stdout } = await run(["list", "--help"])
    expect(stdout).toContain("usage: unibatch list --provider P [options]")
    for (const option of ["--provider P", "--limit N", "--after ID", "--all", "--json", "--base-url URL", "--max-retries N", "--timeout-ms MS", "-h, --help"]) {
      expect(stdout).toContain(option)
    }
    expect(stdout.replace(/\s+/g, " ")).toContain("openai, respan, neosantara, azure, compatible, anthropic")
  })

  it("the root help lists the commands", async () => {
    const { stdout } = await run(["--help"])
    for (const command of commands) expect(stdout).toMatch(new RegExp(`^  ${command}\\s`, "m"))
  })
})

describe("no escape codes", () => {
  const invocations: ReadonlyArray<ReadonlyArray<string>> = [
    ["--help"],
    ["list", "--help"],
    ["--version"],
    ["list", "--limit", "abc", "--provider", "openai"],
    ["normalize", "--provider", "openai", "--operation", "list", "--json", "x.json"],
    ["frobnicate"],
    ["conform", "--provider", "openai", "--operation", "list", fixture("openai/list-python-sdk.json")]
  ]

  it.each(invocations)("piped, with NO_COLOR=1 and with FORCE_COLOR=1: %j", async (...args) => {
    for (const env of [{}, { NO_COLOR: "1" }, { FORCE_COLOR: "1" }]) {
      const result = await run(args, { env })
      expect(result.stdout + result.stderr).not.toContain("\u001b")
    }
  })

  it("on a terminal with NO_COLOR=1", () => {
    // `script` runs the command on a pseudo-terminal and copies what it printed.
    const probe = spawnSync("script", ["--version"], { encoding: "utf8" })
    if (probe.status !== 0) return
    for (const args of invocations) {
      const command = [process.execPath, bin, ...args].map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(" ")
      const result = spawnSync("script", ["-qec", command, "/dev/null"], {
        cwd: root,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", TERM: "xterm-256color" }
      })
      expect(result.stdout, args.join(" ")).not.toBe("")
      expect(result.stdout, args.join(" ")).not.toContain("\u001b")
    }
  })
})

describe("normalize a Recorder fixture {status, headers, body}", () => {
  const fixtureFile = (recording: unknown) => {
    const directory = mkdtempSync(join(tmpdir(), "unibatch-fixture-"))
    const file = join(directory, "recorded.json")
    writeFileSync(file, JSON.stringify(recording, null, 2) + "\n")
    return file
  }

  it("takes the status and the request id from the fixture", async () => {
    const file = fixtureFile({ status: 404, headers: { "x-request-id": "req_42" }, body: JSON.parse(readFixture("respan/retrieve-404.json")) })
    const result = await run(["normalize", "--provider", "respan", "--operation", "retrieve", file])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).error).toMatchObject({ _tag: "NotFoundError", status: 404, requestId: "req_42" })
  })

  it("a 200 fixture is the canonical page", async () => {
    const file = fixtureFile({ status: 200, headers: {}, body: JSON.parse(readFixture("respan/list.json")) })
    const result = await run(["normalize", "--provider", "respan", "--operation", "list", file])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).data.map((batch: { id: string }) => batch.id)).toEqual(["batch_abc123", "batch_def456"])
  })

  it("--status that contradicts the fixture is wrong usage", async () => {
    const file = fixtureFile({ status: 200, headers: {}, body: JSON.parse(readFixture("respan/list.json")) })
    const result = await run(["normalize", "--provider", "respan", "--operation", "list", "--status", "404", file])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error: --status must be the fixture's own status (200) or left out, got "404".`)
  })
})
