import { errorMessage } from "@unibatch/cli/Usage"
import * as CliError from "effect/cli/CliError"
import * as Context from "effect/Context"

const doc = { description: "", usage: "", annotations: Context.empty(), flags: [] }
errorMessage(new CliError.InvalidValue({ option: "limit", value: "abc", expected: "a positive integer", kind: "flag" }), doc, ["unibatch", "list"])
// => '--limit must be a positive integer, got "abc".'

export {}
