import { describe, it } from "@effect/vitest"
import * as BatchId from "@unibatch/core/BatchId"
import * as Either from "effect/Either"
import { assert } from "vitest"

describe("BatchId", () => {
  it("neosantara: batch-x and batch_x translate both ways", () => {
    assert.strictEqual(BatchId.toCanonical("neosantara", "batch-abc123"), "batch_abc123")
    assert.deepStrictEqual(BatchId.toNative("neosantara", "batch_abc123"), Either.right("batch-abc123"))
    assert.deepStrictEqual(BatchId.toNative("neosantara", "batch-abc123"), Either.right("batch-abc123"))
  })

  it("openai and respan: canonical and native are the same", () => {
    for (const provider of ["openai", "respan"] as const) {
      assert.strictEqual(BatchId.toCanonical(provider, "batch_abc123"), "batch_abc123")
      assert.deepStrictEqual(BatchId.toNative(provider, "batch_abc123"), Either.right("batch_abc123"))
    }
  })

  it("an ID without the vendor's prefix keeps its native form as canonical", () => {
    assert.strictEqual(BatchId.toCanonical("neosantara", "job-7"), "job-7")
    assert.strictEqual(BatchId.toCanonical("neosantara", "batch-"), "batch-")
  })

  it("refuses every unsafe or ill-fitting form, saying why", () => {
    const refused: Array<[string, "openai" | "respan" | "neosantara", string]> = [
      ["", "openai", "empty"],
      ["batch_a b", "openai", "whitespace"],
      ["batch_a\tb", "respan", "whitespace"],
      [" batch_ab", "neosantara", "whitespace"],
      ["batch_a/b", "openai", "'/'"],
      ["batch_a?b=1", "openai", "'?'"],
      ["batch_a#b", "respan", "'#'"],
      ["batch_..", "neosantara", "'..'"],
      ["batch-abc", "openai", "batch IDs look like \"batch_<id>\""],
      ["batch-abc", "respan", "batch IDs look like"],
      ["abc", "neosantara", "\"batch_<id>\" or \"batch-<id>\""],
      ["batch_", "openai", "batch IDs look like"]
    ]
    for (const [id, provider, reason] of refused) {
      const result = BatchId.toNative(provider, id)
      assert(Either.isLeft(result), `${JSON.stringify(id)} should be refused for ${provider}`)
      assert.include(result.left, reason)
    }
  })
})
