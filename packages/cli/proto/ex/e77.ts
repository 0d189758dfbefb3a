import type { FirstLook } from "@unibatch/cli/commands/demo"

const summary = (look: FirstLook) => `${look.page.data.length} batches, first ${look.batch?.id ?? "none"}`

export {}
