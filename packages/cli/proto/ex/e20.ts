import { none } from "@unibatch/cli/Output"

const cell = (value: string | null) => value ?? none

export {}
