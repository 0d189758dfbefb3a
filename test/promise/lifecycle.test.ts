/**
 * The Promise API runs a whole batch over loopback, per vendor: submit (an array, an async
 * iterable), wait with progress, results as `for await`, cancel, files; an aborted wait and a
 * `break` out of results leave no request running; every rejection is one of the Promise API's
 * error classes and never holds the key.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import {
  type BatchJson,
  type BatchRequest,
  createClient,
  InvalidRequestError,
  NotFoundError,
  TransportError,
  UnibatchApiError
} from "unibatch"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inspect } from "node:util"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const apiKey = "sk-promise-lifecycle-SECRET-7"
const providers = ["openai", "respan", "neosantara"] as const
const endpoint = "/v1/chat/completions"

const request = (customId: string): BatchRequest => ({
  customId,
  body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `say ${customId}` }] }
})

const rejectionOf = async (promise: Promise<unknown>): Promise<UnibatchApiError> => {
  try {
    await promise
  } catch (error) {
    assert.instanceOf(error, UnibatchApiError)
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ""]) {
      assert.notInclude(text, apiKey)
    }
    return error as UnibatchApiError
  }
  return assert.fail("expected a rejection")
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const startFake = (provider: (typeof providers)[number], batchDurationMs: number) =>
  FakeVendor.start({ provider, count: 0, batchDurationMs } as FakeVendor.Options & { readonly batchDurationMs: number })

for (const provider of providers) {
  describe(`Promise lifecycle on ${provider}`, () => {
    let quick: FakeVendor.FakeVendorServer
    let slow: FakeVendor.FakeVendorServer
    // A cancel is `cancelling` for a quarter of the duration: a second here.
    let cancellable: FakeVendor.FakeVendorServer
    const client = (server: FakeVendor.FakeVendorServer) => createClient({ provider, apiKey, baseUrl: server.baseUrl, maxRetries: 0 })

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

    it("submit, wait with progress, results: each customId once with its planted outcome", async () => {
      const unibatch = client(quick)
      const customIds = ["ok-1", "will-fail-2", "will-expire-3", "ok-4"]
      const batch = await unibatch.submit(customIds.map(request), { endpoint, metadata: { job: "promise" } })
      assert.match(batch.id, /^batch_/)
      assert.strictEqual(batch.provider, provider)
      assert.deepInclude(batch.metadata, { job: "promise" })

      const seen: Array<BatchJson> = []
      const final = await unibatch.wait(batch.id, { onProgress: (changed) => void seen.push(changed) })
      assert.include(["completed", "expired"], final.status)
      assert.isAbove(seen.length, 0)
      assert.deepStrictEqual(seen[seen.length - 1], final)
      assert.match(final.createdAt!, /Z$/) // canonical JSON, as retrieve gives

      const outcomes: Record<string, string> = {}
      for await (const result of unibatch.results(batch.id)) {
        assert.notProperty(outcomes, result.customId)
        outcomes[result.customId] = result.outcome
        assert.strictEqual(result.batchId, batch.id)
        assert.strictEqual(result.provider, provider)
      }
      assert.deepStrictEqual(outcomes, { "ok-1": "succeeded", "will-fail-2": "failed", "will-expire-3": "expired", "ok-4": "succeeded" })
      await unibatch.close()
    })

    it("submit takes an async iterable; breaking out of results stops the download", async () => {
      const unibatch = client(quick)
      const generate = async function*() {
        for (let index = 0; index < 50; index++) yield request(`r-${index}`)
      }
      const batch = await unibatch.submit(generate(), { endpoint })
      const final = await unibatch.wait(batch.id)
      assert.strictEqual(final.status, "completed")
      assert.strictEqual(final.requestCounts?.total, 50)
      let count = 0
      for await (const _ of unibatch.results(batch.id)) {
        if (++count === 2) break
      }
      assert.strictEqual(count, 2)
      quick.clearRequests()
      await sleep(300)
      assert.strictEqual(quick.requests().length, 0)
      // All 50 are there when read to the end.
      const all: Array<string> = []
      for await (const result of unibatch.results(batch.id, { strict: true })) all.push(result.customId)
      assert.strictEqual(new Set(all).size, 50)
      await unibatch.close()
    })

    it("cancel, then wait follows it to cancelled; every request has a result", async () => {
      const unibatch = client(cancellable)
      const batch = await unibatch.submit([request("c-1"), request("c-2")], { endpoint })
      const cancelled = await unibatch.cancel(batch.id)
      assert.strictEqual(cancelled.id, batch.id)
      assert.include(["cancelling", "cancelled"], cancelled.status)
      const final = await unibatch.wait(batch.id, { timeoutMs: 20_000 })
      assert.strictEqual(final.status, "cancelled")
      const outcomes: Record<string, string> = {}
      for await (const result of unibatch.results(batch.id)) outcomes[result.customId] = result.outcome
      assert.sameMembers(Object.keys(outcomes), ["c-1", "c-2"])
      for (const outcome of Object.values(outcomes)) assert.include(["succeeded", "cancelled"], outcome)
      await unibatch.close()
    })

    it("an aborted wait rejects with the signal's reason and leaves no request running", async () => {
      const unibatch = client(slow)
      const batch = await unibatch.submit([request("w-1")], { endpoint })
      const controller = new AbortController()
      const reason = new Error("stop waiting")
      setTimeout(() => controller.abort(reason), 200)
      const started = Date.now()
      try {
        await unibatch.wait(batch.id, { signal: controller.signal })
        assert.fail("expected a rejection")
      } catch (error) {
        assert.strictEqual(error, reason)
      }
      assert.isBelow(Date.now() - started, 5_000)
      slow.clearRequests()
      await sleep(1_500) // past the first poll interval (1 s)
      assert.strictEqual(slow.requests().length, 0)
      await unibatch.close()
    })

    it("wait past timeoutMs rejects with a TransportError (Timeout)", async () => {
      const unibatch = client(slow)
      const batch = await unibatch.submit([request("t-1")], { endpoint })
      const error = await rejectionOf(unibatch.wait(batch.id, { timeoutMs: 300 }))
      assert.instanceOf(error, TransportError)
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.operation, "wait")
      assert.include(error.message, batch.id)
      await unibatch.close()
    })

    it("files: upload a path and a Blob, retrieve, list, content", async () => {
      const unibatch = client(quick)
      const directory = mkdtempSync(join(tmpdir(), "unibatch-promise-files-"))
      const path = join(directory, "input.jsonl")
      const text = [1, 2].map((index) =>
        JSON.stringify({ custom_id: `f-${index}`, method: "POST", url: endpoint, body: { model: "gpt-4o-mini", messages: [] } })
      ).join("\n") + "\n"
      writeFileSync(path, text)

      const fromPath = await unibatch.files.upload(path)
      assert.strictEqual(fromPath.filename, "input.jsonl")
      assert.strictEqual(fromPath.provider, provider)
      const fromBlob = await unibatch.files.upload(new Blob([text]), { filename: "blob.jsonl" })
      assert.strictEqual(fromBlob.filename, "blob.jsonl")
      const created = await unibatch.create({ inputFileId: fromBlob.id, endpoint })
      assert.strictEqual(created.inputFileId, fromBlob.id)
      assert.strictEqual((await unibatch.wait(created.id)).status, "completed")

      assert.deepInclude(await unibatch.files.retrieve(fromPath.id), { id: fromPath.id, filename: "input.jsonl" })

      const listed: Array<string> = []
      for await (const file of unibatch.files.list()) listed.push(file.id)
      assert.includeMembers(listed, [fromPath.id, fromBlob.id])

      const chunks: Array<Uint8Array> = []
      for await (const chunk of unibatch.files.content(fromPath.id)) chunks.push(chunk)
      assert.strictEqual(Buffer.concat(chunks).toString("utf8"), readFileSync(path, "utf8"))
      await unibatch.close()
    })

    it("errors are the Promise API's classes, never with the key", async () => {
      const unibatch = client(quick)
      assert.instanceOf(await rejectionOf(unibatch.cancel("batch_doesnotexist")), NotFoundError)
      assert.instanceOf(await rejectionOf(unibatch.files.retrieve("file-doesnotexist")), NotFoundError)
      const refused = await rejectionOf(unibatch.submit([request("x-1")], { endpoint: "/v1/images/generations" }))
      assert.instanceOf(refused, InvalidRequestError)
      assert.strictEqual(refused.status, null)
      const missing = await rejectionOf(unibatch.files.upload(join(tmpdir(), "no-such-file-unibatch.jsonl")))
      assert.instanceOf(missing, InvalidRequestError)
      assert.include(missing.message, "no such file")
      // From JavaScript: arguments of the wrong type are refused before anything is sent.
      assert.instanceOf(await rejectionOf(unibatch.wait(42 as unknown as string)), InvalidRequestError)
      assert.instanceOf(await rejectionOf(unibatch.submit(42 as unknown as Array<BatchRequest>, { endpoint })), InvalidRequestError)
      await unibatch.close()
    })
  })
}
