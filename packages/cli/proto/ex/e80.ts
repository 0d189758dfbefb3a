import type { Operation } from "@unibatch/cli/commands/normalize"

const operation: Operation = "retrieve"

export {}
