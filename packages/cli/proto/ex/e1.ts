import type { Handler } from "@unibatch/cli/Cli"
import * as Effect from "effect/Effect"

const seen: Array<unknown> = []
const record: Handler = (_command, options) => Effect.sync(() => void seen.push(options))

export {}
