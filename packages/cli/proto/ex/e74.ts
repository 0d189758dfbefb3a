import type { ConformOptions } from "@unibatch/cli/commands/conform"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const options: ConformOptions = {
  vendor: definitions.respan, operation: "list", status: Option.none(), allowExtra: false, json: true,
  live: false, all: false, baseUrl: Option.none(), limit: Option.none(), id: Option.none(), file: Option.some("page.json")
}

export {}
