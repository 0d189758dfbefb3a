/**
 * Fuzzing the lenient decoders: arbitrary JSON, arbitrary text, and single mutations of valid
 * vendor pages never make them throw; they return a value or a DecodeError whose path points into
 * the body. Valid wire objects survive canonical -> JSON -> canonical unchanged.
 */
import { assert, describe, it } from "@effect/vitest"
import { Batch, BatchPage, isBatch, pageToJson, toJson } from "@unibatch/core/Batch"
import * as Decoder from "@unibatch/core/Decoder"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import fc from "fast-check"

const providers = FakeVendor.providers
const runs = 400

/** A decode outcome is fine when it is a value, or a DecodeError whose path is a JSON path. */
const assertWellFormed = (result: Result.Result<unknown, { _tag: string; path: string; message: string }>) => {
  if (Result.isFailure(result)) {
    assert.strictEqual(result.failure._tag, "DecodeError")
    assert.match(result.failure.path, /^\$/)
    assert.isAbove(result.failure.message.length, 0)
  }
}

const page = (provider: (typeof providers)[number], seed: number, count: number) => {
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
    const definition = FakeVendor.definitionOf(provider)
    const context = { provider, operation: "list" } as const

    it(`${provider}: arbitrary JSON values as a page and as a batch (${runs} each)`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          assertWellFormed(Decoder.decodePage(definition, value, context))
          assertWellFormed(Decoder.decodeBatch(definition, value, { provider, operation: "retrieve" }))
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: arbitrary text as a body (${runs})`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.json(), fc.fullUnicodeString()), (text) => {
          assertWellFormed(Decoder.decodePageText(definition, text, context))
          assertWellFormed(Decoder.decodeBatchText(definition, text, { provider, operation: "retrieve" }))
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
          const result = Decoder.decodePageText(definition, JSON.stringify(mutated), context)
          assertWellFormed(result)
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: the fast toJson / pageToJson equal Schema's canonical JSON encoding (${runs})`, () => {
      const schemaEncode = Schema.encodeSync(Schema.toCodecJson(BatchPage))
      const schemaEncodeBatch = Schema.encodeSync(Schema.toCodecJson(Batch))
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 8 }), fc.dictionary(fc.string().filter((key) => key !== "__proto__"), fc.jsonValue()), (seed, count, extra) => {
          const body = page(provider, seed, count)
          const data = (body.data as Array<Record<string, unknown>>).map((batch) => ({ ...extra, ...batch }))
          const result = Decoder.decodePageText(definition, JSON.stringify({ ...body, data }), context)
          assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
          assert.deepStrictEqual<unknown>(pageToJson(result.success), schemaEncode(result.success))
          for (const batch of result.success.data) assert.deepStrictEqual<unknown>(toJson(batch), schemaEncodeBatch(batch))
        }),
        { numRuns: runs }
      )
    })

    it(`${provider}: valid pages round-trip canonical -> JSON -> canonical (${runs})`, () => {
      const encode = Schema.encodeSync(Schema.toCodecJson(BatchPage))
      const decode = Schema.decodeUnknownSync(Schema.toCodecJson(BatchPage))
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 8 }), (seed, count) => {
          const result = Decoder.decodePageText(definition, JSON.stringify(page(provider, seed, count)), context)
          assert(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
          const json = encode(result.success)
          const again = decode(JSON.parse(JSON.stringify(json)))
          for (const batch of again.data) assert.isTrue(isBatch(batch))
          assert.deepStrictEqual(pageToJson(again), pageToJson(result.success))
          assert.deepStrictEqual(encode(again), json)
        }),
        { numRuns: runs }
      )
    })
  }
})
