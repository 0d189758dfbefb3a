import { runMain } from "@unibatch/cli/Process"
import * as Effect from "effect/Effect"

runMain(Effect.succeed(0))

export {}
