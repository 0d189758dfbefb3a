import { match, type Match } from "@unibatch/cli/Fast"
import { commands } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

const found: Match | undefined = match(commands(Object.values(definitions)), ["demo"])

export {}
