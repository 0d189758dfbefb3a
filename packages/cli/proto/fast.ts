import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Providers from "unibatch/Providers"
import { normalize } from "../src/commands/normalize.js"
export const go = () => Effect.runPromise(normalize({ vendor: Providers.definitions.openai, operation: "list", status: Option.none(), file: Option.some(process.argv[7]!) }))
