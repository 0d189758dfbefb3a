/**
 * Requests in: `writeRequests` writes one JSONL line per request, in chunks, from any source, and
 * refuses each bad request with an `InvalidRequestError` naming its line and value.
 */
import { assert, describe, it } from "@effect/vitest"
import type * as BatchClient from "@unibatch/core/BatchClient"
import type { BatchRequest } from "@unibatch/core/BatchRequest"
import * as Requests from "@unibatch/core/Requests"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const endpoint = "/v1/chat/completions"
const decoder = new TextDecoder()

const chat = (customId: string, content = "Hello"): BatchRequest => ({
  customId,
  body: { model: "gpt-4o-mini", messages: [{ role: "user", content }] }
})

const chunksOf = (definition: VendorDefinition, requests: BatchClient.Requests, options = { endpoint }) =>
  Stream.runCollect(Requests.writeRequests(definition, requests, options))

const textOf = (chunks: ReadonlyArray<Uint8Array>) => chunks.map((chunk) => decoder.decode(chunk)).join("")

const failureOf = (definition: VendorDefinition, requests: BatchClient.Requests, options = { endpoint }) =>
  Effect.flip(Stream.runDrain(Requests.writeRequests(definition, requests, options)))

const assertRefused = (error: UnibatchError, pattern: RegExp) => {
  assert.strictEqual(error._tag, "InvalidRequestError")
  assert.strictEqual(error.operation, "submit")
  assert.strictEqual(error.status, null)
  assert.match(error.message, pattern)
}

/** A definition with other limits, to reach them with few requests. */
const withLimits = (limits: Partial<VendorDefinition["lifecycle"]["limits"]>): VendorDefinition => ({
  ...OpenAi.definition,
  lifecycle: { ...OpenAi.definition.lifecycle, limits: { ...OpenAi.definition.lifecycle.limits, ...limits } }
})

describe("writeRequests", () => {
  it.effect("writes one line per request that parses back to the vendor's request line", () =>
    Effect.gen(function*() {
      const requests = [chat("r-1"), { ...chat("r-2", "ünï \u2028 😀"), method: "POST", url: endpoint }, chat("r-3")]
      const text = textOf(yield* chunksOf(OpenAi.definition, requests))
      assert.isTrue(text.endsWith("\n"))
      const lines = text.split("\n").slice(0, -1).map((line) => JSON.parse(line))
      assert.deepStrictEqual(
        lines,
        requests.map((request) => ({ custom_id: request.customId, method: "POST", url: endpoint, body: request.body }))
      )
    }))

  it.effect("Iterable, AsyncIterable and Stream sources write the same bytes", () =>
    Effect.gen(function*() {
      const requests = Array.from({ length: 300 }, (_, index) => chat(`r-${index}`))
      function* generate() {
        yield* requests
      }
      async function* generateAsync() {
        for (const request of requests) yield request
      }
      const fromArray = textOf(yield* chunksOf(OpenAi.definition, requests))
      const fromGenerator = textOf(yield* chunksOf(OpenAi.definition, generate()))
      const fromAsync = textOf(yield* chunksOf(OpenAi.definition, generateAsync()))
      const fromStream = textOf(yield* chunksOf(OpenAi.definition, Stream.fromIterable(requests)))
      assert.strictEqual(fromArray.split("\n").length, 301)
      assert.strictEqual(fromGenerator, fromArray)
      assert.strictEqual(fromAsync, fromArray)
      assert.strictEqual(fromStream, fromArray)
    }))

  it.effect("batches many lines per chunk, about 64 KiB each, lines whole", () =>
    Effect.gen(function*() {
      const requests = Array.from({ length: 5_000 }, (_, index) => chat(`r-${index}`, "x".repeat(100)))
      const chunks = yield* chunksOf(OpenAi.definition, requests)
      assert.isAbove(chunks.length, 5)
      assert.isBelow(chunks.length, 50)
      for (const chunk of chunks) {
        assert.strictEqual(chunk[chunk.length - 1], 10)
        assert.isAtMost(chunk.length, 64 * 1024 + 1024)
      }
      assert.strictEqual(textOf(chunks).split("\n").length, 5_001)
    }))

  it.effect("a throwing iterator, sync or async, is a typed failure with its message", () =>
    Effect.gen(function*() {
      function* broken() {
        yield chat("r-1")
        yield chat("r-2")
        throw new Error("disk on fire")
      }
      async function* brokenAsync() {
        yield chat("r-1")
        throw new Error("socket closed")
      }
      const sync = yield* failureOf(OpenAi.definition, broken())
      assertRefused(sync, /reading the requests failed after request 2: disk on fire/)
      const async = yield* failureOf(OpenAi.definition, brokenAsync())
      assertRefused(async, /reading the requests failed: socket closed/)
      const notIterable = yield* failureOf(OpenAi.definition, 42 as unknown as BatchClient.Requests)
      assertRefused(notIterable, /requests must be an Iterable/)
    }))

  it.effect("an endpoint the vendor does not document is refused before any request is read", () =>
    Effect.gen(function*() {
      let pulled = 0
      function* counted() {
        pulled++
        yield chat("r-1")
      }
      const error = yield* failureOf(Neosantara.definition, counted(), { endpoint: "/v1/completions" })
      assertRefused(error, /endpoint "\/v1\/completions" is not one .* batch may target: \/v1\/chat\/completions, \/v1\/embeddings, \/v1\/responses/)
      assert.strictEqual(error.provider, "neosantara")
      assert.strictEqual(pulled, 0)
    }))

  it.effect("customId must be a non-empty string, unique (both lines named)", () =>
    Effect.gen(function*() {
      assertRefused(yield* failureOf(OpenAi.definition, [chat("r-1"), chat("")]), /line 2: customId must be a non-empty string, got an empty string/)
      assertRefused(
        yield* failureOf(OpenAi.definition, [{ customId: 7, body: {} } as unknown as BatchRequest]),
        /line 1: customId must be a non-empty string, got number 7/
      )
      assertRefused(
        yield* failureOf(OpenAi.definition, [{ body: {} } as unknown as BatchRequest]),
        /line 1: customId must be a non-empty string, got absent/
      )
      assertRefused(
        yield* failureOf(OpenAi.definition, [chat("a"), chat("b"), chat("c"), chat("b")]),
        /line 4: customId "b" is a duplicate of line 2/
      )
      assertRefused(
        yield* failureOf(OpenAi.definition, [chat("a"), null as unknown as BatchRequest]),
        /line 2: expected a request object \{ customId, body \}, got null/
      )
    }))

  it.effect("url must be the endpoint; method must be POST", () =>
    Effect.gen(function*() {
      assertRefused(
        yield* failureOf(OpenAi.definition, [chat("a"), { ...chat("b"), url: "/v1/embeddings" }]),
        /line 2 \(customId "b"\): url must be the batch's endpoint "\/v1\/chat\/completions", got string "\/v1\/embeddings"/
      )
      assertRefused(
        yield* failureOf(OpenAi.definition, [{ ...chat("a"), method: "GET" }]),
        /line 1 \(customId "a"\): method must be "POST", got string "GET"/
      )
    }))

  it.effect("a body JSON cannot write: undefined, a BigInt, a cycle", () =>
    Effect.gen(function*() {
      assertRefused(
        yield* failureOf(OpenAi.definition, [chat("a"), { customId: "b", body: undefined }]),
        /line 2 \(customId "b"\): the body cannot be written as JSON: it is undefined/
      )
      assertRefused(
        yield* failureOf(OpenAi.definition, [{ customId: "a", body: { max_tokens: 10n } }]),
        /line 1 \(customId "a"\): the body cannot be written as JSON: .*BigInt/
      )
      const cycle: Record<string, unknown> = { model: "m" }
      cycle.self = cycle
      assertRefused(
        yield* failureOf(OpenAi.definition, [chat("a"), chat("b"), { customId: "c", body: cycle }]),
        /line 3 \(customId "c"\): the body cannot be written as JSON: .*circular/i
      )
    }))

  it.effect("more than maxRequests requests: the first one past it is named", () =>
    Effect.gen(function*() {
      const definition = withLimits({ maxRequests: 3 })
      const text = textOf(yield* chunksOf(definition, [chat("a"), chat("b"), chat("c")]))
      assert.strictEqual(text.split("\n").length, 4)
      assertRefused(
        yield* failureOf(definition, [chat("a"), chat("b"), chat("c"), chat("d")]),
        /line 4: more than the 3 requests a OpenAI batch takes \(maxRequests\)/
      )
    }))

  it.effect("OpenAI's 50,000 requests: 50,000 pass, 50,001 do not", () =>
    Effect.gen(function*() {
      const requests = (count: number) => Array.from({ length: count }, (_, index) => ({ customId: `r-${index}`, body: {} }))
      const count = yield* Stream.runFold(
        Requests.writeRequests(OpenAi.definition, requests(50_000), { endpoint }),
        () => 0,
        (lines, chunk) => lines + chunk.filter((byte) => byte === 10).length
      )
      assert.strictEqual(count, 50_000)
      assertRefused(yield* failureOf(OpenAi.definition, requests(50_001)), /line 50001: more than the 50000 requests/)
    }))

  it.effect("the file past maxFileBytes: the line that crosses it is named, multi-byte characters counted as bytes", () =>
    Effect.gen(function*() {
      const requests = Array.from({ length: 40 }, (_, index) => chat(`r-${index}`, "é".repeat(50)))
      const lineBytes = requests.map((request) =>
        new TextEncoder().encode(JSON.stringify(OpenAi.definition.lifecycle.requestLine(request, endpoint))).length + 1
      )
      // The limit falls inside line 31 (1-based): lines 1 to 30 fit.
      const limit = lineBytes.slice(0, 30).reduce((sum, bytes) => sum + bytes, 0) + 10
      const definition = withLimits({ maxFileBytes: limit })
      const error = yield* failureOf(definition, requests)
      assertRefused(error, new RegExp(`line 31: the requests file grows to ${limit - 10 + lineBytes[30]!} bytes there, past the ${limit} bytes`))
      // Exactly at the limit is fine.
      const exact = withLimits({ maxFileBytes: limit - 10 })
      const text = textOf(yield* chunksOf(exact, requests.slice(0, 30)))
      assert.strictEqual(new TextEncoder().encode(text).length, limit - 10)
    }))

  it.effect("a size overflow earlier in the chunk is reported before a later line's fault", () =>
    Effect.gen(function*() {
      const definition = withLimits({ maxFileBytes: 300 })
      // Each line is about 140 bytes: line 3 crosses 300, line 5 repeats a customId.
      const error = yield* failureOf(definition, [chat("a"), chat("b"), chat("c"), chat("d"), chat("a")])
      assertRefused(error, /line 3: the requests file grows to \d+ bytes there, past the 300 bytes/)
    }))
})
