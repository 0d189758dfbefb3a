import { conformCommand } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

conformCommand(Object.values(definitions)).name // => "conform"

export {}
