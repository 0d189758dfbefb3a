import { normalize } from "@unibatch/cli/commands/normalize"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const program = normalize({ vendor: definitions.respan, operation: "retrieve", status: Option.none(), file: Option.none() })

export {}
