import { describe, it } from "@effect/vitest"
import * as BatchStatus from "@unibatch/core/BatchStatus"
import { assert } from "vitest"

describe("BatchStatus.fromNative", () => {
  it("maps canonical names and spelling variants, whatever the case or separator", () => {
    const cases: ReadonlyArray<readonly [string, BatchStatus.BatchStatus]> = [
      ["completed", "completed"],
      ["COMPLETED", "completed"],
      ["Canceled", "cancelled"],
      ["canceling", "cancelling"],
      ["in-progress", "in_progress"],
      ["In Progress", "in_progress"],
      [" finalizing ", "finalizing"],
      ["queued", "unknown"],
      ["ended", "unknown"],
      ["", "unknown"],
      ["__proto__", "unknown"],
      ["constructor", "unknown"]
    ]
    for (const [native, canonical] of cases) assert.strictEqual(BatchStatus.fromNative(native), canonical, native)
  })

  it("unknown is not terminal: waiting goes on", () => {
    assert.isFalse(BatchStatus.isTerminal(BatchStatus.fromNative("Done?")))
    assert.isTrue(BatchStatus.isTerminal(BatchStatus.fromNative("EXPIRED")))
  })
})
