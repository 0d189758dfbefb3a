import { serve } from "@unibatch/cli/commands/serve"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const program = serve({ vendor: definitions.openai, port: 0, count: Option.some(3), apiKey: Option.none() })

export {}
