import { formatStatus } from "@unibatch/cli/Output"
import type { Batch } from "@unibatch/core/Batch"

declare const batch: Batch
formatStatus(batch) // => "cancelled (canceled)"

export {}
