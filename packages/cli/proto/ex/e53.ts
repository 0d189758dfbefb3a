import type { Command } from "@unibatch/cli/Spec"
import * as Effect from "effect/Effect"

const hello: Command = { name: "hello", description: "Say hello.", params: {}, run: () => Effect.void }

export {}
