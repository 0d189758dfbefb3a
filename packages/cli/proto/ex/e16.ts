import { statusOf } from "@unibatch/cli/Input"
import * as Option from "effect/Option"

const status = statusOf({ body: "{}", source: "stdin" }, Option.none()) // succeeds with 200

export {}
