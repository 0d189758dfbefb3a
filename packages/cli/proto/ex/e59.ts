import { getCommand } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

getCommand(Object.values(definitions)).name // => "get"

export {}
