import { Command, Flag, Argument, CliOutput, CliConfig, GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"
import * as ChildProcessSpawner from "effect/process/ChildProcessSpawner"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"

const provider = Flag.String("provider").pipe(Flag.withDescription("The vendor"))
const list = Command.make("list", {
  provider,
  limit: Flag.String("limit").pipe(Flag.optional, Flag.withDescription("Page size")),
  json: Flag.Boolean("json"),
}, (o) => Effect.sync(() => console.log("list", o)))
const normalize = Command.make("normalize", {
  provider,
  operation: Flag.String("operation"),
  file: Argument.String("FILE").pipe(Argument.optional)
}, (o) => Effect.sync(() => console.log("normalize", o)))
const root = Command.make("unibatch").pipe(Command.withSubcommands([list, normalize]))
const unused = Effect.die("unused")
const env = Layer.mergeAll(
  FileSystem.layerNoop({}), Path.layer, Stdio.layerTest({}),
  Layer.succeed(Terminal.Terminal, Terminal.make({ columns: Effect.succeed(80), rows: Effect.succeed(24), size: unused, readInput: unused, readLine: unused, display: () => Effect.void } as any)),
  Layer.succeed(ChildProcessSpawner.ChildProcessSpawner, ChildProcessSpawner.make(() => unused)),
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version] }),
  CliOutput.layerPresenter({ present: (e) => Effect.sync(() => console.error(e._tag)) })
)
const main = Command.runWith(root, { version: "0.2.0" })(process.argv.slice(2))
NodeRuntime.runMain(main.pipe(Effect.provide(env)), { disableErrorReporting: true })
