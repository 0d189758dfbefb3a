import type { RunOptions } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

const options: RunOptions = { definitions: Object.values(definitions) }

export {}
