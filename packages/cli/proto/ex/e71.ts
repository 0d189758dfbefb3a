import { checkLimit } from "@unibatch/cli/Vendors"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const check = checkLimit(definitions.openai, Option.some(500)) // fails: --limit must be an integer from 1 to 100 ...

export {}
