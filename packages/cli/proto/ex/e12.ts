import { match } from "@unibatch/cli/Fast"
import { commands } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

const specs = commands(Object.values(definitions))
match(specs, ["normalize", "--provider", "openai", "--operation", "list", "page.json"])?.command.name // => "normalize"
match(specs, ["normalize", "--help"]) // => undefined

export {}
