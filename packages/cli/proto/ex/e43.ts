import { argument, type OptionsOf, switchFlag } from "@unibatch/cli/Spec"

const params = { id: argument("ID", "ID", "the batch ID"), json: switchFlag("json", "print JSON") }
const options: OptionsOf<typeof params> = { id: "batch_abc", json: false }

export {}
