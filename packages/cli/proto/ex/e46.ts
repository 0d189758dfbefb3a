import { argument } from "@unibatch/cli/Spec"

const id = argument("ID", "ID", "the batch ID, canonical or native")

export {}
