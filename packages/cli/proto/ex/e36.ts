import { extensionKeys } from "@unibatch/cli/Output"
import type { Batch } from "@unibatch/core/Batch"

declare const batch: Batch
extensionKeys(batch) // => "priority, region"

export {}
