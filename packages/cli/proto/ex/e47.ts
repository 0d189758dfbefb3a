import { flag, integer, optional } from "@unibatch/cli/Spec"

const limit = optional(flag("limit", "N", "page size", integer({ min: 1 })))

export {}
