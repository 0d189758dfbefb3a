import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Effect from "effect/Effect"
Effect.runFork(Effect.sync(() => console.log("hi")).pipe(Effect.provide(NodeServices.layer)))
