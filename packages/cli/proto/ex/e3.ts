import * as Cli from "@unibatch/cli/Cli"
import * as Effect from "effect/Effect"
import { definitions } from "unibatch/Providers"

const code = await Effect.runPromise(Cli.run(["normalize", "--help"], { definitions: Object.values(definitions) })) // => 0

export {}
