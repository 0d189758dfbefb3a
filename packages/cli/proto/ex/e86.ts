import { checkId } from "@unibatch/cli/commands/remote"
import { definitions } from "unibatch/Providers"

const check = checkId(definitions.openai, "ID", "batch_a/b") // fails: ID: Invalid batch ID "batch_a/b": ...

export {}
