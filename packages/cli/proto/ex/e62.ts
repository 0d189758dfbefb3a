import { commands } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

commands(Object.values(definitions)).map((command) => command.name)
// => ["normalize", "conform", "list", "get", "demo", "serve"]

export {}
