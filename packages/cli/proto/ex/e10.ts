import { exitCode, usage } from "@unibatch/cli/Failure"
import * as Effect from "effect/Effect"

const code = Effect.runSync(exitCode(Effect.fail(usage("--all needs --live.")))) // => 2, after printing the error

export {}
