import { apiKey } from "@unibatch/cli/Vendors"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const key = apiKey(definitions.respan, Option.none()) // fails unless RESPAN_API_KEY is set

export {}
