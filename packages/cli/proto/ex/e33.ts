import { batchTable } from "@unibatch/cli/Output"
import type { Batch } from "@unibatch/core/Batch"

declare const batches: ReadonlyArray<Batch>
const lines = batchTable(batches, { header: true })

export {}
