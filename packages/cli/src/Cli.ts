/**
 * The `unibatch` command tree (`@effect/cli`) and how its outcomes become exit codes:
 * 0 done, 1 failed (vendor error, body that does not fit), 2 wrong usage.
 *
 * `normalize` is loaded eagerly (it is the start-up budget's path); the live commands, the demo
 * and the fake server pull in the adapters and the testkit, so they are imported when run.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import type { Teardown } from "@effect/platform/Runtime"
import { providers } from "@unibatch/core/Provider"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { conformCommand } from "./commands/conform.js"
import { normalize } from "./commands/normalize.js"
import { usage } from "./Failure.js"
import * as Output from "./Output.js"

/**
 * The version `--version` prints.
 *
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

const provider = Options.choice("provider", providers).pipe(Options.withDescription("The vendor: openai, respan or neosantara."))

const json = Options.boolean("json").pipe(Options.withDescription("Print canonical JSON instead of a table."))

const baseUrl = Options.text("base-url").pipe(
  Options.optional,
  Options.withDescription("Replace the vendor's API root (a proxy, `unibatch serve`).")
)

const maxRetries = Options.integer("max-retries").pipe(
  Options.optional,
  Options.withDescription("Retries after a failed attempt (connection errors, timeouts, 408, 409, 429, 5xx), 0 to 10; default 2.")
)

const timeoutMs = Options.integer("timeout-ms").pipe(
  Options.optional,
  Options.withDescription("Time allowed for each request, in milliseconds; default 600000.")
)

const normalizeCommand = Command.make(
  "normalize",
  {
    provider,
    operation: Options.choice("operation", ["list", "retrieve"] as const).pipe(
      Options.withDescription("Which response the body is: a list page or one batch.")
    ),
    status: Options.integer("status").pipe(Options.withDefault(200), Options.withDescription("The HTTP status it came with.")),
    file: Args.text({ name: "FILE" }).pipe(Args.optional, Args.withDescription("The response body; `-` or none for stdin."))
  },
  normalize
).pipe(Command.withDescription("Turn a saved vendor response into canonical JSON."))

const listCommand = Command.make(
  "list",
  {
    provider,
    baseUrl,
    limit: Options.integer("limit").pipe(Options.optional, Options.withDescription("Page size, 1 to 100 (with --all, default 100).")),
    after: Options.text("after").pipe(Options.optional, Options.withDescription("Start after this batch ID.")),
    all: Options.boolean("all").pipe(Options.withDescription("Every page; with --json one batch per line (NDJSON).")),
    maxRetries,
    timeoutMs,
    json
  },
  (options) => Effect.flatMap(Effect.promise(() => import("./commands/remote.js")), (remote) => remote.list(options))
).pipe(Command.withDescription("List batches (key from OPENAI_API_KEY, RESPAN_API_KEY or NEOSANTARA_API_KEY)."))

const getCommand = Command.make(
  "get",
  { provider, baseUrl, maxRetries, timeoutMs, json, id: Args.text({ name: "ID" }).pipe(Args.withDescription("The batch ID, canonical or native.")) },
  (options) => Effect.flatMap(Effect.promise(() => import("./commands/remote.js")), (remote) => remote.get(options))
).pipe(Command.withDescription("Show one batch."))

const demoCommand = Command.make(
  "demo",
  {},
  () => Effect.flatMap(Effect.promise(() => import("./commands/demo.js")), (demo) => demo.demo)
).pipe(Command.withDescription("Run one client program on three fake vendors and compare the results. No key needed."))

const serveCommand = Command.make(
  "serve",
  {
    provider,
    port: Options.integer("port").pipe(Options.withDefault(0), Options.withDescription("Port to listen on; 0 picks a free one.")),
    count: Options.integer("count").pipe(Options.optional, Options.withDescription("How many batches to serve (default 45).")),
    apiKey: Options.redacted("api-key").pipe(Options.optional, Options.withDescription("Accept only this key."))
  },
  (options) => Effect.flatMap(Effect.promise(() => import("./commands/serve.js")), (serve) => serve.serve(options))
).pipe(Command.withDescription("Run a fake vendor server on loopback; prints its base URL first."))

const root = Command.make("unibatch", {}, () =>
  usage("a command is needed: normalize, conform, list, get, demo or serve (see unibatch --help).")
).pipe(
  Command.withDescription("One client for the OpenAI-style /v1/batches APIs of openai, respan and neosantara."),
  Command.withSubcommands([normalizeCommand, conformCommand, listCommand, getCommand, demoCommand, serveCommand])
)

const cli = Command.run(root, { name: "unibatch", version })

/**
 * Runs the command line (`process.argv`) and sets `process.exitCode`. @effect/cli has already
 * printed its own usage errors; ours are printed here, the command's failures were printed by it.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<void, never, CliApp.CliApp.Environment> =>
  cli(argv).pipe(
    Effect.catchAll((error) => {
      if (ValidationError.isValidationError(error)) {
        return Effect.zipRight(Output.printErrorLines(helpHint(argv)), setExitCode(2))
      }
      if (error._tag === "UsageError") return Effect.zipRight(Output.printErrorLines(`error: ${error.message}`), setExitCode(2))
      return setExitCode(1)
    }),
    // A defect is a bug in unibatch: show it, exit 1.
    Effect.catchAllCause((cause) => Effect.zipRight(Output.printErrorLines(Cause.pretty(cause)), setExitCode(1)))
  )

const commandNames = ["normalize", "conform", "list", "get", "demo", "serve"]

/** @effect/cli printed what was wrong; say where the right usage is. */
const helpHint = (argv: ReadonlyArray<string>): string => {
  const command = argv.slice(2).find((arg) => commandNames.includes(arg))
  return `see: unibatch ${command === undefined ? "" : command + " "}--help`
}

const setExitCode = (code: number) =>
  Effect.sync(() => {
    process.exitCode = code
  })

/**
 * Ends the process with the code the command chose; an interruption by SIGINT or SIGTERM (how
 * `serve` is stopped) is a normal end.
 *
 * @since 0.1.0
 * @category running
 */
export const teardown: Teardown = (exit, onExit) => {
  onExit(Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause) ? 1 : Number(process.exitCode ?? 0))
}
