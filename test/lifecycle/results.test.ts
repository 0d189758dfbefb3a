/**
 * Results out: the join of output and error files into one result per customId, whatever the
 * order, the split between the files and the chunking of the bytes; the vendors' quirks;
 * malformed lines (strict and not); missing files; a batch that has not ended.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Batch } from "@unibatch/core/Batch"
import type { BatchResult } from "@unibatch/core/BatchResult"
import * as Decoder from "@unibatch/core/Decoder"
import * as Results from "@unibatch/core/Results"
import { TransportError, type UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import fc from "fast-check"

const encoder = new TextEncoder()
const definitions: ReadonlyArray<VendorDefinition> = [OpenAi.definition, Neosantara.definition]

const batchOf = (
  definition: VendorDefinition,
  fields: { status?: string; output_file_id?: string | null; error_file_id?: string | null } = {}
): Batch =>
  Result.getOrThrow(Decoder.decodeBatch(definition, {
    id: "batch_abc",
    object: "batch",
    endpoint: "/v1/chat/completions",
    input_file_id: "file-in",
    completion_window: "24h",
    status: "completed",
    created_at: 1711471533,
    output_file_id: "file-out",
    error_file_id: "file-err",
    ...fields
  }, { provider: definition.provider, operation: "retrieve" }))

/** What one request became, and the line the vendor writes for it. */
type Planted =
  | { readonly kind: "succeeded"; readonly customId: string; readonly content: string }
  | { readonly kind: "failed"; readonly customId: string; readonly code: string; readonly message: string }
  | { readonly kind: "failedInBody"; readonly customId: string; readonly status: number; readonly code: string; readonly message: string }
  | { readonly kind: "expired"; readonly customId: string }
  | { readonly kind: "cancelled"; readonly customId: string }

const wireLine = (planted: Planted, index: number): Record<string, unknown> => {
  const id = `batch_req_${index}`
  switch (planted.kind) {
    case "succeeded":
      return {
        id,
        custom_id: planted.customId,
        response: {
          status_code: 200,
          request_id: `req_${index}`,
          body: { object: "chat.completion", choices: [{ message: { role: "assistant", content: planted.content } }] }
        },
        error: null
      }
    case "failed":
      return { id, custom_id: planted.customId, response: null, error: { code: planted.code, message: planted.message } }
    case "failedInBody":
      // The quirk: `error` is null, the status is not 2xx, and the error is in the body.
      return {
        id,
        custom_id: planted.customId,
        response: { status_code: planted.status, request_id: `req_${index}`, body: { error: { code: planted.code, message: planted.message, type: "invalid_request_error" } } },
        error: null
      }
    case "expired":
      return { id, custom_id: planted.customId, response: null, error: { code: "batch_expired", message: "This request could not be executed before the completion window expired." } }
    case "cancelled":
      return { id, custom_id: planted.customId, response: null, error: { code: "batch_cancelled", message: "This request was not executed because the batch was cancelled." } }
  }
}

const expected = (planted: Planted, index: number, provider: string): BatchResult => {
  const line = wireLine(planted, index)
  const response = line.response as { status_code: number; request_id: string; body: unknown } | null
  const base = {
    provider,
    batchId: "batch_abc",
    customId: planted.customId,
    statusCode: response?.status_code ?? null,
    body: response?.body ?? null,
    requestId: response?.request_id ?? null
  }
  switch (planted.kind) {
    case "succeeded":
      return { ...base, outcome: "succeeded", error: null }
    case "failed":
    case "failedInBody":
      return { ...base, outcome: "failed", error: { code: planted.code, message: planted.message } }
    case "expired":
      return { ...base, outcome: "expired", error: { code: "batch_expired", message: (line.error as { message: string }).message } }
    case "cancelled":
      return { ...base, outcome: "cancelled", error: { code: "batch_cancelled", message: (line.error as { message: string }).message } }
  }
}

/** Bytes cut at the given points (any byte: inside lines and inside UTF-8 characters). */
const cut = (bytes: Uint8Array, points: ReadonlyArray<number>): Array<Uint8Array> => {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Array<Uint8Array> = []
  let from = 0
  for (const point of sorted) {
    chunks.push(bytes.subarray(from, point))
    from = point
  }
  chunks.push(bytes.subarray(from))
  return chunks
}

const filesSource = (batch: Batch, files: Readonly<Record<string, ReadonlyArray<Uint8Array>>>, calls: Array<string> = []) => ({
  batch,
  content: (fileId: string) =>
    Stream.suspend(() => {
      calls.push(fileId)
      return Stream.fromIterable(files[fileId] ?? [])
    })
})

const text = (lines: ReadonlyArray<string>) => encoder.encode(lines.map((line) => line + "\n").join(""))

const customIdArbitrary = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.fullUnicodeString({ minLength: 1, maxLength: 6 }),
  fc.constantFrom("é", "😀-1", "日本語", "a\nb", "\r")
)

const plantedArbitrary = (customId: string): fc.Arbitrary<Planted> =>
  fc.oneof(
    fc.fullUnicodeString({ maxLength: 20 }).map((content) => ({ kind: "succeeded" as const, customId, content })),
    fc.record({ code: fc.constantFrom("invalid_request", "server_error"), message: fc.fullUnicodeString({ maxLength: 20 }) })
      .map(({ code, message }) => ({ kind: "failed" as const, customId, code, message })),
    fc.record({ status: fc.constantFrom(400, 404, 429, 500), code: fc.constantFrom("invalid_model", "rate_limited"), message: fc.string({ maxLength: 20 }) })
      .map(({ code, message, status }) => ({ kind: "failedInBody" as const, customId, status, code, message })),
    fc.constant({ kind: "expired" as const, customId }),
    fc.constant({ kind: "cancelled" as const, customId })
  )

/** Results, their order, which file each goes to, the line endings, blank lines, and where the bytes are cut. */
const joinCase = fc
  .uniqueArray(customIdArbitrary, { minLength: 0, maxLength: 30 })
  .chain((customIds) =>
    fc.record({
      planted: fc.tuple(...customIds.map(plantedArbitrary)),
      toErrorFile: fc.array(fc.boolean(), { minLength: customIds.length, maxLength: customIds.length }),
      order: fc.shuffledSubarray(customIds.map((_, index) => index), { minLength: customIds.length, maxLength: customIds.length }),
      crlf: fc.boolean(),
      blankLines: fc.boolean(),
      finalNewline: fc.boolean(),
      outputCuts: fc.array(fc.nat(), { maxLength: 12 }),
      errorCuts: fc.array(fc.nat(), { maxLength: 12 })
    })
  )

const collect = (stream: Stream.Stream<BatchResult, UnibatchError>) => Effect.runPromise(Stream.runCollect(stream))

describe("Results.read: the join", () => {
  for (const definition of definitions) {
    it(`${definition.provider}: each customId exactly once with its outcome, any order, any split, any chunking`, async () => {
      await fc.assert(
        fc.asyncProperty(joinCase, async (input) => {
          const output: Array<string> = []
          const error: Array<string> = []
          for (const index of input.order) {
            const planted = input.planted[index]!
            const target = input.toErrorFile[index] ? error : output
            target.push(JSON.stringify(wireLine(planted, index)))
            if (input.blankLines && index % 3 === 0) target.push(input.crlf ? "  \r" : "")
          }
          const bytesOf = (lines: Array<string>) => {
            const eol = input.crlf ? "\r\n" : "\n"
            const joined = lines.join(eol) + (input.finalNewline && lines.length > 0 ? eol : "")
            return encoder.encode(joined)
          }
          const batch = batchOf(definition)
          const source = filesSource(batch, {
            "file-out": cut(bytesOf(output), input.outputCuts),
            "file-err": cut(bytesOf(error), input.errorCuts)
          })
          const results = await collect(Results.read(definition, source, { strict: true }))
          const byId = new Map(results.map((result) => [result.customId, result]))
          assert.strictEqual(results.length, input.planted.length)
          assert.strictEqual(byId.size, input.planted.length)
          input.planted.forEach((planted, index) => {
            assert.deepStrictEqual(byId.get(planted.customId), expected(planted, index, definition.provider))
          })
        }),
        { numRuns: 200 }
      )
    })
  }

  it("the quirks: error null with a non-2xx status is failed with the body's error; batch_expired, batch_cancelled", async () => {
    const planted: Array<Planted> = [
      { kind: "failedInBody", customId: "quirk", status: 400, code: "invalid_model", message: "No such model" },
      { kind: "expired", customId: "late" },
      { kind: "cancelled", customId: "stopped" },
      { kind: "succeeded", customId: "fine", content: "Hi" }
    ]
    const batch = batchOf(OpenAi.definition)
    const results = await collect(Results.read(OpenAi.definition, filesSource(batch, {
      "file-out": [text([JSON.stringify(wireLine(planted[0]!, 0)), JSON.stringify(wireLine(planted[3]!, 3))])],
      "file-err": [text([JSON.stringify(wireLine(planted[1]!, 1)), JSON.stringify(wireLine(planted[2]!, 2))])]
    })))
    assert.deepStrictEqual(results.map((result) => [result.customId, result.outcome]), [
      ["quirk", "failed"],
      ["fine", "succeeded"],
      ["late", "expired"],
      ["stopped", "cancelled"]
    ])
    assert.deepStrictEqual(results[0]!.error, { code: "invalid_model", message: "No such model" })
    assert.strictEqual(results[0]!.statusCode, 400)
    assert.deepStrictEqual(results[0]!.body, { error: { code: "invalid_model", message: "No such model", type: "invalid_request_error" } })
    assert.strictEqual(results[2]!.statusCode, null)
    assert.strictEqual(results[2]!.error?.code, "batch_expired")
  })
})

const good = (customId: string) => JSON.stringify(wireLine({ kind: "succeeded", customId, content: "ok" }, 0))

describe("Results: malformed lines", () => {
  const lines = [
    good("a"),
    "{not json",
    good("b"),
    JSON.stringify({ custom_id: 5, response: null, error: null }),
    JSON.stringify({ custom_id: "c", response: { status_code: "200", body: {} }, error: null }),
    "",
    good("d"),
    "[1, 2]",
    JSON.stringify({ response: null, error: { code: "x", message: "y" } }),
    good("e")
  ]

  it.effect("not strict: every good line is delivered, then one DecodeError names each malformed line", () =>
    Effect.gen(function*() {
      const batch = batchOf(OpenAi.definition, { error_file_id: null })
      const delivered: Array<string> = []
      const error = yield* Results.read(OpenAi.definition, filesSource(batch, { "file-out": [text(lines)] })).pipe(
        Stream.runForEach((result) => Effect.sync(() => delivered.push(result.customId))),
        Effect.flip
      )
      assert.deepStrictEqual(delivered, ["a", "b", "d", "e"])
      assert.strictEqual(error._tag, "DecodeError")
      assert.strictEqual(error.operation, "results")
      assert.strictEqual(error.provider, "openai")
      assert.strictEqual(error.status, null)
      assert.strictEqual(error.requestId, null)
      assert.match(error.message, /^5 malformed result lines in batch batch_abc/)
      assert.include(error.message, "output file file-out, line 2: not JSON: unexpected")
      assert.include(error.message, "output file file-out, line 4: at $.custom_id: expected a string, got number 5")
      assert.include(error.message, "output file file-out, line 5: at $.response.status_code: expected a number, got string \"200\"")
      assert.include(error.message, "output file file-out, line 8: expected a result object, got an array")
      assert.include(error.message, "output file file-out, line 9: at $.custom_id: required field is missing")
      assert.notInclude(error.message, "line 6")
    }))

  it.effect("strict: the good lines before the first malformed one, then its DecodeError", () =>
    Effect.gen(function*() {
      const batch = batchOf(OpenAi.definition, { error_file_id: null })
      const delivered: Array<string> = []
      const error = yield* Results.read(OpenAi.definition, filesSource(batch, { "file-out": [text(lines)] }), { strict: true }).pipe(
        Stream.runForEach((result) => Effect.sync(() => delivered.push(result.customId))),
        Effect.flip
      )
      assert.deepStrictEqual(delivered, ["a"])
      assert.strictEqual(error._tag, "DecodeError")
      assert.match(error.message, /^output file file-out, line 2: not JSON: unexpected "not json" at column 2/)
      assert.strictEqual((error as { path: string }).path, "$")
      const typed = yield* Results.decodeLines(OpenAi.definition, Stream.make(text([good("a"), lines[4]!])), {
        batchId: "batch_abc",
        fileId: "file-out",
        strict: true
      }).pipe(Stream.runDrain, Effect.flip)
      assert.strictEqual((typed as { path: string }).path, "$.response.status_code")
    }))

  it.effect("a customId in both files is delivered once; the second is malformed, naming the first", () =>
    Effect.gen(function*() {
      const batch = batchOf(OpenAi.definition)
      const results: Array<BatchResult> = []
      const error = yield* Results.read(OpenAi.definition, filesSource(batch, {
        "file-out": [text([good("a"), good("b")])],
        "file-err": [text([JSON.stringify(wireLine({ kind: "expired", customId: "c" }, 1)), JSON.stringify(wireLine({ kind: "expired", customId: "b" }, 2))])]
      })).pipe(Stream.runForEach((result) => Effect.sync(() => results.push(result))), Effect.flip)
      assert.deepStrictEqual(results.map((result) => result.customId), ["a", "b", "c"])
      assert.strictEqual(results[1]!.outcome, "succeeded")
      assert.match(error.message, /^1 malformed result line in batch batch_abc/)
      assert.include(error.message, "error file file-err, line 2: custom id \"b\" was already read at output file file-out, line 2")
    }))

  it.effect("past 20 malformed lines, the rest are counted", () =>
    Effect.gen(function*() {
      const many = Array.from({ length: 25 }, (_, index) => `oops ${index}`)
      const error = yield* Results.decodeLines(OpenAi.definition, Stream.make(text([good("a"), ...many])), {
        batchId: "batch_abc",
        fileId: "file-out",
        strict: false
      }).pipe(Stream.runDrain, Effect.flip)
      assert.match(error.message, /^25 malformed result lines/)
      assert.include(error.message, "line 21: not JSON")
      assert.notInclude(error.message, "line 22:")
      assert.match(error.message, /; and 5 more$/)
    }))

  it.effect("a line past maxLineBytes is malformed, in one chunk or across many; the others are read", () =>
    Effect.gen(function*() {
      const long = JSON.stringify(wireLine({ kind: "succeeded", customId: "long", content: "x".repeat(5_000) }, 0))
      const bytes = text([good("a"), long, good("b"), long])
      for (const chunks of [[bytes], cut(bytes, Array.from({ length: 60 }, (_, index) => index * 97))]) {
        const delivered: Array<string> = []
        const error = yield* Results.decodeLines(OpenAi.definition, Stream.fromIterable(chunks), {
          batchId: "batch_abc",
          fileId: "file-out",
          strict: false,
          maxLineBytes: 1_000
        }).pipe(Stream.runForEach((result) => Effect.sync(() => delivered.push(result.customId))), Effect.flip)
        assert.deepStrictEqual(delivered, ["a", "b"])
        assert.include(error.message, "output file file-out, line 2: the line is longer than 1000 bytes (maxLineBytes)")
        assert.include(error.message, "output file file-out, line 4: the line is longer than 1000 bytes")
      }
      // The last line, without its newline, too long.
      const unterminated = yield* Results.decodeLines(OpenAi.definition, Stream.make(encoder.encode(good("a") + "\n" + long)), {
        batchId: "batch_abc",
        fileId: "file-out",
        strict: true,
        maxLineBytes: 1_000
      }).pipe(Stream.runDrain, Effect.flip)
      assert.match(unterminated.message, /^output file file-out, line 2: the line is longer than 1000 bytes/)
      const refused = yield* Results.decodeLines(OpenAi.definition, Stream.empty, {
        batchId: "batch_abc",
        fileId: "file-out",
        strict: true,
        maxLineBytes: 0
      }).pipe(Stream.runDrain, Effect.flip)
      assert.strictEqual(refused._tag, "InvalidRequestError")
    }))

  it.effect("a line that is not UTF-8 is malformed; its neighbours are read", () =>
    Effect.gen(function*() {
      const bad = new Uint8Array([...encoder.encode('{"custom_id":"'), 0xff, 0xfe, ...encoder.encode('","response":null}\n')])
      const bytes = new Uint8Array([...text([good("a")]), ...bad, ...text([good("b")])])
      const delivered: Array<string> = []
      const error = yield* Results.decodeLines(OpenAi.definition, Stream.make(bytes), {
        batchId: "batch_abc",
        fileId: "file-err",
        kind: "error",
        strict: false
      }).pipe(Stream.runForEach((result) => Effect.sync(() => delivered.push(result.customId))), Effect.flip)
      assert.deepStrictEqual(delivered, ["a", "b"])
      assert.include(error.message, "error file file-err, line 2: the line is not valid UTF-8")
    }))

  it.effect("a last line without its newline is read", () =>
    Effect.gen(function*() {
      const results = yield* Results.decodeLines(OpenAi.definition, Stream.make(encoder.encode(`${good("a")}\r\n${good("b")}`)), {
        batchId: "batch_abc",
        fileId: "file-out",
        strict: true
      }).pipe(Stream.runCollect)
      assert.deepStrictEqual(results.map((result) => result.customId), ["a", "b"])
    }))
})

describe("Results.read: files and statuses", () => {
  it.effect("a null file id is skipped; neither file on a terminal batch is no results", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      const files = { "file-out": [text([good("a")])], "file-err": [text([good("b")])] }
      const onlyErrors = batchOf(Neosantara.definition, { output_file_id: null, status: "failed" })
      const fromErrors = yield* Stream.runCollect(Results.read(Neosantara.definition, filesSource(onlyErrors, files, calls)))
      assert.deepStrictEqual(fromErrors.map((result) => result.customId), ["b"])
      assert.deepStrictEqual(calls, ["file-err"])
      const none = batchOf(Neosantara.definition, { output_file_id: null, error_file_id: null, status: "expired" })
      assert.deepStrictEqual(yield* Stream.runCollect(Results.read(Neosantara.definition, filesSource(none, files, calls))), [])
      assert.deepStrictEqual(calls, ["file-err"])
    }))

  it.effect("the error file is fetched only once the output file is read", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      const batch = batchOf(OpenAi.definition)
      const first = yield* Results.read(OpenAi.definition, filesSource(batch, {
        "file-out": [text([good("a"), good("b")])],
        "file-err": [text([good("c")])]
      }, calls)).pipe(Stream.take(1), Stream.runCollect)
      assert.deepStrictEqual(first.map((result) => result.customId), ["a"])
      assert.deepStrictEqual(calls, ["file-out"])
    }))

  it.effect("a batch that has not ended is refused, naming its status, before any file is read", () =>
    Effect.gen(function*() {
      for (const status of ["in_progress", "validating", "finalizing", "cancelling", "queued"]) {
        const calls: Array<string> = []
        const batch = batchOf(OpenAi.definition, { status })
        const error = yield* Results.read(OpenAi.definition, filesSource(batch, {}, calls)).pipe(Stream.runDrain, Effect.flip)
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.strictEqual(error.operation, "results")
        assert.include(error.message, `batch batch_abc is ${status === "queued" ? "unknown" : status} ("${status}")`)
        assert.deepStrictEqual(calls, [])
      }
    }))

  it.effect("a transport failure of a file ends the stream with that error", () =>
    Effect.gen(function*() {
      const batch = batchOf(OpenAi.definition)
      const failure = new TransportError({
        provider: "openai", operation: "fileContent", status: null, requestId: null, reason: "Connection", message: "connection reset"
      })
      const source = {
        batch,
        content: (_: string) => Stream.concat(Stream.make(text([good("a")])), Stream.fail(failure))
      }
      const error = yield* Results.read(OpenAi.definition, source).pipe(Stream.runDrain, Effect.flip)
      assert.strictEqual(error, failure)
    }))
})
