import { argument, type Params, switchFlag } from "@unibatch/cli/Spec"

const params: Params = { id: argument("ID", "ID", "the batch ID"), json: switchFlag("json", "print JSON") }

export {}
