/**
 * Fuzzing the lenient decoders: arbitrary JSON, arbitrary text, and single mutations of valid
 * vendor pages never make them throw; they return a value or a DecodeError whose path points into
 * the body. Valid wire objects survive canonical -> JSON -> canonical unchanged.
 */
import { Batch, BatchPage, pageToJson, toJson } from "@unibatch/core/Batch"
import * as Decoder from "@unibatch/core/Decoder"
import type { Provider } from "@unibatch/core/Provider"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { assert, describe, it } from "vitest"

const providers: ReadonlyArray<Provider> = ["openai", "respan", "neosantara"]
const runs = 400

/** A decode outcome is fine when it is a value, or a DecodeError whose path is a JSON path. */
const assertWellFormed = (result: Either.Either<unknown, { _tag: string; path: string; message: string }>) => {
  if (Either.isLeft(result)) {
    assert.strictEqual(result.left._tag, "DecodeError")
    assert.match(result.left.path, /^\$/)
    assert.isAbove(result.left.message.length, 0)
  }
}

const page = (provider: Provider, seed: number, count: number) => {
  const data = FakeVendor.generateBatches(provider, count, seed)
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: false
  } as Record<string, unknown>
}

/** Every path to a value inside a JSON value, as property keys. */
const pathsOf = (value: unknown, prefix: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))]
  if (typeof value === "object" && value !== null) {
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))]
  }
  return [prefix]
}

const replaceAt = (value: unknown, path: ReadonlyArray<string | number>, replacement: unknown): unknown => {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item))
  const record = value as Record<string, unknown>
  return { ...record, [head!]: replaceAt(record[head!], rest, replacement) }
}

describe("lenient decoders never throw", () => {
  for (const provider of providers) {
    const context = { provider, operation: "list" } as const

    it(`${provider}: arbitrary JSON values as a page and as a batch (${runs} each)`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          assertWellFormed(Decoder.decodePage(value, context))
          assertWellFormed(Decoder.decodeBatch(value, { provider, operation: "retrieve" }))
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: arbitrary text as a body (${runs})`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.json(), fc.fullUnicodeString()), (text) => {
          assertWellFormed(Decoder.decodePageText(text, context))
          assertWellFormed(Decoder.decodeBatchText(text, { provider, operation: "retrieve" }))
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: one mutation anywhere in a valid page (${runs})`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1000 }), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (seed, pick, replacement) => {
          const valid = page(provider, seed, 3)
          const paths = pathsOf(valid)
          const mutated = replaceAt(valid, paths[pick % paths.length]!, replacement)
          const result = Decoder.decodePageText(JSON.stringify(mutated), context)
          assertWellFormed(result)
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: the fast toJson / pageToJson equal Schema's encoding (${runs})`, () => {
      const schemaEncode = Schema.encodeSync(BatchPage)
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 8 }), fc.dictionary(fc.string().filter((key) => key !== "__proto__"), fc.jsonValue()), (seed, count, extra) => {
          const body = page(provider, seed, count)
          const data = (body.data as Array<Record<string, unknown>>).map((batch) => ({ ...extra, ...batch }))
          const result = Decoder.decodePageText(JSON.stringify({ ...body, data }), context)
          assert(Either.isRight(result), Either.isLeft(result) ? result.left.message : "")
          assert.deepStrictEqual(pageToJson(result.right), schemaEncode(result.right))
          for (const batch of result.right.data) assert.deepStrictEqual(toJson(batch), Schema.encodeSync(Batch)(batch))
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: valid pages round-trip canonical -> JSON -> canonical (${runs})`, () => {
      const encode = Schema.encodeSync(BatchPage)
      const decode = Schema.decodeUnknownSync(BatchPage)
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 8 }), (seed, count) => {
          const result = Decoder.decodePageText(JSON.stringify(page(provider, seed, count)), context)
          assert(Either.isRight(result), Either.isLeft(result) ? result.left.message : "")
          const json = encode(result.right)
          const again = decode(JSON.parse(JSON.stringify(json)))
          for (const batch of again.data) assert.instanceOf(batch, Batch)
          assert.deepStrictEqual(encode(again), json)
        }),
        { numRuns: runs }
      )
    })
  }
})
