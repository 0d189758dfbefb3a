import { list } from "@unibatch/cli/commands/remote"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const program = list({
  vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(),
  json: true, limit: Option.some(5), after: Option.none(), all: false
})

export {}
