import { firstLook } from "@unibatch/cli/commands/demo"
import { layer } from "@unibatch/cli/Vendors"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { definitions } from "unibatch/Providers"

const look = firstLook.pipe(Effect.provide(layer(definitions.openai, { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1" })))

export {}
