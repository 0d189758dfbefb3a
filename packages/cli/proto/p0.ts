import * as Effect from "effect/Effect"
Effect.runFork(Effect.sync(() => console.log("hi")))
