/**
 * The `unibatch` command tree (`effect/cli`) and how its outcomes become exit codes: 0 done,
 * 1 failed (a vendor error, a body that does not fit, a report that is not conformant), 2 wrong
 * usage.
 *
 * The tree is built from the vendor definitions it is given (the umbrella's registry in the
 * executable, any list in a test): `--provider` accepts exactly their names, and nothing here
 * names a vendor. Each command's code is imported when the command runs, so start-up loads only
 * the parser; help and usage errors are written by `Usage.ts`, in plain text and in short form.
 *
 * @since 0.1.0
 */
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Cause from "effect/Cause"
import * as Argument from "effect/cli/Argument"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliError from "effect/cli/CliError"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "effect/Path"
import * as Redacted from "effect/Redacted"
import * as ChildProcessSpawner from "effect/process/ChildProcessSpawner"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"
import manifest from "../package.json" with { type: "json" }
import type { ConformOptions } from "./commands/conform.js"
import type { NormalizeOptions, Operation } from "./commands/normalize.js"
import type { GetCommandOptions, ListCommandOptions } from "./commands/remote.js"
import type { ServeOptions } from "./commands/serve.js"
import { CommandFailed, usage, UsageError } from "./Failure.js"
import * as Output from "./Output.js"
import * as Usage from "./Usage.js"

/**
 * The version `--version` prints: the `@unibatch/cli` package's.
 *
 * @example
 * ```ts
 * import { version } from "@unibatch/cli/Cli"
 *
 * console.log(`unibatch ${version}`)
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = manifest.version

/**
 * An exit code: 0 done, 1 failed, 2 wrong usage.
 *
 * @since 0.2.0
 * @category models
 */
export type ExitCode = 0 | 1 | 2

/**
 * What a run needs: the vendors it knows (the registry's definitions in the executable) and,
 * optionally, where to write instead of stdout and stderr.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "@unibatch/cli/Cli"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: RunOptions = { definitions }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface RunOptions {
  readonly definitions: ReadonlyArray<VendorDefinition>
  readonly sink?: Output.Sink | undefined
}

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

interface IntegerRange {
  readonly min: number
  readonly max?: number | undefined
  /** What is allowed, in words, when "an integer from min to max" would not say it well. */
  readonly allowed?: string | undefined
}

const integerPattern = /^[+-]?\d+$/

/**
 * Parses a whole number in a range; anything else (`abc`, `2.5`, `1e3`, out of range) is refused
 * with what is allowed.
 */
const parseInteger = (range: IntegerRange) => (text: string): Option.Option<number> => {
  if (!integerPattern.test(text.trim())) return Option.none()
  const value = Number(text)
  return Number.isSafeInteger(value) && value >= range.min && (range.max === undefined || value <= range.max)
    ? Option.some(value)
    : Option.none()
}

const allowedIntegers = (range: IntegerRange): string =>
  range.allowed ??
    (range.max === undefined
      ? range.min === 0 ? "a whole number (0 or more)" : `an integer from ${range.min} up`
      : `an integer from ${range.min} to ${range.max}`)

/** An integer flag whose every bad value is refused as `--name must be <allowed>, got "<value>".` */
const integerFlag = (name: string, metavar: string, range: IntegerRange) =>
  Flag.String(name).pipe(Flag.withMetavar(metavar), Flag.filterMap(parseInteger(range), () => allowedIntegers(range)))

const booleanFlag = (name: string, description: string) =>
  Flag.Boolean(name).pipe(Flag.withDefault(false), Flag.withoutNegation, Flag.withDescription(description))

const textFlag = (name: string, metavar: string, description: string) =>
  Flag.String(name).pipe(Flag.withMetavar(metavar), Flag.optional, Flag.withDescription(description))

const operations = ["list", "retrieve"] as const

const operationFlag = Flag.String("operation").pipe(
  Flag.withMetavar("list|retrieve"),
  Flag.filterMap(
    (text): Option.Option<Operation> => Option.fromNullishOr(operations.find((operation) => operation === text)),
    () => "list or retrieve"
  ),
  Flag.withDescription("which response the body is: a list page or one batch")
)

const statusFlag = (description: string) =>
  integerFlag("status", "N", { min: 100, max: 599, allowed: "an HTTP status from 100 to 599" }).pipe(
    Flag.optional,
    Flag.withDescription(description)
  )

const fileArgument = Argument.String("FILE").pipe(
  Argument.withMetavar("FILE|-"),
  Argument.optional,
  Argument.withDescription("the response body, or a fixture {status, headers, body}; - or none for stdin")
)

/** `--provider`: one of the definitions' names, parsed into that definition. */
const providerFlag = (definitions: ReadonlyArray<VendorDefinition>) => {
  const names = definitions.map((definition) => definition.provider)
  return Flag.String("provider").pipe(
    Flag.withMetavar("P"),
    Flag.filterMap(
      (name) => Option.fromNullishOr(definitions.find((definition) => definition.provider === name)),
      () => Usage.oneOf(names)
    ),
    Flag.withDescription(`the vendor: ${names.join(", ")}`)
  )
}

const remoteFlags = {
  baseUrl: textFlag("base-url", "URL", "replace the vendor's API root (a proxy, `unibatch serve`)"),
  maxRetries: integerFlag("max-retries", "N", { min: 0, max: 10 }).pipe(
    Flag.optional,
    Flag.withDescription("retries after a failed attempt (connection, timeout, 408, 409, 429, 5xx), 0 to 10; default 2")
  ),
  timeoutMs: integerFlag("timeout-ms", "MS", { min: 1, allowed: "a positive integer (milliseconds)" }).pipe(
    Flag.optional,
    Flag.withDescription("time allowed for each request, in milliseconds; default 600000")
  ),
  json: booleanFlag("json", "print canonical JSON instead of a table")
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** Imports a command's module when it runs; a module that fails to load is a defect (exit 1). */
const load = <M>(module: () => Promise<M>): Effect.Effect<M> => Effect.promise(module)

/**
 * The `unibatch` command tree for these vendors. With `command`, the tree holds only that
 * subcommand (when it is one): enough to run it, show its help and report its usage errors.
 *
 * @example
 * ```ts
 * import { make } from "@unibatch/cli/Cli"
 * import { definitions } from "unibatch/Providers"
 *
 * const root = make(definitions)
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (definitions: ReadonlyArray<VendorDefinition>, options: { readonly command?: string | undefined } = {}) => {
  const provider = providerFlag(definitions)
  const keyVariables = definitions.map((definition) => definition.apiKeyEnv)

  const normalize = () =>
    Command.make(
    "normalize",
    {
      vendor: provider,
      operation: operationFlag,
      status: statusFlag("the HTTP status it came with (default 200, or the fixture's)"),
      file: fileArgument
    },
    (options: NormalizeOptions) => Effect.flatMap(load(() => import("./commands/normalize.js")), (command) => command.normalize(options))
  ).pipe(Command.withDescription("Turn a saved vendor response into canonical JSON (exit 1 when the body does not fit)."))

  const conform = () =>
    Command.make(
    "conform",
    {
      vendor: provider,
      operation: operationFlag,
      status: statusFlag("the HTTP status it came with (default 200, or the fixture's)"),
      allowExtra: booleanFlag("allow-extra", "report undocumented fields as notes, not violations"),
      json: booleanFlag("json", "print {\"conformant\", \"violations\"} as JSON"),
      live: booleanFlag("live", "call the vendor (key from its variable) and check its answers"),
      all: booleanFlag("all", "with --live: check every page"),
      baseUrl: textFlag("base-url", "URL", "with --live: replace the vendor's API root"),
      limit: integerFlag("limit", "N", { min: 1, allowed: "a positive integer" }).pipe(
        Flag.optional,
        Flag.withDescription("the page size asked for: checked against the page (sent with --live)")
      ),
      id: textFlag("id", "ID", "with --live --operation retrieve: the batch ID"),
      file: fileArgument
    },
    (options: ConformOptions) => Effect.flatMap(load(() => import("./commands/conform.js")), (command) => command.conform(options))
  ).pipe(Command.withDescription("Check a vendor response against that vendor's documented contract: exit 0 conformant, 1 not."))

  const list = () =>
    Command.make(
    "list",
    {
      vendor: provider,
      limit: integerFlag("limit", "N", { min: 1, allowed: "a positive integer (at most the vendor's largest page)" }).pipe(
        Flag.optional,
        Flag.withDescription("page size, 1 to the vendor's largest page; with --all the largest is the default")
      ),
      after: textFlag("after", "ID", "start after this batch ID"),
      all: booleanFlag("all", "every page; with --json one canonical batch per line (NDJSON)"),
      ...remoteFlags
    },
    (options: ListCommandOptions) => Effect.flatMap(load(() => import("./commands/remote.js")), (command) => command.list(options))
  ).pipe(Command.withDescription(`List batches (the key from ${Usage.orList(keyVariables)}).`))

  const get = () =>
    Command.make(
    "get",
    {
      vendor: provider,
      ...remoteFlags,
      id: Argument.String("ID").pipe(Argument.withDescription("the batch ID, canonical or native"))
    },
    (options: GetCommandOptions) => Effect.flatMap(load(() => import("./commands/remote.js")), (command) => command.get(options))
  ).pipe(Command.withDescription(`Show one batch (the key from ${Usage.orList(keyVariables)}).`))

  const demo = () =>
    Command.make(
    "demo",
    {},
    () => Effect.flatMap(load(() => import("./commands/demo.js")), (command) => command.demo(definitions))
  ).pipe(Command.withDescription("Run one client program on every vendor's fake server and compare the results. No key, no network."))

  const serve = () =>
    Command.make(
    "serve",
    {
      vendor: provider,
      port: integerFlag("port", "N", { min: 0, max: 65535 }).pipe(
        Flag.withDefault(0),
        Flag.withDescription("port to listen on; 0 picks a free one")
      ),
      count: integerFlag("count", "N", { min: 0 }).pipe(Flag.optional, Flag.withDescription("how many batches to serve (default 45)")),
      // A plain string flag made `Redacted` at once: Flag.Redacted compiles a Schema on every start.
      apiKey: Flag.String("api-key").pipe(
        Flag.withMetavar("KEY"),
        Flag.map(Redacted.make),
        Flag.optional,
        Flag.withDescription("accept only this key")
      )
    },
    (options: ServeOptions) => Effect.flatMap(load(() => import("./commands/serve.js")), (command) => command.serve(options))
  ).pipe(Command.withDescription("Run a fake vendor server on loopback in the foreground; prints its base URL first."))

  const builders = { normalize, conform, list, get, demo, serve }
  const names = Object.keys(builders) as Array<keyof typeof builders>
  // Building a command costs a little at every start: when the command line names one, only it
  // is built (its help and errors need nothing else).
  const only = names.find((name) => name === options.command)
  const commands = only === undefined ? names.map((name) => builders[name]()) : [builders[only]()]
  return Command.make("unibatch", {}, () =>
    Effect.fail(usage(`a command is needed: ${Usage.orList(names)} (see unibatch --help).`))).pipe(
      Command.withDescription(`One client for the Batch APIs of LLM vendors: ${definitions.map((definition) => definition.provider).join(", ")}.`),
      Command.withSubcommands(commands)
    )
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

const unused = (service: string) => Effect.die(new Error(`unibatch does not use the ${service} service`))

/**
 * The services `effect/cli`'s runner asks for in its type. No unibatch command reads a path or a
 * file through a flag, prompts, or spawns a process, so these are stand-ins that fail if ever
 * used: the Node implementations would load `node:child_process`, `node:crypto` and streams on
 * every start for nothing.
 */
const runnerServices = Layer.mergeAll(
  FileSystem.layerNoop({}),
  Path.layer,
  Stdio.layerTest({}),
  Layer.succeed(Terminal.Terminal)(
    Terminal.make({
      columns: Effect.succeed(80),
      rows: Effect.succeed(24),
      size: unused("Terminal"),
      readInput: unused("Terminal"),
      readLine: unused("Terminal"),
      display: () => unused("Terminal")
    })
  ),
  Layer.succeed(ChildProcessSpawner.ChildProcessSpawner)(ChildProcessSpawner.make(() => unused("ChildProcessSpawner"))),
  // Only --help and --version: no wizard, completions or log-level flags in every help.
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version] }),
  CliOutput.layerPresenter(Usage.presenter)
)

/**
 * Runs the command line (the arguments after `unibatch`) and returns the exit code. Usage errors
 * and failures are printed on the way (stderr), results on stdout; nothing is thrown.
 *
 * @example
 * ```ts
 * import * as Cli from "@unibatch/cli/Cli"
 * import * as Effect from "effect/Effect"
 * import { definitions } from "unibatch/Providers"
 *
 * const code = await Effect.runPromise(Cli.run(["normalize", "--help"], { definitions })) // => 0
 * ```
 *
 * @since 0.1.0
 * @category running
 */
export const run = (args: ReadonlyArray<string>, options: RunOptions): Effect.Effect<ExitCode> =>
  Command.runWith(make(options.definitions, { command: args[0] }), { version })(args).pipe(
    Effect.provide(runnerServices),
    Effect.as<ExitCode>(0),
    Effect.catch((error): Effect.Effect<ExitCode> => {
      // effect/cli's parse errors were printed by the presenter (Usage.presenter).
      if (CliError.isCliError(error)) return Effect.succeed(2)
      if (error instanceof UsageError) return Effect.as(Output.printErrorLines(`error: ${error.message}`), 2)
      if (error instanceof CommandFailed) return Effect.succeed(1)
      return Effect.as(Output.printErrorLines(`error: ${String(error)}`), 1)
    }),
    // A defect is a bug in unibatch: show it, exit 1. An interruption (Ctrl-C) is passed on.
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.as(Output.printErrorLines(Cause.pretty(cause)), 1 as const)
    ),
    Effect.provideService(Output.CurrentSink, options.sink ?? Output.processSink)
  ) as Effect.Effect<ExitCode>
