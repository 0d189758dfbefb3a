import { listCommand } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

listCommand(Object.values(definitions)).name // => "list"

export {}
