import { normalizeCommand } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

normalizeCommand(Object.values(definitions)).name // => "normalize"

export {}
