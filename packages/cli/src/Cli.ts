/**
 * The `unibatch` command tree on `effect/cli`, built from the command specs (`Spec.ts`), and its
 * run: 0 done, 1 failed (a vendor error, a body that does not fit, a report that is not
 * conformant), 2 wrong usage.
 *
 * The tree knows vendors only through the definitions it is given (the umbrella's registry in
 * the executable, any list in a test): `--provider` accepts exactly their names. Help and usage
 * errors are written by `Usage.ts`, in plain text and in short form.
 *
 * @since 0.1.0
 */
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Argument from "effect/cli/Argument"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliError from "effect/cli/CliError"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import type * as CliParam from "effect/cli/Param"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "effect/Path"
import * as ChildProcessSpawner from "effect/process/ChildProcessSpawner"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"
import manifest from "../package.json" with { type: "json" }
import { type CommandFailed, type ExitCode, exitCode, usage, type UsageError, UsageReported } from "./Failure.js"
import * as Output from "./Output.js"
import * as Spec from "./Spec.js"
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
 * What runs once a command line is parsed: by default the command's own code (`Spec.Command.run`);
 * a test can pass one that records the options instead.
 *
 * @example
 * ```ts
 * import type { Handler } from "@unibatch/cli/Cli"
 * import * as Effect from "effect/Effect"
 *
 * const seen: Array<unknown> = []
 * const record: Handler = (_command, options) => Effect.sync(() => void seen.push(options))
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Handler = (command: Spec.Command, options: { readonly [key: string]: unknown }) => Effect.Effect<void, UsageError | CommandFailed>

const runCommand: Handler = (command, options) => command.run(options)

type AnyParam = CliParam.Param<CliParam.ParamKind, unknown>

/** The `effect/cli` parameter for one spec parameter: the same name, value check and help. */
const toParam = (param: Spec.Param<unknown>): AnyParam => {
  switch (param._tag) {
    case "Switch":
      return Flag.Boolean(param.name).pipe(Flag.withDefault(false), Flag.withoutNegation, Flag.withDescription(param.description))
    case "Flag": {
      const value = Flag.String(param.name).pipe(Flag.withMetavar(param.metavar), Flag.filterMap(param.parse, () => param.allowed))
      if (param.presence === "repeated") {
        // Optional in help and usage errors (`atLeast(0)` would show it as required); absent is [].
        const many = Flag.atLeast(value, 1).pipe(Flag.optional, Flag.map(Option.getOrElse((): ReadonlyArray<unknown> => [])))
        return Flag.withDescription(many, param.description)
      }
      const present = param.presence === "optional"
        ? Flag.optional(value)
        : param.presence === "default"
        ? Flag.withDefault(value, param.defaultValue)
        : value
      return Flag.withDescription(present, param.description)
    }
    case "Argument": {
      const value = Argument.String(param.name).pipe(Argument.withMetavar(param.metavar), Argument.filterMap(param.parse, () => param.allowed))
      const present = param.presence === "optional"
        ? Argument.optional(value)
        : param.presence === "default"
        ? Argument.withDefault(value, param.defaultValue)
        : value
      return Argument.withDescription(present, param.description)
    }
  }
}

// The options are whatever the spec says, hence `any` for the command input.
const toCommand = (spec: Spec.Command, handler: Handler): Command.Command<string, any, {}, UsageError | CommandFailed, never> => {
  const config: Record<string, AnyParam> = {}
  for (const [key, param] of Object.entries(spec.params)) config[key] = toParam(param)
  const command = Command.make(spec.name, config, (options) => handler(spec, options)).pipe(
    Command.withDescription(spec.description),
    Command.withShortDescription(spec.summary ?? spec.description)
  )
  return spec.subcommands === undefined
    ? command
    : Command.withSubcommands(command, spec.subcommands.map((subcommand) => toCommand(subcommand, handler)))
}

/**
 * The `unibatch` command tree for these vendors. With `command`, the tree holds only that
 * subcommand (when it is one): enough to run it, show its help and report its usage errors, for
 * less work at start-up.
 *
 * @example
 * ```ts
 * import { make } from "@unibatch/cli/Cli"
 * import { definitions } from "unibatch/Providers"
 *
 * const root = make(Object.values(definitions))
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  definitions: ReadonlyArray<VendorDefinition>,
  options: { readonly command?: string | undefined; readonly handler?: Handler | undefined } = {}
) => {
  const specs = Spec.commands(definitions)
  const names = specs.map((spec) => spec.name)
  const only = specs.filter((spec) => spec.name === options.command)
  const commands = (only.length > 0 ? only : specs).map((spec) => toCommand(spec, options.handler ?? runCommand))
  return Command.make("unibatch", {}, () => Effect.fail(usage(`a command is needed: ${Spec.orList(names)} (see unibatch --help).`))).pipe(
    Command.withDescription(`One client for the Batch APIs of LLM vendors: ${definitions.map((definition) => definition.provider).join(", ")}.`),
    Command.withSubcommands(commands)
  )
}

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
 * Runs the command line (the arguments after `unibatch`) through `effect/cli` and returns the
 * exit code. Usage errors and failures are printed on the way (stderr), results on stdout;
 * nothing is thrown. The executable tries `Fast.ts` first and comes here for anything else.
 *
 * @example
 * ```ts
 * import * as Cli from "@unibatch/cli/Cli"
 * import * as Effect from "effect/Effect"
 * import { definitions } from "unibatch/Providers"
 *
 * const code = await Effect.runPromise(Cli.run(["normalize", "--help"], { definitions: Object.values(definitions) })) // => 0
 * ```
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  args: ReadonlyArray<string>,
  options: Spec.RunOptions & { readonly handler?: Handler | undefined }
): Effect.Effect<ExitCode> =>
  exitCode(
    Command.runWith(make(options.definitions, { command: args[0], handler: options.handler }), { version })(args).pipe(
      Effect.provide(runnerServices),
      // effect/cli's parse errors were printed by the presenter (Usage.presenter).
      Effect.catchIf(CliError.isCliError, () => Effect.fail(new UsageReported()))
    )
  ).pipe(Effect.provideService(Output.CurrentSink, options.sink ?? Output.processSink))
