/**
 * The `unibatch` command, end to end: the BUILT bundle is spawned as a user would run it, against
 * the seed fixtures and the testkit's fake vendors. Every run also checks that the API key never
 * shows up in stdout or stderr.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { spawn } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
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
    ["unknown provider", ["--provider", "anthropic", "--operation", "list", "x.json"]],
    ["bad operation", ["--provider", "openai", "--operation", "create", "x.json"]],
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
        expect(result.stderr).toMatch(/^error: --base-url: /)
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
  /** The files Node loads before any command runs: the entry and what it imports statically. */
  const loadedAtStart = () => {
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) {
        visit(resolve(dirname(file), specifier!))
      }
    }
    visit(bin)
    return seen
  }

  it("start-up does not load the live commands' HTTP transport: it is a chunk loaded on demand; undici is in no chunk", () => {
    const chunks = readdirSync(join(dirname(bin), "chunks")).filter((name) => name.endsWith(".mjs")).map((name) => join(dirname(bin), "chunks", name))
    // The worker's source marks the transport's chunk; one must exist, or this test checks nothing.
    const withTransport = chunks.filter((file) => readFileSync(file, "utf8").includes("redirect count exceeded"))
    expect(withTransport.length).toBeGreaterThan(0)
    const atStart = loadedAtStart()
    expect(withTransport.filter((file) => atStart.has(file))).toEqual([])
    expect(atStart.size).toBeGreaterThan(1)
    // undici (545 KiB, ~130 ms to load) came in with the platform's Node client, no longer used.
    expect([bin, ...chunks].filter((file) => readFileSync(file, "utf8").includes("UND_ERR_"))).toEqual([])
  })
})
