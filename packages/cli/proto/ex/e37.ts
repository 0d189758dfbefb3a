import { teardown } from "@unibatch/cli/Process"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"

NodeRuntime.runMain(Effect.void, { teardown })

export {}
