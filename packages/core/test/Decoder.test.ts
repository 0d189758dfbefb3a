import { describe, it } from "@effect/vitest"
import { pageToJson, toJson } from "@unibatch/core/Batch"
import * as Decoder from "@unibatch/core/Decoder"
import * as Either from "effect/Either"
import { readFileSync } from "node:fs"
import { assert } from "vitest"

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), "utf8")

const pageJson = (provider: "openai" | "respan" | "neosantara", text: string) => {
  const result = Decoder.decodePageText(text, { provider, operation: "list" })
  if (Either.isLeft(result)) assert.fail(result.left.message)
  return pageToJson(result.right)
}

const batchJson = (provider: "openai" | "respan" | "neosantara", value: unknown) => {
  const result = Decoder.decodeBatch(value, { provider, operation: "retrieve" })
  if (Either.isLeft(result)) assert.fail(result.left.message)
  return toJson(result.right)
}

const decodeFailure = (value: unknown) => {
  const result = Decoder.decodeBatch(value, { provider: "openai", operation: "retrieve", status: 200 })
  if (Either.isRight(result)) return assert.fail("expected a DecodeError")
  return result.left
}

// A minimal valid wire batch: only what a batch cannot exist without.
const minimal = { id: "batch_min", status: "completed", created_at: 1711471533 }

const noValues = {
  endpoint: null,
  inputFileId: null,
  outputFileId: null,
  errorFileId: null,
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
          requestCounts: { total: 100, completed: 98, failed: 2 },
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
          requestCounts: { total: 50, completed: 30, failed: 0 }
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
      requestCounts: { total: 100, completed: 95, failed: 5 },
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
      requestCounts: { total: 50, completed: 23, failed: 0 }
    })
    assert.strictEqual(page.data[0]?.completedAt, "2024-03-26T22:46:03.000Z")
    assert.deepStrictEqual([page.firstId, page.lastId, page.hasMore], ["batch_abc123", "batch_def456", false])
  })

  it("openai HTTP reference: its trailing commas are not JSON, reported with line and column", () => {
    const result = Decoder.decodePageText(fixture("openai/list-http-reference.txt"), { provider: "openai", operation: "list" })
    assert(Either.isLeft(result))
    assert.strictEqual(result.left._tag, "DecodeError")
    assert.strictEqual(result.left.path, "$")
    assert.include(result.left.message, "not JSON")
    assert.include(result.left.message, "unexpected \"}\\n},\\n{ ... }\" at line 31, column 1")
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
      requestCounts: { total: 100, completed: 95, failed: 5 },
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
      requestCounts: { total: 0, completed: 0, failed: 0 },
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
    const result = Decoder.decodeBatch(JSON.parse(`{"id":"batch_x","status":"completed","created_at":1,"__proto__":{"polluted":true}}`), {
      provider: "openai",
      operation: "retrieve"
    })
    assert(Either.isRight(result))
    assert.deepStrictEqual(Object.keys(result.right.extensions), ["__proto__"])
    assert.strictEqual(Object.getPrototypeOf(result.right.extensions), Object.prototype)
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined)
  })

  it("metadata values that are null or {} have no value; the others stay", () => {
    const json = batchJson("openai", { ...minimal, metadata: { team: "evals", owner: null, note: {} } })
    assert.deepStrictEqual(json.metadata, { team: "evals" })
  })

  it("the canonical JSON keeps an extension named __proto__ as data", () => {
    const result = Decoder.decodeBatch(JSON.parse(`{"id":"batch_x","status":"completed","created_at":1,"__proto__":{"kept":true}}`), {
      provider: "openai",
      operation: "retrieve"
    })
    assert(Either.isRight(result))
    assert.strictEqual(JSON.stringify(toJson(result.right).extensions), `{"__proto__":{"kept":true}}`)
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
    const result = Decoder.decodePageText(body, { provider: "respan", operation: "list" })
    assert(Either.isLeft(result))
    assert.strictEqual(result.left.path, "$.data[1].created_at")
  })

  it("list envelopes: data required, cursors and has_more typed", () => {
    const fault = (value: unknown) => {
      const result = Decoder.decodePage(value, { provider: "openai", operation: "list" })
      return Either.isLeft(result) ? result.left.path : "decoded"
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
      const result = Decoder.decodePageText(text, { provider: "openai", operation: "list", status: 200 })
      return Either.isLeft(result) ? result.left.message : "decoded"
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
