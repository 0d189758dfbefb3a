import { CurrentSink, printLines } from "@unibatch/cli/Output"
import * as Effect from "effect/Effect"

const lines: Array<string> = []
const program = printLines("a", "b").pipe(
  Effect.provideService(CurrentSink, { out: (text) => void lines.push(text), err: () => {} })
)

export {}
