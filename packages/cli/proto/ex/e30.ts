import { formatUsage } from "@unibatch/cli/Output"
import type { Batch } from "@unibatch/core/Batch"

declare const batch: Batch
formatUsage(batch) // => "120 in / 80 out / 200 total"

export {}
