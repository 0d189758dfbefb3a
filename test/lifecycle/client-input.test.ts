/**
 * The lifecycle's client-side checks and decoding, for every vendor: each limit is refused with
 * an `InvalidRequestError` naming the limit and the value before any request reaches the fake
 * server; file and partial-cancel bodies decode leniently and a body that does not fit names its
 * JSON path; the key appears in no error.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, it } from "@effect/vitest"
import * as Batch from "@unibatch/core/Batch"
import type { BatchClientService } from "@unibatch/core/BatchClient"
import * as Decoder from "@unibatch/core/Decoder"
import * as Pagination from "@unibatch/core/Pagination"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { inspect } from "node:util"
import { assert } from "vitest"
import { apiKey, setup, vendors } from "../adapters/vendors.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

const streamFailureOf = <A>(stream: Stream.Stream<A, UnibatchError>) => failureOf(Stream.runDrain(stream))

/** The key in no rendering of the error. */
const assertNoKey = (error: UnibatchError) => {
  for (const text of [String(error), JSON.stringify(errorToJson(error)), inspect(error, { depth: 10 }), error.message]) {
    assert.notInclude(text, apiKey)
  }
}

/** An input refused before any request: the tag, status null, the operation, and every expected fragment of the message. */
const assertRefused = (error: UnibatchError, operation: string, ...fragments: ReadonlyArray<string>) => {
  assert.strictEqual(error._tag, "InvalidRequestError", error.message)
  assert.strictEqual(error.status, null)
  assert.strictEqual(error.operation, operation)
  for (const fragment of fragments) assert.include(error.message, fragment)
  assertNoKey(error)
}

/** A sparse file of `size` bytes: its size is known to `stat` and `openAsBlob` without using the disk. */
const sparseFile = (size: number): string => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "unibatch-client-"))
  const file = path.join(directory, "big.jsonl")
  fs.writeFileSync(file, "")
  fs.truncateSync(file, size)
  return file
}

const metadataOf = (pairs: number) => Object.fromEntries(Array.from({ length: pairs }, (_, index) => [`key${index}`, "value"]))

const validCreate = (client: BatchClientService) => ({
  inputFileId: "file-abc123",
  endpoint: client.definition.lifecycle.limits.endpoints[0]!
})

for (const vendor of vendors) {
  const { limits } = vendor.definition.lifecycle
  describe(`${vendor.provider}: every client-side limit is refused before any request`, () => {
    it.effect("create: endpoint, completion window, metadata and input file id", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const base = validCreate(client)
        const endpoint = yield* failureOf(client.create({ ...base, endpoint: "/v1/images/edits" }))
        assertRefused(endpoint, "create", "endpoint must be one of", "\"/v1/images/edits\"", ...limits.endpoints.map((allowed) => JSON.stringify(allowed)))
        const window = yield* failureOf(client.create({ ...base, completionWindow: "48h" }))
        assertRefused(window, "create", "completionWindow", "\"24h\"", "\"48h\"")
        const pairs = yield* failureOf(client.create({ ...base, metadata: metadataOf(17) }))
        assertRefused(pairs, "create", "17 pairs", "limit of 16", "maxPairs")
        const key = yield* failureOf(client.create({ ...base, metadata: { ["k".repeat(65)]: "v" } }))
        assertRefused(key, "create", "65 characters", "limit of 64", "maxKeyLength")
        const value = yield* failureOf(client.create({ ...base, metadata: { job: "v".repeat(513) } }))
        assertRefused(value, "create", "\"job\"", "513 characters", "limit of 512", "maxValueLength")
        const notString = yield* failureOf(client.create({ ...base, metadata: { job: 5 as unknown as string } }))
        assertRefused(notString, "create", "\"job\"", "must be a string", "number 5")
        for (const [inputFileId, reason] of [["", "empty"], ["file abc", "whitespace"], ["file/../x", "'/'"], ["file?x", "'?'"], ["file#x", "'#'"], ["a..b", "'..'"]] as const) {
          const error = yield* failureOf(client.create({ ...base, inputFileId }))
          assertRefused(error, "create", "inputFileId", reason)
        }
        // At the limits exactly, nothing is refused by the checks (the request then goes out).
        assert.lengthOf(server.requests(), 0)
      }))

    it.effect("the vendor's own endpoints: one it does not document is refused, each it documents passes the checks", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const undocumented = ["/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations"]
          .filter((endpoint) => !limits.endpoints.includes(endpoint))
        for (const endpoint of undocumented) {
          const error = yield* failureOf(client.create({ inputFileId: "file-1", endpoint }))
          assertRefused(error, "create", JSON.stringify(endpoint))
        }
        assert.lengthOf(server.requests(), 0)
        // OpenAI documents all five; the others fewer.
        if (vendor.provider === "openai") assert.deepStrictEqual(undocumented, [])
        else assert.isNotEmpty(undocumented)
      }))

    it.effect("submit checks endpoint, window and metadata before it reads or uploads anything", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        let pulled = 0
        const requests = Stream.fromIterable([{ customId: "r-1", body: {} }]).pipe(Stream.tap(() => Effect.sync(() => pulled++)))
        const endpoint = yield* failureOf(client.submit(requests, { endpoint: "/v1/nope" }))
        assertRefused(endpoint, "submit", "endpoint must be one of", "\"/v1/nope\"")
        const window = yield* failureOf(client.submit(requests, { endpoint: limits.endpoints[0]!, completionWindow: "1h" }))
        assertRefused(window, "submit", "completionWindow", "\"1h\"")
        const metadata = yield* failureOf(client.submit(requests, { endpoint: limits.endpoints[0]!, metadata: metadataOf(17) }))
        assertRefused(metadata, "submit", "maxPairs")
        assert.strictEqual(pulled, 0)
        assert.lengthOf(server.requests(), 0)
      }))

    it.effect("upload: a file over the vendor's maxFileBytes, by path or Blob, is refused before any request", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const size = limits.maxFileBytes + 1
        const file = sparseFile(size)
        const byPath = yield* failureOf(client.upload({ path: file }).pipe(Effect.provide(NodeFileSystem.layer)))
        assertRefused(byPath, "upload", String(size), String(limits.maxFileBytes), "maxFileBytes")
        const blob = yield* Effect.promise(() => fs.openAsBlob(file))
        const byBlob = yield* failureOf(client.upload(blob))
        assertRefused(byBlob, "upload", String(size), String(limits.maxFileBytes), "maxFileBytes")
        assert.lengthOf(server.requests(), 0)
      }))

    it.effect("upload: { path } without a FileSystem says what to provide; a missing file or a directory is named", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        const noFileSystem = yield* failureOf(client.upload({ path: "/tmp/requests.jsonl" }))
        assertRefused(noFileSystem, "upload", "FileSystem", "NodeFileSystem.layer", "fs.openAsBlob(path)")
        const missing = yield* failureOf(client.upload({ path: "/nonexistent/unibatch/requests.jsonl" }).pipe(Effect.provide(NodeFileSystem.layer)))
        assertRefused(missing, "upload", "cannot read", "/nonexistent/unibatch/requests.jsonl")
        const directory = yield* failureOf(client.upload({ path: os.tmpdir() }).pipe(Effect.provide(NodeFileSystem.layer)))
        assertRefused(directory, "upload", "is not a file")
        const notASource = yield* failureOf(client.upload(42 as never))
        assertRefused(notASource, "upload", "Blob", "Stream", "{ path }")
        const badPurpose = yield* failureOf(client.upload(new Blob(["{}\n"]), { purpose: "" }))
        assertRefused(badPurpose, "upload", "purpose")
        const badName = yield* failureOf(client.upload(new Blob(["{}\n"]), { filename: "a\r\nb" }))
        assertRefused(badName, "upload", "filename", "control character")
        assert.lengthOf(server.requests(), 0)
      }))

    it.effect("cancel, retrieveFile, fileContent and listFiles refuse bad ids and limits", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor)
        assertRefused(yield* failureOf(client.cancel("")), "cancel", "empty")
        assertRefused(yield* failureOf(client.cancel("file-123")), "cancel", "batch")
        assertRefused(yield* failureOf(client.retrieveFile("../etc")), "retrieveFile", "'/'")
        assertRefused(yield* failureOf(client.retrieveFile("file 1")), "retrieveFile", "whitespace")
        assertRefused(yield* streamFailureOf(client.fileContent("file#1")), "fileContent", "'#'")
        const { maxLimit } = vendor.definition.lifecycle.filePaging
        assertRefused(yield* streamFailureOf(client.listFiles({ limit: 0 })), "listFiles", `from 1 to ${maxLimit}`, "got 0")
        assertRefused(yield* streamFailureOf(client.listFiles({ limit: maxLimit + 1 })), "listFiles", `got ${maxLimit + 1}`)
        assertRefused(yield* streamFailureOf(client.listFiles({ maxPages: 0 })), "listFiles", "maxPages")
        assertRefused(yield* streamFailureOf(client.listFiles({ after: "a/b" })), "listFiles", "after")
        assert.lengthOf(server.requests(), 0)
      }))

    it.effect("options that are wrong refuse every lifecycle call, without quoting the key", () =>
      Effect.gen(function*() {
        const { server } = yield* setup(vendor)
        const client = yield* vendor.make({ apiKey: `${apiKey}\n`, baseUrl: server.baseUrl })
        const errors = [
          yield* failureOf(client.create({ inputFileId: "file-1", endpoint: limits.endpoints[0]! })),
          yield* failureOf(client.cancel("batch_abc")),
          yield* failureOf(client.upload(new Blob(["{}\n"]))),
          yield* failureOf(client.retrieveFile("file-1")),
          yield* streamFailureOf(client.listFiles()),
          yield* streamFailureOf(client.fileContent("file-1"))
        ]
        for (const error of errors) assertRefused(error, error.operation, "API key")
        assert.lengthOf(server.requests(), 0)
      }))
  })
}

describe("Decoder.decodeFile", () => {
  const context = { provider: "openai", operation: "retrieveFile", status: 200, requestId: "req_1" }
  const decodeFile = (value: unknown) => Decoder.decodeFile(OpenAi.definition, value, context)
  const fault = (value: unknown) => {
    const result = decodeFile(value)
    if (Result.isSuccess(result)) return assert.fail(`expected a DecodeError for ${inspect(value)}`)
    assert.strictEqual(result.failure._tag, "DecodeError")
    assert.strictEqual(result.failure.requestId, "req_1")
    return result.failure
  }

  it("reads a full file object, ids untranslated, unknown fields kept", () => {
    const result = decodeFile({
      id: "file-abc",
      object: "file",
      bytes: 120,
      created_at: 1711471533,
      expires_at: null,
      filename: "in.jsonl",
      purpose: "batch",
      status: "processed",
      status_details: null,
      colour: { shade: "blue" }
    })
    assert.isTrue(Result.isSuccess(result))
    const file = Result.getOrThrow(result)
    assert.strictEqual(file.id, "file-abc")
    assert.strictEqual(file.nativeId, "file-abc")
    assert.strictEqual(file.provider, "openai")
    assert.strictEqual(file.bytes, 120)
    assert.strictEqual(file.createdAt?.epochMilliseconds, 1711471533000)
    assert.strictEqual(file.expiresAt, null)
    assert.deepStrictEqual(file.extensions, { colour: { shade: "blue" } })
  })

  it("absent, null and {} mean no value; only the id is required", () => {
    const file = Result.getOrThrow(decodeFile({ id: "file-1", bytes: {}, filename: null, created_at: {} }))
    assert.deepStrictEqual([file.bytes, file.filename, file.purpose, file.status, file.createdAt, file.expiresAt], [null, null, null, null, null, null])
    assert.deepStrictEqual(file.extensions, {})
  })

  it("a body that does not fit names its JSON path", () => {
    assert.strictEqual(fault(null).path, "$")
    assert.strictEqual(fault([{ id: "file-1" }]).path, "$")
    assert.strictEqual(fault("file-1").path, "$")
    assert.include(fault({}).message, "required field is missing")
    assert.strictEqual(fault({ bytes: 1 }).path, "$.id")
    assert.strictEqual(fault({ id: "" }).path, "$.id")
    assert.strictEqual(fault({ id: 42 }).path, "$.id")
    const bytes = fault({ id: "file-1", bytes: "120" })
    assert.strictEqual(bytes.path, "$.bytes")
    assert.include(bytes.message, "string \"120\"")
    assert.strictEqual(fault({ id: "file-1", created_at: "yesterday" }).path, "$.created_at")
    assert.strictEqual(fault({ id: "file-1", filename: ["a"] }).path, "$.filename")
  })

  it("hostile bodies: __proto__ stays data, deep nesting is refused, nothing throws", () => {
    const parsed = JSON.parse('{"id":"file-1","__proto__":{"polluted":true}}')
    const file = Result.getOrThrow(decodeFile(parsed))
    assert.deepStrictEqual(Object.keys(file.extensions), ["__proto__"])
    assert.isUndefined(({} as Record<string, unknown>).polluted)
    let deep: unknown = 1
    for (let level = 0; level <= Decoder.maxUnknownDepth + 1; level++) deep = [deep]
    assert.match(fault({ id: "file-1", status_details: deep }).message, /nested deeper/)
    assert.match(fault({ id: "file-1", unknown: deep }).path, /^\$\.unknown\[0\]/)
    const notJson = Decoder.decodeFileText(OpenAi.definition, "<html>502</html>", context)
    assert.isTrue(Result.isFailure(notJson))
    assert.include(Result.isFailure(notJson) ? notJson.failure.message : "", "line 1, column 1")
  })

  it("decodeFilePage: the vendor's envelope, faults named by index, cursors null when not sent", () => {
    const page = Result.getOrThrow(
      Decoder.decodeFilePage(Neosantara.definition, { object: "list", data: [{ id: "file-1" }, { id: "file-2" }], has_more: true }, context)
    )
    assert.deepStrictEqual(page.data.map((file) => file.id), ["file-1", "file-2"])
    assert.deepStrictEqual([page.hasMore, page.firstId, page.lastId], [true, null, null])
    const openAiPage = Result.getOrThrow(
      Decoder.decodeFilePage(OpenAi.definition, { object: "list", data: [{ id: "file-1" }], first_id: "file-1", last_id: "file-1", has_more: false }, context)
    )
    assert.deepStrictEqual([openAiPage.firstId, openAiPage.lastId], ["file-1", "file-1"])
    const pageFault = (value: unknown) => {
      const result = Decoder.decodeFilePage(OpenAi.definition, value, context)
      return Result.isFailure(result) ? result.failure.path : "decoded"
    }
    assert.strictEqual(pageFault({ data: [{ id: "file-1" }, { id: "file-2", bytes: "x" }] }), "$.data[1].bytes")
    assert.strictEqual(pageFault({ data: "nope" }), "$.data")
    assert.strictEqual(pageFault({ object: "list" }), "$.data")
    assert.strictEqual(pageFault({ data: [], has_more: "yes" }), "$.has_more")
    assert.strictEqual(pageFault({ data: [], last_id: 5 }), "$.last_id")
    assert.strictEqual(pageFault(null), "$")
  })
})

describe("partial cancel answers", () => {
  const context = { provider: "neosantara", operation: "cancel", status: 200, requestId: null }
  const partial = {
    id: "batch-abc",
    object: "batch",
    endpoint: "/v1/chat/completions",
    status: "canceled",
    cancelled_at: 1711471533,
    request_counts: { total: 3, completed: 1, failed: 0 }
  }

  it("decode with only id and status; absent fields null; canceled is cancelled", () => {
    const batch = Result.getOrThrow(Decoder.decodeBatch(Neosantara.definition, partial, context, { partial: true }))
    assert.strictEqual(batch.id, "batch_abc")
    assert.strictEqual(batch.nativeId, "batch-abc")
    assert.strictEqual(batch.status, "cancelled")
    assert.strictEqual(batch.nativeStatus, "canceled")
    assert.strictEqual(batch.createdAt, null)
    assert.strictEqual(batch.cancelledAt?.epochMilliseconds, 1711471533000)
    assert.deepStrictEqual([batch.inputFileId, batch.outputFileId, batch.completionWindow, batch.expiresAt], [null, null, null, null])
    assert.strictEqual(batch.requestCounts?.total, 3)
    const json = Batch.toJson(batch)
    assert.strictEqual(json.createdAt, null)
    assert.strictEqual(json.cancelledAt, "2024-03-26T16:45:33.000Z")
  })

  it("a full batch still needs created_at; a partial one still needs id and status, and types are checked", () => {
    const full = Decoder.decodeBatch(Neosantara.definition, partial, context)
    assert.strictEqual(Result.isFailure(full) ? full.failure.path : "decoded", "$.created_at")
    const noStatus = Decoder.decodeBatch(Neosantara.definition, { id: "batch-abc" }, context, { partial: true })
    assert.strictEqual(Result.isFailure(noStatus) ? noStatus.failure.path : "decoded", "$.status")
    const noId = Decoder.decodeBatch(Neosantara.definition, { status: "canceled" }, context, { partial: true })
    assert.strictEqual(Result.isFailure(noId) ? noId.failure.path : "decoded", "$.id")
    const badTime = Decoder.decodeBatch(Neosantara.definition, { ...partial, cancelled_at: "now" }, context, { partial: true })
    assert.strictEqual(Result.isFailure(badTime) ? badTime.failure.path : "decoded", "$.cancelled_at")
  })
})

describe("Pagination of a listing without first / last id fields (Neosantara's files)", () => {
  const vendor: Pagination.PagedVendor = {
    provider: "example",
    paging: { limitParam: "limit", cursorParam: "after", defaultLimit: 20, maxLimit: 100, nextCursor: "lastIdField", order: "unspecified" },
    list: { data: "data", hasMore: "has_more", firstId: null, lastId: null },
    batch: { required: { id: "id" } }
  }

  it("takes the last item's id as the cursor, whatever the paging rule says", () => {
    assert.deepStrictEqual(Pagination.nextPage(vendor, { data: [{ id: "file-a" }, { id: "file-b" }], has_more: true }), {
      _tag: "Next",
      cursor: "file-b",
      path: "$.data[1].id"
    })
    // A stray last_id is not this vendor's field: it is not read.
    assert.deepStrictEqual(Pagination.nextPage(vendor, { data: [{ id: "file-a" }], has_more: true, last_id: "file-z" }), {
      _tag: "Next",
      cursor: "file-a",
      path: "$.data[0].id"
    })
    assert.strictEqual(Pagination.nextPage(vendor, { data: [], has_more: true })._tag, "Stuck")
    assert.strictEqual(Pagination.nextPage(vendor, { data: [{}], has_more: true })._tag, "Stuck")
    assert.strictEqual(Pagination.nextPage(vendor, { data: [{ id: "file-a" }], has_more: false })._tag, "End")
  })
})
