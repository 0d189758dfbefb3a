import { text } from "@unibatch/cli/Spec"

text.parse("batch_abc") // => Option.some("batch_abc")

export {}
