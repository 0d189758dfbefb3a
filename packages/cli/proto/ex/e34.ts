import { pageTable } from "@unibatch/cli/Output"
import type { BatchPage } from "@unibatch/core/Batch"

declare const page: BatchPage
const lines = pageTable(page) // the table, then "more: --after <last id>" when there is more

export {}
