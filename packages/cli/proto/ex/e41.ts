import { flag, integer, optional, valueOf } from "@unibatch/cli/Spec"

valueOf(optional(flag("limit", "N", "page size", integer({ min: 1 }))), "5") // => Option.some(Option.some(5))

export {}
