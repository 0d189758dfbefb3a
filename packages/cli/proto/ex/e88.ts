import { get } from "@unibatch/cli/commands/remote"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const program = get({
  vendor: definitions.respan, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(),
  json: false, id: "batch_abc123"
})

export {}
