import type { NormalizeOptions } from "@unibatch/cli/commands/normalize"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const options: NormalizeOptions = { vendor: definitions.openai, operation: "list", status: Option.none(), file: Option.some("page.json") }

export {}
