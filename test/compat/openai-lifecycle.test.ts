/**
 * The official `openai` client runs a whole batch job against the fake OpenAI server: it uploads
 * the input (its own multipart writer), creates the batch, polls it to the end on a driven clock,
 * cancels another one mid-run, and reads the output and error files.
 */
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import OpenAI, { toFile } from "openai"
import { afterAll, assert, beforeAll, describe, it } from "vitest"

const KEY = "sk-compat-lifecycle"
const DURATION = 10_000
let clock = 1_750_000_000_000
let server: FakeVendor.FakeVendorServer
let client: OpenAI

const requestLines = (customIds: ReadonlyArray<string>): string =>
  customIds
    .map((customId) =>
      JSON.stringify({
        custom_id: customId,
        method: "POST",
        url: "/v1/chat/completions",
        body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `Say hello to ${customId}` }] }
      })
    )
    .join("\n") + "\n"

const uploadAndCreate = async (customIds: ReadonlyArray<string>) => {
  const file = await client.files.create({ file: await toFile(Buffer.from(requestLines(customIds)), "input.jsonl"), purpose: "batch" })
  return client.batches.create({
    input_file_id: file.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
    metadata: { project: "compat" }
  })
}

const jsonLines = async (fileId: string): Promise<Array<any>> => {
  const text = await (await client.files.content(fileId)).text()
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line))
}

beforeAll(async () => {
  server = await FakeVendor.start({ provider: "openai", apiKey: KEY, batchDurationMs: DURATION, now: () => clock })
  client = new OpenAI({ apiKey: KEY, baseURL: server.baseUrl, maxRetries: 0 })
})

afterAll(() => server.close())

describe("the openai npm package runs a batch job on the fake OpenAI server", () => {
  it("files.create, batches.create, batches.retrieve to the end, files.content", async () => {
    const customIds = ["greet-1", "greet-2", "greet-fail-3", "greet-4", "greet-fail-5"]
    const file = await client.files.create({ file: await toFile(Buffer.from(requestLines(customIds)), "input.jsonl"), purpose: "batch" })
    assert.match(file.id, /^file-/)
    assert.deepStrictEqual([file.object, file.purpose, file.filename, file.bytes], [
      "file",
      "batch",
      "input.jsonl",
      Buffer.byteLength(requestLines(customIds))
    ])
    assert.strictEqual((await client.files.retrieve(file.id)).id, file.id)

    const created = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
    assert.match(created.id, /^batch_/)
    assert.strictEqual(created.status, "validating")
    assert.strictEqual(created.input_file_id, file.id)

    const seen: Array<string> = []
    let batch = created
    for (let step = 0; step < 12 && batch.status !== "completed"; step++) {
      clock += 1_000
      batch = await client.batches.retrieve(created.id)
      if (seen.at(-1) !== batch.status) seen.push(batch.status)
    }
    assert.deepStrictEqual(seen, ["in_progress", "finalizing", "completed"])
    assert.deepStrictEqual(batch.request_counts, { total: 5, completed: 3, failed: 2 })
    assert.isNumber(batch.completed_at)

    const output = await jsonLines(batch.output_file_id!)
    const errors = await jsonLines(batch.error_file_id!)
    assert.sameMembers(output.map((line) => line.custom_id), ["greet-1", "greet-2", "greet-4"])
    assert.sameMembers(errors.map((line) => line.custom_id), ["greet-fail-3", "greet-fail-5"])
    for (const line of output) {
      assert.strictEqual(line.response.status_code, 200)
      assert.strictEqual(line.response.body.object, "chat.completion")
      assert.strictEqual(line.response.body.model, "gpt-4o-mini")
    }
    // One failure has its own error; the other is the documented quirk, the error in the body.
    assert.sameMembers(errors.map((line) => line.error === null ? "in body" : "own error"), ["in body", "own error"])
  })

  it("batches.cancel mid-run: cancelling, then cancelled with partial output", async () => {
    const customIds = Array.from({ length: 10 }, (_, index) => `item-${index}`)
    const created = await uploadAndCreate(customIds)
    clock += DURATION / 2
    const cancelling = await client.batches.cancel(created.id)
    assert.strictEqual(cancelling.status, "cancelling")
    assert.isNumber(cancelling.cancelling_at)
    clock += DURATION / 4
    const cancelled = await client.batches.retrieve(created.id)
    assert.strictEqual(cancelled.status, "cancelled")
    assert.deepStrictEqual(cancelled.metadata, { project: "compat" })
    const output = await jsonLines(cancelled.output_file_id!)
    const errors = await jsonLines(cancelled.error_file_id!)
    assert.strictEqual(output.length, cancelled.request_counts!.completed)
    assert.isAbove(output.length, 0)
    assert.isBelow(output.length, 10)
    assert.sameMembers([...output, ...errors].map((line) => line.custom_id), customIds)
    for (const line of errors) assert.strictEqual(line.error.code, "batch_cancelled")

    const again = await client.batches.cancel(created.id).catch((caught: unknown) => caught)
    assert.instanceOf(again, OpenAI.ConflictError)
  })

  it("a missing file is the SDK's NotFoundError; a bad purpose its BadRequestError", async () => {
    const missing = await client.files.content("file-missing").catch((caught: unknown) => caught)
    assert.instanceOf(missing, OpenAI.NotFoundError)
    const wrongPurpose = await client.files
      .create({ file: await toFile(Buffer.from(requestLines(["x"])), "input.jsonl"), purpose: "fine-tune" })
      .catch((caught: unknown) => caught)
    assert.instanceOf(wrongPurpose, OpenAI.BadRequestError)
    assert.strictEqual((wrongPurpose as InstanceType<typeof OpenAI.BadRequestError>).param, "purpose")
  })

  it("files.list pages through the uploads and the batches' files", async () => {
    const ids: Array<string> = []
    for await (const file of client.files.list({ limit: 2 })) ids.push(file.id)
    assert.isAtLeast(ids.length, 5)
    assert.strictEqual(new Set(ids).size, ids.length)
    const outputs: Array<string> = []
    for await (const file of client.files.list({ purpose: "batch_output" })) outputs.push(file.purpose)
    assert.isAtLeast(outputs.length, 4)
    assert.isTrue(outputs.every((purpose) => purpose === "batch_output"))
  })
})
