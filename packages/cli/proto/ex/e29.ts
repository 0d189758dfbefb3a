import { formatCounts } from "@unibatch/cli/Output"
import type { Batch } from "@unibatch/core/Batch"

declare const batch: Batch
formatCounts(batch) // => "95/100 (5 failed)"

export {}
