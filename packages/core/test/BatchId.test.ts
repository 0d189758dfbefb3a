import { assert, describe, it } from "@effect/vitest"
import * as BatchId from "@unibatch/core/BatchId"
import * as Result from "effect/Result"

// The ID codecs of the vendors: a native form that is the canonical one, and one that differs.
const underscored = { provider: "example", ids: { nativePrefix: "batch_" } }
const dashed = { provider: "dashed", ids: { nativePrefix: "batch-" } }

describe("BatchId", () => {
  it("a batch- vendor: batch-x and batch_x translate both ways", () => {
    assert.strictEqual(BatchId.toCanonical(dashed, "batch-abc123"), "batch_abc123")
    assert.strictEqual(BatchId.toCanonical(dashed.ids, "batch-abc123"), "batch_abc123")
    assert.deepStrictEqual(BatchId.toNative(dashed, "batch_abc123"), Result.succeed("batch-abc123"))
    assert.deepStrictEqual(BatchId.toNative(dashed, "batch-abc123"), Result.succeed("batch-abc123"))
  })

  it("a batch_ vendor: canonical and native are the same", () => {
    assert.strictEqual(BatchId.toCanonical(underscored, "batch_abc123"), "batch_abc123")
    assert.deepStrictEqual(BatchId.toNative(underscored, "batch_abc123"), Result.succeed("batch_abc123"))
    assert.deepStrictEqual(BatchId.toNative(underscored.ids, "batch_abc123"), Result.succeed("batch_abc123"))
  })

  it("any other prefix maps to batch_ both ways", () => {
    const other = { ids: { nativePrefix: "msgbatch_" } }
    assert.strictEqual(BatchId.toCanonical(other, "msgbatch_01abc"), "batch_01abc")
    assert.deepStrictEqual(BatchId.toNative(other, "batch_01abc"), Result.succeed("msgbatch_01abc"))
  })

  it("an ID without the vendor's prefix keeps its native form as canonical", () => {
    assert.strictEqual(BatchId.toCanonical(dashed, "job-7"), "job-7")
    assert.strictEqual(BatchId.toCanonical(dashed, "batch-"), "batch-")
  })

  it("refuses every unsafe or ill-fitting form, saying why", () => {
    const refused: Array<[string, BatchId.IdSource, string]> = [
      ["", underscored, "empty"],
      ["batch_a b", underscored, "whitespace"],
      ["batch_a\tb", underscored, "whitespace"],
      [" batch_ab", dashed, "whitespace"],
      ["batch_a/b", underscored, "'/'"],
      ["batch_a?b=1", underscored, "'?'"],
      ["batch_a#b", underscored, "'#'"],
      ["batch_..", dashed, "'..'"],
      ["batch-abc", underscored, "example batch IDs look like \"batch_<id>\""],
      ["batch-abc", underscored.ids, "Batch IDs look like \"batch_<id>\""],
      ["abc", dashed, "dashed batch IDs look like \"batch_<id>\" or \"batch-<id>\""],
      ["batch_", underscored, "batch IDs look like"]
    ]
    for (const [id, source, reason] of refused) {
      const result = BatchId.toNative(source, id)
      assert(Result.isFailure(result), `${JSON.stringify(id)} should be refused`)
      assert.include(result.failure, reason)
    }
  })
})
