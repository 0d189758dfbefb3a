import { formatTime } from "@unibatch/cli/Output"
import * as DateTime from "effect/DateTime"

formatTime(DateTime.makeUnsafe(0)) // => "1970-01-01T00:00:00.000Z"
formatTime(null) // => "—"

export {}
