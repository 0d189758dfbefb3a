import { run } from "@unibatch/cli/Main"
import * as Effect from "effect/Effect"
import { definitions } from "unibatch/Providers"

const code = await Effect.runPromise(
  run(["normalize", "--provider", "openai", "--operation", "retrieve", "batch.json"], { definitions: Object.values(definitions) })
)

export {}
