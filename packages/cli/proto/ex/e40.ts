import { switchFlag, type ValueOf } from "@unibatch/cli/Spec"

const json = switchFlag("json", "print JSON")
const value: ValueOf<typeof json> = true

export {}
