import { describe, it } from "@effect/vitest"
import * as UnibatchError from "@unibatch/core/UnibatchError"
import * as Schema from "effect/Schema"
import { assert } from "vitest"

const classify = (status: number, body: string, headers: Record<string, string> = {}) =>
  UnibatchError.fromResponse({ provider: "openai", operation: "list", status, body, headers })

describe("UnibatchError.fromResponse", () => {
  it("maps each status to its canonical error", () => {
    const cases: Array<[number, string]> = [
      [400, "InvalidRequestError"],
      [401, "AuthenticationError"],
      [403, "PermissionDeniedError"],
      [404, "NotFoundError"],
      [409, "ConflictError"],
      [422, "InvalidRequestError"],
      [429, "RateLimitError"],
      [418, "InvalidRequestError"],
      [500, "ServerError"],
      [502, "ServerError"],
      [503, "ServerError"]
    ]
    for (const [status, tag] of cases) {
      const error = classify(status, "{}")
      assert.strictEqual(error._tag, tag, `status ${status}`)
      assert.strictEqual(error.status, status)
    }
  })

  it("reads every body shape the vendors use", () => {
    const openai = classify(404, `{"error":{"message":"No batch found","type":"invalid_request_error","param":null,"code":"not_found"}}`)
    assert.deepStrictEqual([openai.message, (openai as UnibatchError.NotFoundError).type, (openai as UnibatchError.NotFoundError).code], [
      "No batch found",
      "invalid_request_error",
      "not_found"
    ])
    assert.strictEqual(classify(401, `{"error":"Authentication credentials were not provided."}`).message, "Authentication credentials were not provided.")
    assert.strictEqual(classify(404, `{"error":{"message":"No such batch: batch_abc123","type":"invalid_request_error"}}`).message, "No such batch: batch_abc123")
    assert.strictEqual(classify(403, `{"detail":"You do not have permission."}`).message, "You do not have permission.")
    assert.strictEqual(classify(500, `upstream connect error`).message, "upstream connect error")
    assert.strictEqual(classify(500, ``).message, "HTTP 500")
  })

  it("an HTML gateway page becomes a short readable excerpt", () => {
    const error = classify(502, `<html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`)
    assert.strictEqual(error._tag, "ServerError")
    assert.strictEqual(error.message, "502 Bad Gateway 502 Bad Gateway nginx")
    assert.isAtMost(classify(502, `<p>${"x".repeat(5000)}</p>`).message.length, 201)
  })

  it("a long vendor message is cut to 500 characters and the raw body kept in body; a short one has no body", () => {
    const long = "m".repeat(10_000)
    const error = classify(400, JSON.stringify({ error: { message: long, type: "t".repeat(1000), code: "c" } }))
    assert.strictEqual(error.message, `${"m".repeat(500)}…`)
    const { body } = error as UnibatchError.InvalidRequestError
    assert.strictEqual(body, JSON.stringify({ error: { message: long, type: "t".repeat(1000), code: "c" } }))
    assert.strictEqual((error as UnibatchError.InvalidRequestError).type, `${"t".repeat(200)}…`)
    assert.strictEqual((UnibatchError.errorToJson(error) as { body?: string }).body, body)
    const huge = classify(500, JSON.stringify({ detail: "d".repeat(200_000) }))
    assert.strictEqual((huge as UnibatchError.ServerError).body!.length, 64 * 1024 + 1)
    const short = classify(404, `{"error":{"message":"No batch found"}}`)
    assert.notProperty(UnibatchError.errorToJson(short), "body")
    // Back from the canonical JSON, body included.
    assert.strictEqual((Schema.decodeUnknownSync(UnibatchError.UnibatchError)(UnibatchError.errorToJson(error)) as UnibatchError.InvalidRequestError).body, body)
  })

  it("a binary body is named, not shown; control characters leave an excerpt", () => {
    const binary = classify(500, "\u001f\ufffd\b\u0000\u0000\u0000\u0003\ufffdV\ufffdO\ufffdJM.Q")
    assert.match(binary.message, /^\[a binary body of \d+ characters, not shown\]$/)
    assert.strictEqual(classify(502, "bad\u0000 gateway \u001b and more text here to stay readable").message, "bad gateway and more text here to stay readable")
  })

  it("a 304, a 1xx or an unfollowed redirect says what is odd about it", () => {
    assert.strictEqual(classify(304, "").message, "HTTP 304 Not Modified, an answer to a conditional request, which unibatch never sends")
    assert.strictEqual(classify(304, "")._tag, "ServerError")
    assert.strictEqual(classify(101, "").message, "HTTP 101, an informational status, as the final answer")
    assert.include(classify(302, "").message, "a redirect that was not followed")
    assert.strictEqual(classify(500, "   ").message, "HTTP 500")
  })

  it("keeps the request id and the retry-after of a 429", () => {
    const seconds = classify(429, `{"error":{"message":"Slow down"}}`, { "x-request-id": "req_1", "retry-after": "7" })
    assert.strictEqual(seconds._tag, "RateLimitError")
    assert.deepStrictEqual([seconds.requestId, (seconds as UnibatchError.RateLimitError).retryAfterSeconds], ["req_1", 7])
    const milliseconds = classify(429, `{}`, { "retry-after-ms": "1500", "retry-after": "9" })
    assert.strictEqual((milliseconds as UnibatchError.RateLimitError).retryAfterSeconds, 1.5)
    const date = classify(429, `{}`, { "retry-after": new Date(Date.now() + 30_000).toUTCString() })
    assert.closeTo((date as UnibatchError.RateLimitError).retryAfterSeconds!, 30, 2)
    assert.strictEqual((classify(429, `{}`, { "retry-after": "soon" }) as UnibatchError.RateLimitError).retryAfterSeconds, null)
  })

  it("reads the request id from the vendor's header, whatever its case; keeps the attempts", () => {
    const headers = { "Request-Id": "req_A", "x-request-id": "req_B" }
    const named = UnibatchError.fromResponse({ provider: "example", operation: "list", status: 500, body: "", headers, requestIdHeader: "request-id", attempts: 3 })
    assert.deepStrictEqual([named.requestId, named.attempts, named.provider], ["req_A", 3, "example"])
    assert.strictEqual(UnibatchError.fromResponse({ provider: "example", operation: "list", status: 500, body: "", headers }).requestId, "req_B")
    assert.strictEqual(UnibatchError.fromResponse({ provider: "example", operation: "list", status: 500, body: "", requestIdHeader: "request-id" }).requestId, null)
  })

  it("invalidInput is an InvalidRequestError without a status", () => {
    const error = UnibatchError.invalidInput("example", "list", "limit must be an integer from 1 to 1000, got 0.")
    assert.deepStrictEqual([error._tag, error.status, error.requestId, error.message], ["InvalidRequestError", null, null, "limit must be an integer from 1 to 1000, got 0."])
  })

  it("decodes back from its canonical JSON", () => {
    const error = classify(429, `{"error":{"message":"Slow down","type":"requests","code":"rate_limit"}}`, { "retry-after": "2" })
    const back = Schema.decodeUnknownSync(UnibatchError.UnibatchError)(UnibatchError.errorToJson(error))
    assert.deepStrictEqual(UnibatchError.errorToJson(back), UnibatchError.errorToJson(error))
    assert.strictEqual(back._tag, "RateLimitError")
    assert.isTrue(UnibatchError.isUnibatchError(back))
  })

  it("encodes to canonical JSON with its tag", () => {
    const json = UnibatchError.errorToJson(classify(404, `{"error":{"message":"gone","type":"invalid_request_error"}}`, { "x-request-id": "req_9" }))
    assert.deepStrictEqual(json, {
      _tag: "NotFoundError",
      provider: "openai",
      operation: "list",
      status: 404,
      message: "gone",
      requestId: "req_9",
      type: "invalid_request_error",
      code: null
    })
    assert.isTrue(UnibatchError.isUnibatchError(classify(500, "")))
    assert.isFalse(UnibatchError.isUnibatchError(new Error("x")))
  })
})
