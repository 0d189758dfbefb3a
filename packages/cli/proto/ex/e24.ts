import { printLines } from "@unibatch/cli/Output"

const program = printLines("ID  STATUS", "batch_abc  completed")

export {}
