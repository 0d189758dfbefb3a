/**
 * The lenient decoder, driven by each vendor's definition: the seed examples decode to the
 * canonical values the docs describe, the nullable-aware rules hold, and bad input is a
 * DecodeError with a JSON path, never a throw. A vendor shaped otherwise (RFC 3339 timestamps, its
 * own status field and vocabulary, other envelope names) decodes through the same code.
 */
import { assert, describe, it } from "@effect/vitest"
import { BatchPage, isBatch, pageToJson, toJson } from "@unibatch/core/Batch"
import * as Decoder from "@unibatch/core/Decoder"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Timestamp from "@unibatch/core/Timestamp"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as DateTime from "effect/DateTime"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), "utf8")

const definitions = { openai: OpenAi.definition, respan: Respan.definition, neosantara: Neosantara.definition }
type Vendor = keyof typeof definitions

const pageJson = (provider: Vendor, text: string) => {
  const result = Decoder.decodePageText(definitions[provider], text, { provider, operation: "list" })
  if (Result.isFailure(result)) return assert.fail(result.failure.message)
  return pageToJson(result.success)
}

const batchJson = (provider: Vendor, value: unknown) => {
  const result = Decoder.decodeBatch(definitions[provider], value, { provider, operation: "retrieve" })
  if (Result.isFailure(result)) return assert.fail(result.failure.message)
  return toJson(result.success)
}

const decodeFailure = (value: unknown) => {
  const result = Decoder.decodeBatch(OpenAi.definition, value, { provider: "openai", operation: "retrieve", status: 200 })
  if (Result.isSuccess(result)) return assert.fail("expected a DecodeError")
  return result.failure
}

/** The family's counts: it gives no processing, cancelled or expired count. */
const counts = (total: number, completed: number, failed: number) => ({ total, completed, failed, processing: null, cancelled: null, expired: null })

// A minimal valid wire batch: only what a batch cannot exist without.
const minimal = { id: "batch_min", status: "completed", created_at: 1711471533 }

const noValues = {
  endpoint: null,
  inputFileId: null,
  outputFileId: null,
  errorFileId: null,
  resultsUrl: null,
  completionWindow: null,
  model: null,
  inProgressAt: null,
  expiresAt: null,
  finalizingAt: null,
  completedAt: null,
  failedAt: null,
  expiredAt: null,
  cancellingAt: null,
  cancelledAt: null,
  requestCounts: null,
  errors: [],
  metadata: {},
  usage: null,
  extensions: {}
}

describe("Decoder: the seed examples decode to the canonical values the docs describe", () => {
  it("neosantara list: batch- IDs become canonical, nulls stay null, newest first", () => {
    assert.deepStrictEqual(pageJson("neosantara", fixture("neosantara/list.json")), {
      data: [
        {
          ...noValues,
          provider: "neosantara",
          id: "batch_abc123",
          nativeId: "batch-abc123",
          endpoint: "/v1/chat/completions",
          status: "completed",
          nativeStatus: "completed",
          inputFileId: "file-xyz789",
          outputFileId: "file-output-123",
          errorFileId: "file-errors-456",
          completionWindow: "24h",
          createdAt: "2023-11-09T21:20:00.000Z",
          inProgressAt: "2023-11-09T21:23:20.000Z",
          expiresAt: "2023-11-10T21:20:00.000Z",
          finalizingAt: "2023-11-09T22:13:20.000Z",
          completedAt: "2023-11-09T22:21:40.000Z",
          requestCounts: counts(100, 98, 2),
          metadata: { project: "data-analysis" }
        },
        {
          ...noValues,
          provider: "neosantara",
          id: "batch_def456",
          nativeId: "batch-def456",
          endpoint: "/v1/embeddings",
          status: "in_progress",
          nativeStatus: "in_progress",
          inputFileId: "file-abc999",
          completionWindow: "24h",
          createdAt: "2023-11-09T17:13:20.000Z",
          inProgressAt: "2023-11-09T17:16:40.000Z",
          expiresAt: "2023-11-10T17:13:20.000Z",
          requestCounts: counts(50, 30, 0)
        }
      ],
      firstId: "batch_abc123",
      lastId: "batch_def456",
      hasMore: false
    })
  })

  it("neosantara schema example: every {} placeholder means no value", () => {
    const page = pageJson("neosantara", fixture("neosantara/list-schema.json"))
    assert.deepStrictEqual(page, {
      data: [
        {
          ...noValues,
          provider: "neosantara",
          id: "<string>",
          nativeId: "<string>",
          endpoint: "<string>",
          status: "unknown",
          nativeStatus: "<string>",
          inputFileId: "<string>",
          completionWindow: "<string>",
          createdAt: "1970-01-01T00:02:03.000Z",
          expiresAt: "1970-01-01T00:02:03.000Z"
        }
      ],
      firstId: null,
      lastId: null,
      hasMore: true
    })
  })

  it("respan retrieve: the full OpenAI-shaped object", () => {
    assert.deepStrictEqual(batchJson("respan", JSON.parse(fixture("respan/retrieve.json"))), {
      ...noValues,
      provider: "respan",
      id: "batch_abc123",
      nativeId: "batch_abc123",
      endpoint: "/v1/chat/completions",
      status: "completed",
      nativeStatus: "completed",
      inputFileId: "file-abc123",
      outputFileId: "file-xyz789",
      completionWindow: "24h",
      createdAt: "2024-03-26T16:45:33.000Z",
      inProgressAt: "2024-03-26T16:45:38.000Z",
      expiresAt: "2024-03-27T16:45:33.000Z",
      finalizingAt: "2024-03-26T22:45:33.000Z",
      completedAt: "2024-03-26T22:46:03.000Z",
      requestCounts: counts(100, 95, 5),
      metadata: { description: "Customer analysis batch" }
    })
  })

  it("respan list: fields it leaves out are null, not made up", () => {
    const page = pageJson("respan", fixture("respan/list.json"))
    assert.deepStrictEqual(page.data[1], {
      ...noValues,
      provider: "respan",
      id: "batch_def456",
      nativeId: "batch_def456",
      endpoint: "/v1/chat/completions",
      status: "in_progress",
      nativeStatus: "in_progress",
      createdAt: "2024-03-26T17:46:03.000Z",
      requestCounts: counts(50, 23, 0)
    })
    assert.strictEqual(page.data[0]?.completedAt, "2024-03-26T22:46:03.000Z")
    assert.deepStrictEqual([page.firstId, page.lastId, page.hasMore], ["batch_abc123", "batch_def456", false])
  })

  it("openai HTTP reference: its trailing commas are not JSON, reported with line and column", () => {
    const result = Decoder.decodePageText(OpenAi.definition, fixture("openai/list-http-reference.txt"), { provider: "openai", operation: "list" })
    assert(Result.isFailure(result))
    assert.strictEqual(result.failure._tag, "DecodeError")
    assert.strictEqual(result.failure.path, "$")
    assert.include(result.failure.message, "not JSON")
    assert.include(result.failure.message, "unexpected \"}\\n},\\n{ ... }\" at line 31, column 1")
  })

  it("openai HTTP reference, corrected: decodes", () => {
    const page = pageJson("openai", fixture("openai/list-http-reference-corrected.json"))
    assert.deepStrictEqual(page.data[0], {
      ...noValues,
      provider: "openai",
      id: "batch_abc123",
      nativeId: "batch_abc123",
      endpoint: "/v1/chat/completions",
      status: "completed",
      nativeStatus: "completed",
      inputFileId: "file-abc123",
      outputFileId: "file-cvaTdG",
      errorFileId: "file-HOWS94",
      completionWindow: "24h",
      createdAt: "2024-03-26T16:45:33.000Z",
      inProgressAt: "2024-03-26T16:45:38.000Z",
      expiresAt: "2024-03-27T16:45:33.000Z",
      finalizingAt: "2024-03-26T22:45:33.000Z",
      completedAt: "2024-03-26T22:46:03.000Z",
      requestCounts: counts(100, 95, 5),
      metadata: { customer_id: "user_123456789", batch_description: "Nightly job" }
    })
    assert.deepStrictEqual([page.data.length, page.firstId, page.lastId, page.hasMore], [2, "batch_abc123", "batch_abc456", true])
  })

  it("openai Python SDK example: usage with cached and reasoning tokens, errors flattened, zeros kept", () => {
    const page = pageJson("openai", fixture("openai/list-python-sdk.json"))
    assert.deepStrictEqual(page.data[0], {
      provider: "openai",
      id: "id",
      nativeId: "id",
      endpoint: "endpoint",
      status: "validating",
      nativeStatus: "validating",
      inputFileId: "input_file_id",
      outputFileId: "output_file_id",
      errorFileId: "error_file_id",
      resultsUrl: null,
      completionWindow: "completion_window",
      model: "model",
      createdAt: "1970-01-01T00:00:00.000Z",
      inProgressAt: "1970-01-01T00:00:00.000Z",
      expiresAt: "1970-01-01T00:00:00.000Z",
      finalizingAt: "1970-01-01T00:00:00.000Z",
      completedAt: "1970-01-01T00:00:00.000Z",
      failedAt: "1970-01-01T00:00:00.000Z",
      expiredAt: "1970-01-01T00:00:00.000Z",
      cancellingAt: "1970-01-01T00:00:00.000Z",
      cancelledAt: "1970-01-01T00:00:00.000Z",
      requestCounts: counts(0, 0, 0),
      errors: [{ code: "code", message: "message", line: 0, param: "param" }],
      metadata: { foo: "string" },
      usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, totalTokens: 0 },
      extensions: {}
    })
    assert.deepStrictEqual([page.firstId, page.lastId, page.hasMore], ["batch_abc123", "batch_abc456", true])
  })
})

describe("Decoder: nullable-aware decoding", () => {
  it("absent, null and {} each become null", () => {
    const absent = batchJson("openai", minimal)
    const nulls = batchJson("openai", { ...minimal, output_file_id: null, completed_at: null, usage: null, request_counts: null, model: null })
    const placeholders = batchJson("openai", { ...minimal, output_file_id: {}, completed_at: {}, usage: {}, request_counts: {}, model: {} })
    for (const json of [absent, nulls, placeholders]) {
      assert.deepStrictEqual(
        [json.outputFileId, json.completedAt, json.usage, json.requestCounts, json.model, json.errors, json.metadata],
        [null, null, null, null, null, [], {}]
      )
    }
  })

  it("unknown fields land in extensions, verbatim", () => {
    const json = batchJson("openai", { ...minimal, priority: "high", region: { name: "eu", zones: [1, 2] }, object: "batch" })
    assert.deepStrictEqual(json.extensions, { priority: "high", region: { name: "eu", zones: [1, 2] } })
  })

  it("a known object with fields the schema does not know is kept in extensions too", () => {
    const usage = { input_tokens: 5, output_tokens: 7, total_tokens: 12, audio_tokens: 3 }
    const json = batchJson("openai", { ...minimal, usage })
    assert.deepStrictEqual(json.extensions, { usage })
    assert.deepStrictEqual(json.usage, { inputTokens: 5, cachedInputTokens: null, outputTokens: 7, reasoningTokens: null, totalTokens: 12 })
  })

  it("a __proto__ key stays plain data", () => {
    const result = Decoder.decodeBatch(OpenAi.definition, JSON.parse(`{"id":"batch_x","status":"completed","created_at":1,"__proto__":{"polluted":true}}`), {
      provider: "openai",
      operation: "retrieve"
    })
    assert(Result.isSuccess(result))
    assert.deepStrictEqual(Object.keys(result.success.extensions), ["__proto__"])
    assert.strictEqual(Object.getPrototypeOf(result.success.extensions), Object.prototype)
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined)
  })

  it("metadata values that are null or {} have no value; the others stay", () => {
    const json = batchJson("openai", { ...minimal, metadata: { team: "evals", owner: null, note: {} } })
    assert.deepStrictEqual(json.metadata, { team: "evals" })
  })

  it("the canonical JSON keeps an extension named __proto__ as data", () => {
    const result = Decoder.decodeBatch(OpenAi.definition, JSON.parse(`{"id":"batch_x","status":"completed","created_at":1,"__proto__":{"kept":true}}`), {
      provider: "openai",
      operation: "retrieve"
    })
    assert(Result.isSuccess(result))
    assert.strictEqual(JSON.stringify(toJson(result.success).extensions), `{"__proto__":{"kept":true}}`)
  })

  it("an unknown status is unknown with the native string kept; canceled is cancelled", () => {
    const unknown = batchJson("openai", { ...minimal, status: "queued" })
    assert.deepStrictEqual([unknown.status, unknown.nativeStatus], ["unknown", "queued"])
    const canceled = batchJson("neosantara", { ...minimal, id: "batch-x", status: "canceled" })
    assert.deepStrictEqual([canceled.status, canceled.nativeStatus, canceled.id], ["cancelled", "canceled", "batch_x"])
  })

  it("usage present is normalized, with cached and reasoning tokens", () => {
    const json = batchJson("openai", {
      ...minimal,
      usage: {
        input_tokens: 1000,
        input_tokens_details: { cached_tokens: 200 },
        output_tokens: 300,
        output_tokens_details: { reasoning_tokens: 120 },
        total_tokens: 1300
      }
    })
    assert.deepStrictEqual(json.usage, { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 300, reasoningTokens: 120, totalTokens: 1300 })
  })

  it("errors in their {object, data} form become a flat array; {} and null become []", () => {
    const json = batchJson("openai", {
      ...minimal,
      errors: { object: "list", data: [{ code: "invalid_json", message: "Line 3 is not JSON", line: 3, param: null }, { code: "x" }] }
    })
    assert.deepStrictEqual(json.errors, [
      { code: "invalid_json", message: "Line 3 is not JSON", line: 3, param: null },
      { code: "x", message: null, line: null, param: null }
    ])
    assert.deepStrictEqual(batchJson("openai", { ...minimal, errors: {} }).errors, [])
  })
})

describe("Decoder: bad input is a DecodeError with a path, never a throw", () => {
  it("a required field missing names it", () => {
    for (const field of ["id", "status", "created_at"] as const) {
      const { [field]: _, ...rest } = minimal
      const error = decodeFailure(rest)
      assert.strictEqual(error.path, `$.${field}`)
      assert.include(error.message, "missing")
      assert.deepStrictEqual([error.provider, error.operation, error.status], ["openai", "retrieve", 200])
    }
  })

  it("a field of the wrong type names its path", () => {
    assert.strictEqual(decodeFailure({ ...minimal, created_at: "1711471533" }).path, "$.created_at")
    assert.strictEqual(decodeFailure({ ...minimal, id: "" }).path, "$.id")
    assert.strictEqual(decodeFailure({ ...minimal, status: 3 }).path, "$.status")
    assert.strictEqual(decodeFailure({ ...minimal, completed_at: "yesterday" }).path, "$.completed_at")
    assert.strictEqual(decodeFailure({ ...minimal, request_counts: { total: "100" } }).path, "$.request_counts.total")
    assert.strictEqual(decodeFailure({ ...minimal, metadata: { team: 7 } }).path, "$.metadata.team")
    assert.strictEqual(decodeFailure({ ...minimal, errors: { data: [{ line: "3" }] } }).path, "$.errors.data[0].line")
    assert.strictEqual(decodeFailure({ ...minimal, usage: { input_tokens_details: { cached_tokens: true } } }).path, "$.usage.input_tokens_details.cached_tokens")
    assert.include(decodeFailure({ ...minimal, created_at: "1711471533" }).message, "expected a number, got string \"1711471533\"")
  })

  it("a list item's fault names the item", () => {
    const body = JSON.stringify({ object: "list", data: [minimal, { ...minimal, created_at: null }], has_more: false })
    const result = Decoder.decodePageText(Respan.definition, body, { provider: "respan", operation: "list" })
    assert(Result.isFailure(result))
    assert.strictEqual(result.failure.path, "$.data[1].created_at")
  })

  it("list envelopes: data required, cursors and has_more typed", () => {
    const fault = (value: unknown) => {
      const result = Decoder.decodePage(OpenAi.definition, value, { provider: "openai", operation: "list" })
      return Result.isFailure(result) ? result.failure.path : "decoded"
    }
    assert.strictEqual(fault([]), "$")
    assert.strictEqual(fault({ object: "list" }), "$.data")
    assert.strictEqual(fault({ data: {} }), "$.data")
    assert.strictEqual(fault({ data: [], first_id: 5 }), "$.first_id")
    assert.strictEqual(fault({ data: [], has_more: "yes" }), "$.has_more")
    assert.strictEqual(fault({ data: [] }), "decoded")
  })

  it("bodies that are not JSON: HTML, truncated, empty", () => {
    const message = (text: string) => {
      const result = Decoder.decodePageText(OpenAi.definition, text, { provider: "openai", operation: "list", status: 200 })
      return Result.isFailure(result) ? result.failure.message : "decoded"
    }
    assert.include(message("<html><body>Bad Gateway</body></html>"), "unexpected \"<html><body>\" at line 1, column 1")
    assert.include(message("{\"object\": \"list\", \"data\": [{\"id\":"), "unexpected end of input at line 1, column 35")
    assert.include(message(""), "not JSON")
    assert.include(message("{\n  \"a\": 1\n  \"b\": 2\n}"), "line 3, column 3")
  })

  it("values that are not batch objects", () => {
    for (const value of [null, 3, "batch", [minimal], true]) {
      assert.strictEqual(decodeFailure(value).path, "$")
    }
  })
})

describe("Decoder: values are plain canonical objects", () => {
  it("a decoded page is plain data that the canonical Schemas accept", () => {
    const result = Decoder.decodePageText(Respan.definition, fixture("respan/list.json"), { provider: "respan", operation: "list" })
    assert(Result.isSuccess(result))
    const page = result.success
    assert.strictEqual(Object.getPrototypeOf(page), Object.prototype)
    for (const batch of page.data) {
      assert.strictEqual(Object.getPrototypeOf(batch), Object.prototype)
      assert.isTrue(isBatch(batch))
      assert.isTrue(DateTime.isDateTime(batch.createdAt))
    }
    assert.isTrue(Schema.is(BatchPage)(page))
  })

  it("a timestamp a date cannot hold is a DecodeError, not a throw", () => {
    const error = decodeFailure({ ...minimal, completed_at: 1e300 })
    assert.strictEqual(error.path, "$.completed_at")
    assert.include(error.message, "expected unix seconds a date can hold, got number 1e+300")
  })
})

describe("Decoder: a vendor shaped otherwise decodes through its definition alone", () => {
  // RFC 3339 timestamps, a `processing_status` with its own vocabulary, counts by outcome, a
  // results URL instead of files, `msgbatch_` IDs: none of it in the decoder's code.
  const Rfc3339 = Timestamp.rfc3339.schema
  const Counts = Schema.Struct({ processing: OpenAiFamily.Count, succeeded: OpenAiFamily.Count, errored: OpenAiFamily.Count, canceled: OpenAiFamily.Count, expired: OpenAiFamily.Count })
  const WireMessageBatch = Schema.Struct({
    id: Schema.String,
    type: Schema.Literal("message_batch"),
    processing_status: Schema.String,
    request_counts: Counts,
    created_at: Rfc3339,
    expires_at: Rfc3339,
    ended_at: Schema.NullOr(Rfc3339),
    cancel_initiated_at: Schema.NullOr(Rfc3339),
    archived_at: Schema.NullOr(Rfc3339),
    results_url: Schema.NullOr(Schema.String)
  })
  const utc = Timestamp.toUtc(Timestamp.rfc3339)
  const count = (value: unknown) => (typeof value === "number" ? value : null)
  const messageBatches: Decoder.Definition = {
    provider: "example",
    ids: { nativePrefix: "msgbatch_" },
    timestamps: Timestamp.rfc3339,
    list: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
    batch: {
      schema: WireMessageBatch,
      required: { id: "id", status: "processing_status", createdAt: "created_at" },
      status: (nativeStatus, raw) =>
        nativeStatus === "in_progress"
          ? "in_progress"
          : nativeStatus === "canceling"
          ? "cancelling"
          : nativeStatus !== "ended"
          ? "unknown"
          : raw.cancel_initiated_at != null
          ? "cancelled"
          : "completed",
      read: (raw) => {
        const counts = raw.request_counts as Record<string, unknown> | null | undefined
        const [succeeded, errored, processing, canceled, expired] = ["succeeded", "errored", "processing", "canceled", "expired"].map((key) => count(counts?.[key]))
        return {
          endpoint: null,
          inputFileId: null,
          outputFileId: null,
          errorFileId: null,
          resultsUrl: typeof raw.results_url === "string" ? raw.results_url : null,
          completionWindow: null,
          model: null,
          createdAt: utc(raw.created_at)!,
          inProgressAt: null,
          expiresAt: utc(raw.expires_at),
          finalizingAt: null,
          completedAt: raw.cancel_initiated_at == null ? utc(raw.ended_at) : null,
          failedAt: null,
          expiredAt: null,
          cancellingAt: utc(raw.cancel_initiated_at),
          cancelledAt: raw.cancel_initiated_at == null ? null : utc(raw.ended_at),
          requestCounts: counts == null
            ? null
            : {
              total: [succeeded, errored, processing, canceled, expired].reduce<number>((sum, value) => sum + (value ?? 0), 0),
              completed: succeeded ?? null,
              failed: errored ?? null,
              processing: processing ?? null,
              cancelled: canceled ?? null,
              expired: expired ?? null
            },
          errors: [],
          metadata: {},
          usage: null
        }
      }
    }
  }
  const wire = {
    id: "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF",
    type: "message_batch",
    processing_status: "ended",
    request_counts: { processing: 0, succeeded: 95, errored: 5, canceled: 0, expired: 0 },
    ended_at: "2024-08-20T18:37:24.100435Z",
    created_at: "2024-08-20T18:37:24.100435Z",
    expires_at: "2024-08-21T18:37:24.100435Z",
    archived_at: null,
    cancel_initiated_at: null,
    results_url: "https://api.example.com/v1/messages/batches/msgbatch_013Zva2CMHLNnXjNJJKqJ2EF/results"
  }
  const context = { provider: "example", operation: "retrieve" }

  it("reads its statuses, timestamps, counts, results URL and IDs", () => {
    const result = Decoder.decodeBatch(messageBatches, wire, context)
    assert(Result.isSuccess(result))
    const json = toJson(result.success)
    assert.deepStrictEqual(
      [json.id, json.nativeId, json.status, json.nativeStatus, json.createdAt, json.completedAt, json.resultsUrl, json.inputFileId],
      ["batch_013Zva2CMHLNnXjNJJKqJ2EF", "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF", "completed", "ended", "2024-08-20T18:37:24.100Z", "2024-08-20T18:37:24.100Z", wire.results_url, null]
    )
    assert.deepStrictEqual(json.requestCounts, { total: 100, completed: 95, failed: 5, processing: 0, cancelled: 0, expired: 0 })
    assert.deepStrictEqual([json.extensions, json.errors, json.metadata], [{}, [], {}])
  })

  it("its required status field and its timestamp format are enforced with paths", () => {
    const { processing_status: _, ...noStatus } = wire
    const missing = Decoder.decodeBatch(messageBatches, noStatus, context)
    assert(Result.isFailure(missing))
    assert.strictEqual(missing.failure.path, "$.processing_status")
    const badDate = Decoder.decodeBatch(messageBatches, { ...wire, ended_at: "yesterday" }, context)
    assert(Result.isFailure(badDate))
    assert.strictEqual(badDate.failure.path, "$.ended_at")
    assert.include(badDate.failure.message, "expected an RFC 3339 date-time, got string \"yesterday\"")
    const impossible = Decoder.decodeBatch(messageBatches, { ...wire, created_at: "2024-02-30T00:00:00Z" }, context)
    assert(Result.isFailure(impossible))
    assert.strictEqual(impossible.failure.path, "$.created_at")
    const wrongType = Decoder.decodeBatch(messageBatches, { ...wire, created_at: 1711471533 }, context)
    assert(Result.isFailure(wrongType))
    assert.include(wrongType.failure.message, "expected a string, got number 1711471533")
  })

  it("a list of them pages by its own envelope, with canonical cursors", () => {
    const result = Decoder.decodePage(messageBatches, { data: [wire], has_more: true, first_id: wire.id, last_id: wire.id }, { provider: "example", operation: "list" })
    assert(Result.isSuccess(result))
    assert.deepStrictEqual([result.success.firstId, result.success.lastId, result.success.hasMore], ["batch_013Zva2CMHLNnXjNJJKqJ2EF", "batch_013Zva2CMHLNnXjNJJKqJ2EF", true])
  })
})

describe("Decoder: a definition whose batch schema is not an object schema", () => {
  it("refuses every batch with a DecodeError that says so, never a throw", () => {
    const broken: Decoder.Definition = { ...OpenAi.definition, batch: { ...OpenAi.definition.batch, schema: Schema.String } }
    const result = Decoder.decodeBatch(broken, minimal, { provider: "example", operation: "retrieve" })
    assert(Result.isFailure(result))
    assert.strictEqual(result.failure.path, "$")
    assert.include(result.failure.message, "batch schema is not an object schema")
  })
})
