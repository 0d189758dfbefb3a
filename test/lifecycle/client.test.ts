/**
 * The lifecycle operations over real loopback HTTP against each fake vendor: upload (a Blob, a
 * byte Stream, a path), retrieveFile, listFiles, create, cancel and fileContent round trips; the
 * size limit on a stream; which uploads are retried; errors classified, the key in none of them.
 */
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { describe, it } from "@effect/vitest"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { inspect } from "node:util"
import { assert } from "vitest"
import { invalidInput } from "@unibatch/core/UnibatchError"
import { apiKey, setup, transports, vendorsOver } from "../adapters/vendors.js"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

const assertNoKey = (error: UnibatchError) => {
  for (const text of [String(error), JSON.stringify(errorToJson(error)), inspect(error, { depth: 10 })]) assert.notInclude(text, apiKey)
}

const endpoint = "/v1/chat/completions"
const line = (customId: string) =>
  JSON.stringify({ custom_id: customId, method: "POST", url: endpoint, body: { model: "gpt-4o-mini", messages: [{ role: "user", content: customId }] } }) + "\n"
const jsonl = (count: number) => Array.from({ length: count }, (_, index) => line(`r-${index + 1}`)).join("")

/** Created batches stay running for a minute, so that a cancel finds them running. */
const running = { batchDurationMs: 60_000 }
/** Under `it.effect` the clock is a TestClock: a retry's backoff would never end. */
const noRetries = { maxRetries: 0 }

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The text in chunks of `size` bytes: a stream that arrives in parts. */
const chunked = (text: string, size: number): Stream.Stream<Uint8Array, UnibatchError> => {
  const bytes = encoder.encode(text)
  const chunks: Array<Uint8Array> = []
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.slice(start, start + size))
  return Stream.fromIterable(chunks)
}

const contentOf = (stream: Stream.Stream<Uint8Array, UnibatchError>) =>
  Effect.map(Stream.runCollect(stream), (chunks) => decoder.decode(Buffer.concat(Array.from(chunks))))

for (const vendor of transports.flatMap((transport) => vendorsOver(transport).map((vendor) => ({ ...vendor, transport: transport.name })))) {
  const { lifecycle } = vendor.definition
  describe(`${vendor.provider} lifecycle over loopback, ${vendor.transport}`, () => {
    it.effect("upload (Blob) -> retrieveFile -> listFiles -> create -> cancel -> fileContent", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, running, noRetries)
        const text = jsonl(3)
        const file = yield* client.upload(new Blob([text]))
        assert.strictEqual(file.provider, vendor.provider)
        assert.strictEqual(file.id, file.nativeId)
        assert.strictEqual(file.bytes, encoder.encode(text).length)
        assert.strictEqual(file.filename, "requests.jsonl")
        assert.strictEqual(file.purpose, lifecycle.filePurpose)
        const [uploadRequest] = server.requests()
        assert.strictEqual(uploadRequest!.method, "POST")
        assert.match(uploadRequest!.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/)

        const retrieved = yield* client.retrieveFile(file.id)
        assert.deepStrictEqual([retrieved.id, retrieved.bytes, retrieved.filename], [file.id, file.bytes, file.filename])

        const listed = yield* Stream.runCollect(client.listFiles({ purpose: lifecycle.filePurpose }))
        assert.include(listed.map((each) => each.id), file.id)
        assert.strictEqual(server.requests().at(-1)!.query["purpose"], lifecycle.filePurpose)

        const batch = yield* client.create({ inputFileId: file.id, endpoint, metadata: { job: "nightly" } })
        assert.strictEqual(batch.provider, vendor.provider)
        assert.isTrue(batch.id.startsWith("batch_"))
        assert.isTrue(batch.nativeId.startsWith(vendor.nativePrefix))
        assert.strictEqual(batch.inputFileId, file.id)
        assert.strictEqual(batch.endpoint, endpoint)
        assert.deepStrictEqual(batch.metadata, { job: "nightly" })
        const createRequest = server.requests().at(-1)!
        assert.strictEqual(createRequest.method, "POST")
        assert.strictEqual(createRequest.headers[vendor.authHeader], vendor.authValue)

        const cancelled = yield* client.cancel(batch.id)
        assert.strictEqual(cancelled.id, batch.id)
        if (lifecycle.partialCancel) {
          // A partial answer: `"status": "canceled"`, no created_at.
          assert.deepStrictEqual([cancelled.status, cancelled.nativeStatus, cancelled.createdAt], ["cancelled", "canceled", null])
        } else {
          assert.strictEqual(cancelled.status, "cancelling")
          assert.isNotNull(cancelled.createdAt)
        }
        assert.strictEqual(server.requests().at(-1)!.path.includes(batch.nativeId), true)

        assert.strictEqual(yield* contentOf(client.fileContent(file.id)), text)
      }))

    it.effect("a cancel answer trimmed to id and status decodes on any vendor (absent fields null)", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, running, noRetries)
        const id = `${vendor.nativePrefix}trimmed`
        server.inject({ route: "cancel", status: 200, body: JSON.stringify({ id, status: "cancelling" }) })
        const cancelled = yield* client.cancel(id)
        assert.deepStrictEqual(
          [cancelled.id, cancelled.status, cancelled.createdAt, cancelled.endpoint, cancelled.requestCounts],
          ["batch_trimmed", "cancelling", null, null, null]
        )
      }))

    it.effect("upload of a Stream, chunk by chunk, and of a path; the file name given or the path's", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor, running, noRetries)
        const text = jsonl(50)
        const streamed = yield* client.upload(chunked(text, 7), { filename: "streamed.jsonl" })
        assert.strictEqual(streamed.bytes, encoder.encode(text).length)
        assert.strictEqual(streamed.filename, "streamed.jsonl")
        assert.strictEqual(yield* contentOf(client.fileContent(streamed.id)), text)

        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "unibatch-upload-"))
        const onDisk = path.join(directory, "nightly \"batch\".jsonl")
        fs.writeFileSync(onDisk, text)
        const fromPath = yield* client.upload({ path: onDisk }).pipe(Effect.provide(NodeFileSystem.layer))
        // The streamed form escapes a quote in a file name as fetch's FormData does (%22).
        const fromBlob = yield* client.upload(new Blob([text]), { filename: "nightly \"batch\".jsonl" })
        assert.strictEqual(fromPath.filename, fromBlob.filename)
        assert.include(["nightly \"batch\".jsonl", "nightly %22batch%22.jsonl"], fromPath.filename)
        assert.strictEqual(fromPath.bytes, encoder.encode(text).length)
        assert.strictEqual(yield* contentOf(client.fileContent(fromPath.id)), text)
      }))

    it.live("a Stream upload is sent as it is read: the request is out before the stream ends", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, running, noRetries)
        const text = jsonl(20)
        const half = Math.floor(text.length / 2)
        // The second half comes only once the server has the request: a body gathered before
        // sending would wait here forever (and fail after 5 s).
        const requestArrived = Effect.promise(() =>
          new Promise<void>((resolve, reject) => {
            const started = Date.now()
            const check = () => {
              if (server.requests().some((request) => request.method === "POST")) resolve()
              else if (Date.now() - started > 5_000) reject(new Error("the upload request was not sent while its stream was open"))
              else setTimeout(check, 5)
            }
            check()
          })
        )
        const source = Stream.concat(chunked(text.slice(0, half), 64), Stream.unwrap(Effect.as(requestArrived, chunked(text.slice(half), 64))))
        const file = yield* client.upload(source)
        assert.strictEqual(yield* contentOf(client.fileContent(file.id)), text)
      }))

    it.effect("submit writes, uploads and creates; its checks and the requests' own refuse before any batch", () =>
      Effect.gen(function*() {
        const { client, server } = yield* setup(vendor, running, noRetries)
        const requests = [1, 2, 3].map((index) => ({ customId: `r-${index}`, body: { model: "gpt-4o-mini", messages: [] } }))
        const batch = yield* client.submit(requests, { endpoint, metadata: { job: "submit" } })
        assert.strictEqual(batch.endpoint, endpoint)
        assert.deepStrictEqual(batch.metadata, { job: "submit" })
        const input = yield* client.retrieveFile(batch.inputFileId!)
        assert.strictEqual(input.filename, "requests.jsonl")
        const lines = (yield* contentOf(client.fileContent(input.id))).trim().split("\n").map((text) => JSON.parse(text))
        assert.deepStrictEqual(lines.map((each) => [each.custom_id, each.url]), [["r-1", endpoint], ["r-2", endpoint], ["r-3", endpoint]])

        server.clearRequests()
        const duplicate = yield* failureOf(client.submit([...requests, requests[0]!], { endpoint }))
        assert.strictEqual(duplicate._tag, "InvalidRequestError")
        assert.include(duplicate.message, "r-1")
        assertNoKey(duplicate)
        // Nothing but the (aborted) upload went out: no batch was created.
        assert.deepStrictEqual(server.requests().filter((request) => !request.path.includes("/files")), [])
      }))

    it.effect("results and waitForCompletion of a submitted batch, by id and by value", () =>
      Effect.gen(function*() {
        const { server } = yield* setup(vendor)
        const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxRetries: 0 })
        const requests = ["ok-1", "fail-2", "ok-3"].map((customId) => ({ customId, body: { model: "gpt-4o-mini", messages: [] } }))
        const submitted = yield* client.submit(requests, { endpoint })
        const done = yield* client.waitForCompletion(submitted.id)
        assert.strictEqual(done.status, "completed")
        const byId = yield* Stream.runCollect(client.results(submitted.id))
        const byValue = yield* Stream.runCollect(client.results(done))
        assert.deepStrictEqual(byId.map((result) => result.customId).sort(), ["fail-2", "ok-1", "ok-3"])
        assert.deepStrictEqual(byValue.map((result) => [result.customId, result.outcome]).sort(), [["fail-2", "failed"], ["ok-1", "succeeded"], ["ok-3", "succeeded"]])
        for (const result of byId) assert.strictEqual(result.batchId, submitted.id)
      }))

    it.effect("a source stream's own failure fails the upload with that error", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor, running, noRetries)
        const broken = Stream.concat(chunked(jsonl(2), 16), Stream.fail(invalidInput(vendor.provider, "writeRequests", "line 3: duplicate customId \"r-1\"")))
        const error = yield* failureOf(client.upload(broken))
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.include(error.message, "duplicate customId")
        assertNoKey(error)
      }))

    it.live("a Blob upload is retried after a 503; a Stream upload is sent once", () =>
      Effect.gen(function*() {
        const { server } = yield* setup(vendor, running)
        const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxRetries: 2 })
        server.inject({ status: 503, headers: { "retry-after-ms": "1" } })
        const file = yield* client.upload(new Blob([jsonl(1)]))
        assert.isString(file.id)
        assert.lengthOf(server.requests(), 2)
        server.clearRequests()
        server.inject({ status: 503, headers: { "retry-after-ms": "1" } })
        const error = yield* failureOf(client.upload(chunked(jsonl(1), 8)))
        assert.strictEqual(error._tag, "ServerError")
        assert.strictEqual(error.attempts, 1)
        assert.lengthOf(server.requests(), 1)
        assertNoKey(error)
      }))

    it.effect("vendor errors are classified: an unknown file, a create from it, its content", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor, running, noRetries)
        const errors = [
          yield* failureOf(client.retrieveFile("file-doesnotexist")),
          yield* failureOf(Stream.runDrain(client.fileContent("file-doesnotexist"))),
          yield* failureOf(client.create({ inputFileId: "file-doesnotexist", endpoint }))
        ]
        for (const error of errors) {
          assert.isNotNull(error.status, `${error._tag}: ${error.message}`)
          assert.include(["NotFoundError", "InvalidRequestError"], error._tag)
          assertNoKey(error)
        }
      }))

    it.live("fileContent: the timeout covers the wait for the response; a stopped server is a TransportError", () =>
      Effect.gen(function*() {
        const { server } = yield* setup(vendor, running)
        const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, maxRetries: 0, timeout: "200 millis" })
        const file = yield* client.upload(new Blob([jsonl(1)]))
        server.inject({ hang: true })
        const hung = yield* failureOf(Stream.runDrain(client.fileContent(file.id)))
        assert.deepStrictEqual([hung._tag, hung.operation], ["TransportError", "fileContent"])
        assert.strictEqual(hung._tag === "TransportError" ? hung.reason : undefined, "Timeout")
        server.inject({ reset: true })
        const reset = yield* failureOf(Stream.runDrain(client.fileContent(file.id)))
        assert.deepStrictEqual([reset._tag, reset.operation], ["TransportError", "fileContent"])
        for (const error of [hung, reset]) assertNoKey(error)
      }))

    it.effect("fileContent streams: taking the first bytes ends the request early", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor, running, noRetries)
        const text = jsonl(2000)
        const file = yield* client.upload(new Blob([text]))
        const first = yield* Stream.runCollect(Stream.take(client.fileContent(file.id), 1))
        assert.lengthOf(first, 1)
        assert.isTrue(text.startsWith(decoder.decode(first[0]!)))
      }))
  })
}

describe("streamed uploads over fetch", () => {
  it.effect("are sent with redirect: \"error\", so that fetch keeps no copy of the body; other requests with manual redirects", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "openai", ...running })
      const client = yield* VendorClient.make(OpenAi.definition, { apiKey, baseUrl: server.baseUrl, maxRetries: 0 }).pipe(Effect.provide(FetchHttpClient.layer))
      // Any other mode makes fetch clone the request, and a stream body's clone is a tee that
      // holds every byte sent until the upload ends.
      const seen: Array<string> = []
      const recordingFetch: typeof globalThis.fetch = (input, init) => {
        seen.push(`${init?.method} ${init?.redirect}`)
        return globalThis.fetch(input, init)
      }
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), "unibatch-redirect-"))
      fs.writeFileSync(path.join(directory, "in.jsonl"), jsonl(2))
      yield* Effect.gen(function*() {
        const file = yield* client.upload(chunked(jsonl(2), 10))
        yield* client.upload({ path: path.join(directory, "in.jsonl") }).pipe(Effect.provide(NodeFileSystem.layer))
        yield* client.upload(new Blob([jsonl(2)]))
        yield* client.retrieveFile(file.id)
      }).pipe(Effect.provideService(FetchHttpClient.Fetch, recordingFetch))
      assert.deepStrictEqual(seen, ["POST error", "POST error", "POST manual", "GET manual"])
    }))
})

describe("a stream over maxFileBytes", () => {
  const definition: VendorDefinition = {
    ...OpenAi.definition,
    lifecycle: { ...OpenAi.definition.lifecycle, limits: { ...OpenAi.definition.lifecycle.limits, maxFileBytes: 1000 } }
  }

  it.effect("fails with an InvalidRequestError naming the limit once the bytes pass it; no file is kept", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ definition, ...running })
      const client = yield* VendorClient.make(definition, { apiKey, baseUrl: server.baseUrl, maxRetries: 0 }).pipe(Effect.provide(FetchHttpClient.layer))
      const text = jsonl(40)
      assert.isAbove(encoder.encode(text).length, 1000)
      const error = yield* failureOf(client.upload(chunked(text, 300)))
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.strictEqual(error.status, null)
      assert.include(error.message, "1000 bytes")
      assert.include(error.message, "maxFileBytes")
      assertNoKey(error)
      const files = yield* Stream.runCollect(client.listFiles())
      assert.lengthOf(files, 0)
      // Under the limit, the same definition uploads.
      const small = yield* client.upload(chunked(jsonl(2), 300))
      assert.isAtMost(small.bytes ?? Infinity, 1000)
    }))
})
