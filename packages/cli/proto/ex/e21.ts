import type { Sink } from "@unibatch/cli/Output"

const captured: Array<string> = []
const sink: Sink = { out: (text) => void captured.push(text), err: (text) => void captured.push(text) }

export {}
