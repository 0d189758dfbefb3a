import * as Command from "@effect/cli/Command"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import { conformCommand } from "./src/commands/conform.js"
import { usage } from "./src/Failure.js"
const root = Command.make("unibatch", {}, () => usage("x")).pipe(Command.withSubcommands([conformCommand]))
const cli = Command.run(root, { name: "unibatch", version: "0" })
NodeRuntime.runMain(cli(process.argv).pipe(Effect.catchAll((e) => Effect.sync(() => { console.error("FAILED", e._tag, (e as any).message ?? ""); process.exitCode = e._tag === "CommandFailed" ? 1 : 2 })), Effect.provide(NodeContext.layer)), { disableErrorReporting: true })
