/**
 * Input checks on IDs and cursors (issue 15, item 8), through `VendorClient.make` against a real
 * loopback server that counts requests: control and format characters in a batch ID or an `after`
 * cursor, and values that are not strings from callers without types, are an
 * `InvalidRequestError` with status `null` before any request, and the message quotes the ID with
 * no control character left in it.
 */
import { assert, describe, it } from "@effect/vitest"
import * as BatchId from "@unibatch/core/BatchId"
import type { BatchClientService } from "@unibatch/core/BatchClient"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as VendorClient from "@unibatch/core/VendorClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

const apiKey = "sk-test-id-input-0123456789"

/** A loopback server that answers every request with an empty page and counts them. */
const server = Effect.acquireRelease(
  Effect.promise(() =>
    new Promise<{ readonly baseUrl: string; readonly requests: () => number; readonly close: () => Promise<void> }>((resolve) => {
      let requests = 0
      const http = createServer((_request, response) => {
        requests++
        response.writeHead(200, { "content-type": "application/json" })
        response.end("{\"object\":\"list\",\"data\":[],\"first_id\":null,\"last_id\":null,\"has_more\":false}")
      })
      http.listen(0, "127.0.0.1", () => {
        const { port } = http.address() as AddressInfo
        resolve({
          baseUrl: `http://127.0.0.1:${port}/v1`,
          requests: () => requests,
          close: () => new Promise((done) => http.close(() => done()))
        })
      })
    })
  ),
  (listening) => Effect.promise(() => listening.close())
)

const clientFor = (baseUrl: string, definition = OpenAi.definition) =>
  VendorClient.make(definition, { apiKey, baseUrl }).pipe(Effect.provide(FetchHttpClient.layer))

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) =>
    Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure")))

/** No C0/C1 control, DEL, bidi or other format character, and no lone surrogate. */
const printable = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u

const assertRefused = (error: UnibatchError, expected: string) => {
  assert.strictEqual(error._tag, "InvalidRequestError")
  assert.strictEqual(error.status, null)
  assert.include(error.message, expected)
  assert.match(error.message, printable)
  assert.notInclude(error.message, apiKey)
}

// Each a valid ID but for one character.
const controlled: ReadonlyArray<readonly [string, string]> = [
  ["NUL", "\u0000"],
  ["ESC (a terminal escape sequence)", "\u001b[2J"],
  ["BEL", "\u0007"],
  ["DEL", "\u007f"],
  ["U+0085 (NEL, C1)", "\u0085"],
  ["U+009B (CSI, C1)", "\u009b"],
  ["U+202E (right-to-left override)", "\u202e"],
  ["U+2066 (left-to-right isolate)", "\u2066"],
  ["U+200F (right-to-left mark)", "\u200f"],
  ["U+061C (Arabic letter mark)", "\u061c"],
  ["U+200B (zero-width space)", "\u200b"],
  ["a lone surrogate", "\ud800"]
]

describe("IDs and cursors with control characters", () => {
  it("BatchId.toNative refuses each, naming the code point, with the ID escaped in the message", () => {
    for (const [name, char] of controlled) {
      const result = BatchId.toNative(OpenAi.definition, `batch_ab${char}cd`)
      if (Result.isSuccess(result)) return assert.fail(`${name} was accepted`)
      const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`
      assert.include(result.failure, `it contains the control character ${codePoint}`, name)
      assert.match(result.failure, printable, name)
    }
    // Plain text stays readable, a long ID is cut.
    const long = BatchId.toNative(OpenAi.definition, "batch_" + "x".repeat(10_000) + "\u001b")
    if (Result.isSuccess(long)) return assert.fail("accepted")
    assert.isBelow(long.failure.length, 200)
    assert.deepStrictEqual(BatchId.toNative(Neosantara.definition, "batch_caf\u00e9"), Result.succeed("batch-caf\u00e9"))
  })

  it.effect("retrieve and list({ after }) refuse them before any request", () =>
    Effect.scoped(Effect.gen(function*() {
      const { baseUrl, requests } = yield* server
      const client = yield* clientFor(baseUrl)
      for (const [name, char] of controlled) {
        const id = `batch_ab${char}cd`
        assertRefused(yield* failureOf(client.retrieve(id)), "control character")
        assertRefused(yield* failureOf(client.list({ after: id })), "control character")
        assertRefused(yield* failureOf(Stream.runCollect(client.listAll({ after: id }))), "control character")
        assert.strictEqual(requests(), 0, name)
      }
      // The server is reachable: a clean ID is sent.
      yield* client.list({ after: "batch_abcd" })
      assert.strictEqual(requests(), 1)
    })))
})

describe("IDs and cursors that are not strings (callers without types)", () => {
  const notStrings: ReadonlyArray<readonly [unknown, string]> = [
    [123, "expected a string, got number 123"],
    [{}, "expected a string, got an object"],
    [{ toString: () => "batch_abc" }, "expected a string, got an object"],
    [["batch_abc"], "expected a string, got an array"],
    [null, "expected a string, got null"],
    [true, "expected a string, got boolean true"],
    [10n, "expected a string, got bigint 10"],
    [Symbol("id"), "expected a string, got a symbol"],
    [() => "batch_abc", "expected a string, got a function"]
  ]

  it.effect("retrieve(123), retrieve({}), list({ after: 5 }) and the rest: the typed invalid-input error, no request", () =>
    Effect.scoped(Effect.gen(function*() {
      const { baseUrl, requests } = yield* server
      const client: BatchClientService = yield* clientFor(baseUrl)
      for (const [value, expected] of notStrings) {
        assertRefused(yield* failureOf(client.retrieve(value as string)), expected)
        assertRefused(yield* failureOf(client.list({ after: value as string })), expected)
        assertRefused(yield* failureOf(Stream.runCollect(client.listAll({ after: value as string }))), expected)
      }
      assertRefused(yield* failureOf(client.list({ after: 5 as unknown as string })), "expected a string, got number 5")
      assertRefused(yield* failureOf(client.retrieve(undefined as unknown as string)), "expected a string, got undefined")
      assert.strictEqual(requests(), 0)
    })))
})
