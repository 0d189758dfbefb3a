import { columns } from "@unibatch/cli/Output"

columns([["id:", "batch_abc"], ["status:", "completed"]]) // => ["id:      batch_abc", "status:  completed"]

export {}
