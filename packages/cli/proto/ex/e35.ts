import { batchSummary } from "@unibatch/cli/Output"
import type { Batch } from "@unibatch/core/Batch"

declare const batch: Batch
const lines = batchSummary(batch) // ["id:  batch_abc", "native id:  ...", ...]

export {}
