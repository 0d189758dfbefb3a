import { switchFlag } from "@unibatch/cli/Spec"

const json = switchFlag("json", "print canonical JSON instead of a table")

export {}
