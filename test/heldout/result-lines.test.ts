/**
 * Result-line quirks of held-out servers, absorbed by the family's result-line reader: `error`
 * as a plain string or with a numeric `code`, `response.body` as a JSON string (or as plain
 * text); what stays malformed (a wrong type where no quirk is known) names its path. And the
 * failure to fetch a result file names the file and the batch.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Batch } from "@unibatch/core/Batch"
import type { BatchResult } from "@unibatch/core/BatchResult"
import * as Decoder from "@unibatch/core/Decoder"
import * as Results from "@unibatch/core/Results"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import { NotFoundError, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"

const definitions: ReadonlyArray<VendorDefinition> = [OpenAi.definition, Respan.definition, Neosantara.definition]

/** The results delivered, and the error the stream ended with (if any). */
const decode = (definition: VendorDefinition, lines: ReadonlyArray<unknown>) =>
  Effect.suspend(() => {
    const results: Array<BatchResult> = []
    const bytes = new TextEncoder().encode(lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n")
    return Results.decodeLines(definition, Stream.make(bytes), { batchId: "batch_abc", fileId: "file-err", strict: false, kind: "error" }).pipe(
      Stream.runForEach((result) => Effect.sync(() => results.push(result))),
      Effect.map(() => ({ results, error: undefined as UnibatchError | undefined })),
      Effect.catch((error) => Effect.succeed({ results, error }))
    )
  })

const chat = { object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "hi" } }] }

describe.each(definitions)("$provider", (definition) => {
  it.effect("error as a plain string: failed, the text as the message", () =>
    Effect.gen(function*() {
      const { error, results } = yield* decode(definition, [
        { id: "batch_req_1", custom_id: "a", response: null, error: "the model crashed" },
        { id: "batch_req_2", custom_id: "b", response: null, error: "" }
      ])
      assert.isUndefined(error, error?.message)
      assert.deepStrictEqual(results.map((result) => [result.customId, result.outcome, result.error]), [
        ["a", "failed", { code: null, message: "the model crashed" }],
        // An empty string says nothing: no response and no error is still a failure.
        ["b", "failed", { code: null, message: null }]
      ])
    }))

  it.effect("error with a numeric code: the code as text", () =>
    Effect.gen(function*() {
      const { error, results } = yield* decode(definition, [
        { id: "batch_req_1", custom_id: "a", response: null, error: { code: 500, message: "internal" } }
      ])
      assert.isUndefined(error, error?.message)
      assert.deepStrictEqual(results[0]?.error, { code: "500", message: "internal" })
    }))

  it.effect("response.body as a JSON string: the parsed body; as plain text: the text, and on failure the message", () =>
    Effect.gen(function*() {
      const { error, results } = yield* decode(definition, [
        { id: "batch_req_1", custom_id: "ok", response: { status_code: 200, request_id: "req_1", body: JSON.stringify(chat) }, error: null },
        {
          id: "batch_req_2",
          custom_id: "bad",
          response: { status_code: 400, request_id: "req_2", body: JSON.stringify({ error: { code: "invalid_value", message: "nope" } }) },
          error: null
        },
        { id: "batch_req_3", custom_id: "text", response: { status_code: 502, request_id: "req_3", body: "Bad Gateway" }, error: null },
        { id: "batch_req_4", custom_id: "quoted", response: { status_code: 200, request_id: "req_4", body: "\"just a string\"" }, error: null }
      ])
      assert.isUndefined(error, error?.message)
      const byId = new Map(results.map((result) => [result.customId, result]))
      assert.deepStrictEqual(byId.get("ok")?.body, chat)
      assert.strictEqual(byId.get("ok")?.outcome, "succeeded")
      assert.deepStrictEqual(byId.get("bad")?.error, { code: "invalid_value", message: "nope" })
      assert.deepStrictEqual(byId.get("text")?.body, "Bad Gateway")
      assert.deepStrictEqual(byId.get("text")?.error, { code: null, message: "Bad Gateway" })
      // Only an object or array in the text is taken as the body; any other text is the body verbatim.
      assert.deepStrictEqual(byId.get("quoted")?.body, "\"just a string\"")
    }))

  it.effect("a string body nested past the depth limit stays the string", () =>
    Effect.gen(function*() {
      const deep = "[".repeat(5_000) + "]".repeat(5_000)
      const { error, results } = yield* decode(definition, [
        { id: "batch_req_1", custom_id: "deep", response: { status_code: 200, request_id: "req_1", body: deep }, error: null }
      ])
      assert.isUndefined(error, error?.message)
      assert.strictEqual(results[0]?.body, deep)
    }))

  it.effect("a wrong type with no known quirk stays malformed, naming its path; the other lines are delivered", () =>
    Effect.gen(function*() {
      const { error, results } = yield* decode(definition, [
        { id: "batch_req_1", custom_id: "a", response: { status_code: "200", request_id: "req_1", body: chat }, error: null },
        { id: "batch_req_2", custom_id: "b", response: null, error: ["not", "an", "error"] },
        { id: "batch_req_3", custom_id: "c", response: { status_code: 200, request_id: "req_3", body: chat }, error: null }
      ])
      assert.deepStrictEqual(results.map((result) => result.customId), ["c"])
      assert.strictEqual(error?._tag, "DecodeError")
      assert.include(error?.message, "error file file-err, line 1: at $.response.status_code")
      assert.include(error?.message, "error file file-err, line 2: at $.error")
    }))
})

const finished = (definition: VendorDefinition): Batch =>
  Result.getOrThrow(Decoder.decodeBatch(definition, {
    id: definition.provider === "neosantara" ? "batch-abc" : "batch_abc",
    object: "batch",
    endpoint: "/v1/chat/completions",
    input_file_id: "file-in",
    completion_window: "24h",
    status: "completed",
    created_at: 1711471533,
    output_file_id: "file-out",
    error_file_id: "file-err"
  }, { provider: definition.provider, operation: "retrieve" }))

describe.each(definitions)("$provider: a result file that cannot be fetched", (definition) => {
  it.effect("the error keeps its tag and says which file of which batch", () =>
    Effect.gen(function*() {
      const line = { id: "batch_req_1", custom_id: "a", response: { status_code: 200, request_id: "req_1", body: chat }, error: null }
      const content = (fileId: string): Stream.Stream<Uint8Array, UnibatchError> =>
        fileId === "file-out"
          ? Stream.make(new TextEncoder().encode(JSON.stringify(line) + "\n"))
          : Stream.fail(new NotFoundError({ provider: definition.provider, operation: "fileContent", status: 404, message: "No such file", requestId: "req_9", type: null, code: "file_not_found" }))
      const delivered: Array<string> = []
      const error = yield* Results.read(definition, { batch: finished(definition), content }).pipe(
        Stream.runForEach((result) => Effect.sync(() => delivered.push(result.customId))),
        Effect.flip
      )
      assert.deepStrictEqual(delivered, ["a"])
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.requestId, "req_9")
      assert.strictEqual(error.operation, "fileContent")
      assert.strictEqual(error.message, "No such file (the error file file-err of batch batch_abc)")
    }))
})
