/**
 * Deep bodies (issue 15, item 6): a body of 100,000 open `[` (or `{"a":`) is a DecodeError with a
 * line and column, never a stack overflow, through every entry point that parses; a valid body
 * whose unknown values nest deeper than `Decoder.maxUnknownDepth` is a DecodeError at the path
 * where the limit is crossed, so that the canonical value can always be written as JSON.
 */
import { assert, describe, it } from "@effect/vitest"
import { pageToJson, toJson } from "@unibatch/core/Batch"
import * as Decoder from "@unibatch/core/Decoder"
import * as Normalize from "@unibatch/core/Normalize"
import type { DecodeError } from "@unibatch/core/UnibatchError"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Result from "effect/Result"

const definition = OpenAi.definition
const context = { provider: "openai", operation: "list", status: 200 }
const item = { id: "batch_deep", status: "completed", created_at: 1711471533 }

/** `levels` arrays around `1`, built without recursion. */
const nestedArrays = (levels: number): unknown => {
  let value: unknown = 1
  for (let level = 0; level < levels; level++) value = [value]
  return value
}

/** `levels` objects `{ "a": ... }` around `1`. */
const nestedObjects = (levels: number): unknown => {
  let value: unknown = 1
  for (let level = 0; level < levels; level++) value = { a: value }
  return value
}

/** The JSON text of a list page with one item carrying `extra`, written without JSON.stringify (which overflows). */
const pageText = (extraJson: string, inside?: "request_counts") =>
  inside === undefined
    ? `{"object":"list","data":[{"id":"batch_deep","status":"completed","created_at":1711471533,"deep":${extraJson}}],"has_more":false}`
    : `{"object":"list","data":[{"id":"batch_deep","status":"completed","created_at":1711471533,"request_counts":{"total":1,"completed":1,"failed":0,"deep":${extraJson}}}],"has_more":false}`

const arraysText = (levels: number) => "[".repeat(levels) + "1" + "]".repeat(levels)
const objectsText = (levels: number) => "{\"a\":".repeat(levels) + "1" + "}".repeat(levels)

const failure = <A>(result: Result.Result<A, DecodeError>) => {
  if (Result.isSuccess(result)) return assert.fail("expected a DecodeError")
  return result.failure
}

describe("deep bodies", () => {
  describe("unterminated nesting is a DecodeError with a position", () => {
    const arrays = "[".repeat(100_000)
    const objects = "{\"a\":".repeat(100_000)

    it("100,000 [ through parseJson, decodePageText and decodeBatchText", () => {
      for (const error of [
        failure(Decoder.parseJson(arrays, context)),
        failure(Decoder.decodePageText(definition, arrays, context)),
        failure(Decoder.decodeBatchText(definition, arrays, { ...context, operation: "retrieve" }))
      ]) {
        assert.strictEqual(error._tag, "DecodeError")
        assert.strictEqual(error.path, "$")
        assert.include(error.message, "not JSON: unexpected end of input at line 1, column 100001")
      }
    })

    it("100,000 {\"a\": through parseJson, and a fault deep inside is placed exactly", () => {
      assert.include(failure(Decoder.parseJson(objects, context)).message, "unexpected end of input at line 1, column 500001")
      const broken = "[".repeat(100_000) + "1,]" + "]".repeat(99_999)
      assert.include(failure(Decoder.parseJson(broken, context)).message, "unexpected \"]]]]]]]]]]]]\" at line 1, column 100003")
    })

    it("through Normalize: ok false, the error as JSON", () => {
      for (const operation of ["list", "retrieve"] as const) {
        const { json, ok } = Normalize.normalizeToJson({ definition, operation, body: arrays })
        assert.isFalse(ok)
        const text = JSON.stringify(json)
        assert.include(text, "unexpected end of input at line 1, column 100001")
      }
    })
  })

  describe("a valid body nested past the limit in an unknown value", () => {
    it("50,000 levels of arrays in an unknown field: a DecodeError at the 1,001st level", () => {
      const text = pageText(arraysText(50_000))
      const error = failure(Decoder.decodePageText(definition, text, context))
      assert.strictEqual(error._tag, "DecodeError")
      assert.strictEqual(error.path, "$.data[0].deep" + "[0]".repeat(Decoder.maxUnknownDepth))
      assert.include(error.message, `nested deeper than ${Decoder.maxUnknownDepth} levels`)
      // The message stays readable: the path is cut in it, whole in `path`.
      assert.isBelow(error.message.length, 300)
      assert.include(error.message, "at $.data[0].deep[0][0]")
    })

    it("50,000 levels of objects, inside a known object's unknown key", () => {
      const error = failure(Decoder.decodePageText(definition, pageText(objectsText(50_000), "request_counts"), context))
      assert.strictEqual(error.path, "$.data[0].request_counts.deep" + ".a".repeat(Decoder.maxUnknownDepth))
    })

    it("through decodeBatch and Normalize, whose JSON output can be written", () => {
      const error = failure(Decoder.decodeBatch(definition, { ...item, deep: nestedObjects(50_000) }, context))
      assert.strictEqual(error.path, "$.deep" + ".a".repeat(Decoder.maxUnknownDepth))
      const { json, ok } = Normalize.normalizeToJson({ definition, operation: "list", body: pageText(arraysText(50_000)) })
      assert.isFalse(ok)
      assert.include(JSON.stringify(json), "nested deeper than")
    })

    it("exactly the limit decodes, and its canonical JSON is written and read back whole", () => {
      for (const deep of [nestedArrays(Decoder.maxUnknownDepth), nestedObjects(Decoder.maxUnknownDepth)]) {
        const result = Decoder.decodeBatch(definition, { ...item, deep }, context)
        if (Result.isFailure(result)) return assert.fail(result.failure.message)
        assert.strictEqual(result.success.extensions.deep, deep)
        const text = JSON.stringify(toJson(result.success), null, 2)
        assert.deepStrictEqual(JSON.parse(text).extensions.deep, deep)
      }
      const page = Decoder.decodePageText(definition, pageText(arraysText(Decoder.maxUnknownDepth), "request_counts"), context)
      if (Result.isFailure(page)) return assert.fail(page.failure.message)
      assert.doesNotThrow(() => JSON.stringify(pageToJson(page.success)))
      const one = Decoder.decodeBatch(definition, { ...item, deep: nestedArrays(Decoder.maxUnknownDepth + 1) }, context)
      assert.isTrue(Result.isFailure(one))
    })

    it("wide but shallow unknown values are kept as they are", () => {
      const wide = Array.from({ length: 10_000 }, (_, index) => ({ index, tags: [index, { nested: [index] }] }))
      const result = Decoder.decodeBatch(definition, { ...item, wide }, context)
      if (Result.isFailure(result)) return assert.fail(result.failure.message)
      assert.strictEqual(result.success.extensions.wide, wide)
    })
  })
})
