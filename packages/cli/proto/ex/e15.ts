import { readResponse } from "@unibatch/cli/Input"
import * as Option from "effect/Option"

const saved = readResponse(Option.some("test/fixtures/respan/list.json"))

export {}
