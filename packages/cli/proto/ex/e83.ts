import type { RemoteOptions } from "@unibatch/cli/commands/remote"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const options: RemoteOptions = {
  vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.some(0), timeoutMs: Option.none(), json: true
}

export {}
