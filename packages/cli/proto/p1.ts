import { Command, Flag, Argument, CliOutput, CliConfig, GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"

const provider = Flag.Literals("provider", ["openai", "respan", "neosantara"]).pipe(Flag.withDescription("The vendor"))
const list = Command.make("list", {
  provider,
  limit: Flag.Int("limit").pipe(Flag.optional, Flag.withDescription("Page size")),
  json: Flag.Boolean("json"),
}, (o) => Effect.sync(() => console.log("list", o)))
const normalize = Command.make("normalize", {
  provider,
  operation: Flag.Literals("operation", ["list", "retrieve"]),
  file: Argument.String("FILE").pipe(Argument.optional)
}, (o) => Effect.sync(() => console.log("normalize", o)))
const root = Command.make("unibatch").pipe(Command.withSubcommands([list, normalize]))
const main = Command.runWith(root, { version: "0.2.0" })(process.argv.slice(2))
NodeRuntime.runMain(main.pipe(Effect.provide(NodeServices.layer)))
