import { orList } from "@unibatch/cli/Spec"

orList(["list", "retrieve"]) // => "list or retrieve"

export {}
