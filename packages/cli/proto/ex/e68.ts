import { layer } from "@unibatch/cli/Vendors"
import * as Redacted from "effect/Redacted"
import { definitions } from "unibatch/Providers"

const live = layer(definitions.openai, { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1" })

export {}
