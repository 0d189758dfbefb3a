import type { ListCommandOptions } from "@unibatch/cli/commands/remote"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const options: ListCommandOptions = {
  vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(), json: true,
  limit: Option.some(10), after: Option.none(), all: true
}

export {}
