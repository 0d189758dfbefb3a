import { helpText } from "@unibatch/cli/Usage"
import * as Context from "effect/Context"
import * as Option from "effect/Option"

helpText({
  description: "Show one batch.",
  usage: "unibatch get",
  annotations: Context.empty(),
  flags: [{ name: "json", aliases: [], type: "boolean", description: Option.some("print JSON"), required: false }]
}, ["unibatch", "get"])

export {}
