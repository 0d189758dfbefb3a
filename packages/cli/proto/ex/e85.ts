import type { GetCommandOptions } from "@unibatch/cli/commands/remote"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const options: GetCommandOptions = {
  vendor: definitions.neosantara, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(), json: false,
  id: "batch-abc123"
}

export {}
