/**
 * The `unibatch` command line as data: each command's name, description, flags and arguments
 * (with what each value must be) and the code it runs. It is the one description of the command
 * line, read two ways:
 *
 * - `Cli.ts` turns it into the `effect/cli` command tree, which parses any command line and
 *   writes help and usage errors;
 * - `Fast.ts` recognizes a well-formed command line without loading `effect/cli` (whose modules
 *   take about as long to load as Node takes to start), and hands anything else to the tree.
 *   test/cli/fast.test.ts checks that both read every command line the fast path accepts alike.
 *
 * Vendors come in as definitions (the registry's list in the executable): `--provider` accepts
 * exactly their names. Nothing here names a vendor.
 *
 * @since 0.2.0
 */
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { normalize } from "./commands/normalize.js"
import { type CommandFailed, usage as usageNeeded, type UsageError } from "./Failure.js"
import type * as Output from "./Output.js"

// ---------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------

/**
 * One flag or positional argument, and the type `A` of its parsed value.
 *
 * - `Flag`: `--name VALUE` (or `--name=VALUE`); `parse` turns the text into the value, or
 *   refuses it; `allowed` says in words what is accepted (for usage errors).
 * - `Switch`: `--name`, `true` when given, else `false`.
 * - `Argument`: a positional argument.
 *
 * `presence` says what happens when it is absent: `required` (a usage error), `optional` (the
 * value is an `Option`) or `default` (`defaultValue`); a `repeated` flag may be given any number
 * of times and its value is the array of what was given (empty when absent).
 *
 * @example
 * ```ts
 * import { flag, integer, type Param } from "@unibatch/cli/Spec"
 *
 * const port: Param<number> = flag("port", "N", "port to listen on", integer({ min: 0, max: 65535 }))
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Param<A> {
  readonly _tag: "Flag" | "Switch" | "Argument"
  /** The flag's name without dashes, or the argument's name. */
  readonly name: string
  /** The value's placeholder in help: `N`, `URL`, `list|retrieve`; empty for a switch. */
  readonly metavar: string
  readonly description: string
  readonly allowed: string
  /** The value of a given flag or argument (before `presence` wraps it in an `Option`), or none when refused. */
  readonly parse: (text: string) => Option.Option<unknown>
  readonly presence: "required" | "optional" | "default" | "repeated"
  /** The value when absent, with `presence: "default"` (and `[]` with `"repeated"`). */
  readonly defaultValue?: unknown
  /** Only the type: the value the command's code receives. */
  readonly "~value"?: ((_: never) => A) | undefined
}

/**
 * The parsed value of a {@link Param}.
 *
 * @example
 * ```ts
 * import { switchFlag, type ValueOf } from "@unibatch/cli/Spec"
 *
 * const json = switchFlag("json", "print JSON")
 * const value: ValueOf<typeof json> = true
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type ValueOf<P> = P extends Param<infer A> ? A : never

/**
 * The value a command's code receives for a parameter given as `text`, or none when `text` is
 * refused: `parse`, then `Option.some` for an optional one.
 *
 * @example
 * ```ts
 * import { flag, integer, optional, valueOf } from "@unibatch/cli/Spec"
 *
 * valueOf(optional(flag("limit", "N", "page size", integer({ min: 1 }))), "5") // => Option.some(Option.some(5))
 * ```
 *
 * @since 0.2.0
 * @category parsing
 */
export const valueOf = (param: Param<unknown>, text: string): Option.Option<unknown> =>
  param.presence === "optional"
    ? Option.map(param.parse(text), Option.some)
    : param.presence === "repeated"
    ? Option.map(param.parse(text), (value) => [value])
    : param.parse(text)

/**
 * The parameters of a command, by the name its code reads them under.
 *
 * @example
 * ```ts
 * import { argument, type Params, switchFlag } from "@unibatch/cli/Spec"
 *
 * const params: Params = { id: argument("ID", "ID", "the batch ID"), json: switchFlag("json", "print JSON") }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Params = { readonly [key: string]: Param<any> }

/**
 * What a command's code receives: each parameter's parsed value.
 *
 * @example
 * ```ts
 * import { argument, type OptionsOf, switchFlag } from "@unibatch/cli/Spec"
 *
 * const params = { id: argument("ID", "ID", "the batch ID"), json: switchFlag("json", "print JSON") }
 * const options: OptionsOf<typeof params> = { id: "batch_abc", json: false }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type OptionsOf<P extends Params> = { readonly [K in keyof P]: ValueOf<P[K]> }

/**
 * A required flag with a value.
 *
 * @example
 * ```ts
 * import { flag, integer } from "@unibatch/cli/Spec"
 *
 * const port = flag("port", "N", "port to listen on", integer({ min: 0, max: 65535 }))
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const flag = <A>(
  name: string,
  metavar: string,
  description: string,
  value: { readonly parse: (text: string) => Option.Option<A>; readonly allowed: string }
): Param<A> => ({ _tag: "Flag", name, metavar, description, allowed: value.allowed, parse: value.parse, presence: "required" })

/**
 * A flag given or not: `true` when given.
 *
 * @example
 * ```ts
 * import { switchFlag } from "@unibatch/cli/Spec"
 *
 * const json = switchFlag("json", "print canonical JSON instead of a table")
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const switchFlag = (name: string, description: string): Param<boolean> => ({
  _tag: "Switch",
  name,
  metavar: "",
  description,
  allowed: "nothing (it takes no value)",
  parse: () => Option.some(true),
  presence: "default",
  defaultValue: false
})

/**
 * A required positional argument, taken as it is.
 *
 * @example
 * ```ts
 * import { argument } from "@unibatch/cli/Spec"
 *
 * const id = argument("ID", "ID", "the batch ID, canonical or native")
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const argument = (name: string, metavar: string, description: string): Param<string> => ({
  _tag: "Argument",
  name,
  metavar,
  description,
  allowed: "any text",
  parse: Option.some,
  presence: "required"
})

/**
 * Makes a parameter optional: its value is `Option.none()` when absent.
 *
 * @example
 * ```ts
 * import { flag, integer, optional } from "@unibatch/cli/Spec"
 *
 * const limit = optional(flag("limit", "N", "page size", integer({ min: 1 })))
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const optional = <A>(param: Param<A>): Param<Option.Option<A>> => ({
  _tag: param._tag,
  name: param.name,
  metavar: param.metavar,
  description: param.description,
  allowed: param.allowed,
  parse: param.parse,
  presence: "optional"
})

/**
 * Gives a parameter a value for when it is absent.
 *
 * @example
 * ```ts
 * import { flag, integer, withDefault } from "@unibatch/cli/Spec"
 *
 * const port = withDefault(flag("port", "N", "port to listen on", integer({ min: 0, max: 65535 })), 0)
 * ```
 *
 * @since 0.2.0
 * @category combinators
 */
export const withDefault = <A>(param: Param<A>, value: A): Param<A> => ({ ...param, presence: "default", defaultValue: value })

/**
 * Lets a flag be given any number of times: its value is the array of the values given, in order
 * (`[]` when absent).
 *
 * @example
 * ```ts
 * import { flag, keyValue, repeated } from "@unibatch/cli/Spec"
 *
 * const metadata = repeated(flag("metadata", "K=V", "a metadata pair; repeat for more", keyValue))
 * ```
 *
 * @since 0.3.0
 * @category combinators
 */
export const repeated = <A>(param: Param<A>): Param<ReadonlyArray<A>> => ({
  _tag: param._tag,
  name: param.name,
  metavar: param.metavar,
  description: param.description,
  allowed: param.allowed,
  parse: param.parse,
  presence: "repeated",
  defaultValue: []
})

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/** A plain decimal integer: no sign but `-`, no leading zero, no space, no exponent, no `0x`. */
const integerPattern = /^(?:0|-?[1-9]\d*)$/

/**
 * A whole number in a range; anything else (`abc`, `2.5`, `1e3`, out of range) is refused with
 * what is allowed: "an integer from 1 to 100", or `allowed` when given.
 *
 * @example
 * ```ts
 * import { integer } from "@unibatch/cli/Spec"
 *
 * integer({ min: 0, max: 10 }).parse("11") // => Option.none()
 * integer({ min: 0, max: 10 }).allowed // => "an integer from 0 to 10"
 * ```
 *
 * @since 0.2.0
 * @category values
 */
export const integer = (range: { readonly min: number; readonly max?: number | undefined; readonly allowed?: string | undefined }) => ({
  parse: (text: string): Option.Option<number> => {
    if (!integerPattern.test(text)) return Option.none()
    const value = Number(text)
    return Number.isSafeInteger(value) && value >= range.min && (range.max === undefined || value <= range.max)
      ? Option.some(value)
      : Option.none()
  },
  allowed: range.allowed ??
    (range.max === undefined
      ? range.min === 0 ? "a whole number (0 or more)" : `an integer from ${range.min} up`
      : `an integer from ${range.min} to ${range.max}`)
})

/**
 * Any text, as given.
 *
 * @example
 * ```ts
 * import { text } from "@unibatch/cli/Spec"
 *
 * text.parse("batch_abc") // => Option.some("batch_abc")
 * ```
 *
 * @since 0.2.0
 * @category values
 */
export const text = { parse: (value: string): Option.Option<string> => Option.some(value), allowed: "any text" }

/**
 * `key=value`: a non-empty key, then `=`, then the value (which may hold `=` and may be empty).
 *
 * @example
 * ```ts
 * import { keyValue } from "@unibatch/cli/Spec"
 *
 * keyValue.parse("job=nightly") // => Option.some(["job", "nightly"])
 * keyValue.parse("nightly") // => Option.none()
 * ```
 *
 * @since 0.3.0
 * @category values
 */
export const keyValue = {
  parse: (value: string): Option.Option<readonly [string, string]> => {
    const equals = value.indexOf("=")
    return equals <= 0 ? Option.none() : Option.some([value.slice(0, equals), value.slice(equals + 1)] as const)
  },
  allowed: "key=value (a non-empty key, then =)"
}

/**
 * One of a few words.
 *
 * @example
 * ```ts
 * import { choice } from "@unibatch/cli/Spec"
 *
 * choice(["list", "retrieve"] as const).parse("create") // => Option.none()
 * choice(["list", "retrieve"] as const).allowed // => "list or retrieve"
 * ```
 *
 * @since 0.2.0
 * @category values
 */
export const choice = <const A extends string>(choices: ReadonlyArray<A>) => ({
  parse: (value: string): Option.Option<A> => Option.fromNullishOr(choices.find((choice) => choice === value)),
  allowed: orList(choices)
})

/**
 * `a, b or c`.
 *
 * @example
 * ```ts
 * import { orList } from "@unibatch/cli/Spec"
 *
 * orList(["list", "retrieve"]) // => "list or retrieve"
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const orList = (items: ReadonlyArray<string>): string =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * One command: its name, a one-line description, its parameters and the code it runs (imported
 * when it runs, so that the other commands' code is not loaded).
 *
 * @example
 * ```ts
 * import type { Command } from "@unibatch/cli/Spec"
 * import * as Effect from "effect/Effect"
 *
 * const hello: Command = { name: "hello", description: "Say hello.", params: {}, run: () => Effect.void }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Command {
  readonly name: string
  readonly description: string
  /** One short line for the list of commands in the root help; `description` when absent. */
  readonly summary?: string | undefined
  readonly params: Params
  readonly run: (options: { readonly [key: string]: unknown }) => Effect.Effect<void, UsageError | CommandFailed>
  /**
   * A command made of subcommands (`unibatch files upload`): the word after this command's name
   * picks one; `run` is what a command line without one does (a usage error).
   */
  readonly subcommands?: ReadonlyArray<Command> | undefined
}

const command = <const P extends Params>(spec: {
  readonly name: string
  readonly description: string
  readonly summary?: string | undefined
  readonly params: P
  readonly run: (options: OptionsOf<P>) => Effect.Effect<void, UsageError | CommandFailed>
}): Command => ({
  name: spec.name,
  description: spec.description,
  summary: spec.summary,
  params: spec.params,
  // The options were built from `params` (by `effect/cli` or by `Fast.ts`), so they have its types.
  run: (options) => spec.run(options as OptionsOf<P>)
})

/** Imports a command's module when it runs; a module that fails to load is a defect (exit 1). */
const load = <M>(module: () => Promise<M>): Effect.Effect<M> => Effect.promise(module)

/**
 * What a run needs: the vendors it knows (the registry's definitions in the executable) and,
 * optionally, where to write instead of stdout and stderr.
 *
 * @example
 * ```ts
 * import type { RunOptions } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: RunOptions = { definitions: Object.values(definitions) }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface RunOptions {
  readonly definitions: ReadonlyArray<VendorDefinition>
  readonly sink?: Output.Sink | undefined
}

/**
 * `--provider`: one of the definitions' names, parsed into that definition.
 *
 * @example
 * ```ts
 * import { provider } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * provider(Object.values(definitions)).allowed // => "one of openai, respan, neosantara"
 * ```
 *
 * @since 0.2.0
 * @category values
 */
export const provider = (definitions: ReadonlyArray<VendorDefinition>) => {
  const names = definitions.map((definition) => definition.provider)
  return flag("provider", "P", `the vendor: ${names.join(", ")}`, {
    parse: (name: string) => Option.fromNullishOr(definitions.find((definition) => definition.provider === name)),
    allowed: `one of ${names.join(", ")}`
  })
}

const operation = flag("operation", "OP", "which response the body is: list, retrieve, create, cancel, file, file-list, output-line or error-line (lines: one, or a whole JSONL file)", choice(["list", "retrieve", "create", "cancel", "file", "file-list", "output-line", "error-line"]))

const status = optional(
  flag("status", "N", "the HTTP status it came with (default 200, or the fixture's)", integer({ min: 100, max: 599, allowed: "an HTTP status from 100 to 599" }))
)

const file = optional(argument("FILE", "FILE|-", "the response body, or a fixture {status, headers, body}; - or none for stdin"))

/** A key: kept `Redacted` from the moment it is parsed. */
const secret = {
  parse: (value: string): Option.Option<Redacted.Redacted<string>> => Option.some(Redacted.make(value)),
  allowed: "a key"
}

/** The longest delay Node's timers take (2^31-1 ms, about 24.8 days); a longer one fires at once. */
const maxTimerMs = 2_147_483_647

const maxPages = optional(
  flag("max-pages", "N", "with --all: stop after N pages", integer({ min: 1, allowed: "a positive integer (pages)" }))
)

/** `--api-key-env`: another variable than the vendor's (a compatible endpoint's own, say). */
const apiKeyEnv = optional(
  flag("api-key-env", "NAME", "read the key from this environment variable instead of the vendor's", text)
)

const remote = {
  baseUrl: optional(flag("base-url", "URL", "replace the vendor's API root (a proxy, `unibatch serve`)", text)),
  apiKeyEnv,
  maxRetries: optional(
    flag("max-retries", "N", "retries after a failed attempt (connection, timeout, 408, 409, 429, 5xx), 0 to 10; default 2", integer({ min: 0, max: 10 }))
  ),
  timeoutMs: optional(
    flag(
      "timeout-ms",
      "MS",
      "time allowed for each request, in milliseconds, at most 2147483647; default 600000",
      integer({ min: 1, max: maxTimerMs, allowed: `an integer of milliseconds from 1 to ${maxTimerMs} (the timer's maximum)` })
    )
  ),
  json: switchFlag("json", "print canonical JSON instead of a table")
}

const keys = (definitions: ReadonlyArray<VendorDefinition>) => orList(definitions.map((definition) => definition.apiKeyEnv))

/**
 * `unibatch normalize`. Its code is loaded with the spec, not when it runs: it is the command whose
 * start-up is measured, and its code is small next to what it needs anyway (the decoder, the
 * definitions).
 *
 * @example
 * ```ts
 * import { normalizeCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * normalizeCommand(Object.values(definitions)).name // => "normalize"
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const normalizeCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "normalize",
    description: "Turn a saved vendor response into canonical JSON (exit 1 when the body does not fit).",
    summary: "Turn a saved vendor response into canonical JSON.",
    params: {
      vendor: provider(definitions),
      operation,
      status,
      batchId: optional(flag("batch-id", "ID", "with --operation output-line|error-line: the batch the lines belong to", text)),
      file
    },
    run: normalize
  })

/**
 * `unibatch conform`.
 *
 * @example
 * ```ts
 * import { conformCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * conformCommand(Object.values(definitions)).name // => "conform"
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const conformCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "conform",
    description: "Check a vendor response against that vendor's documented contract: exit 0 conformant, 1 not.",
    summary: "Check a vendor response against the vendor's documented contract.",
    params: {
      vendor: provider(definitions),
      operation,
      status,
      allowExtra: switchFlag("allow-extra", "report undocumented fields as notes, not violations"),
      json: switchFlag("json", "print {\"conformant\", \"violations\"} as JSON"),
      live: switchFlag("live", "call the vendor (key from its variable) and check its answers"),
      all: switchFlag("all", "with --live: check every page"),
      maxPages,
      baseUrl: optional(flag("base-url", "URL", "with --live: replace the vendor's API root", text)),
      limit: optional(
        flag("limit", "N", "the page size asked for: checked against the page (sent with --live)", integer({ min: 1, allowed: "a positive integer" }))
      ),
      id: optional(flag("id", "ID", "with --live --operation retrieve or file: the batch or file ID", text)),
      file
    },
    run: (options) => Effect.flatMap(load(() => import("./commands/conform.js")), (module) => module.conform(options))
  })

/**
 * `unibatch list`.
 *
 * @example
 * ```ts
 * import { listCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * listCommand(Object.values(definitions)).name // => "list"
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const listCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "list",
    description: `List batches (the key from ${keys(definitions)}).`,
    summary: "List batches.",
    params: {
      vendor: provider(definitions),
      limit: optional(
        flag(
          "limit",
          "N",
          "page size, 1 to the vendor's largest page; with --all the largest is the default",
          integer({ min: 1, allowed: "a positive integer (at most the vendor's largest page)" })
        )
      ),
      after: optional(flag("after", "ID", "start after this batch ID", text)),
      all: switchFlag("all", "every page; with --json one canonical batch per line (NDJSON)"),
      maxPages,
      ...remote
    },
    run: (options) => Effect.flatMap(load(() => import("./commands/remote.js")), (module) => module.list(options))
  })

/**
 * `unibatch get`.
 *
 * @example
 * ```ts
 * import { getCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * getCommand(Object.values(definitions)).name // => "get"
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const getCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "get",
    description: `Show one batch (the key from ${keys(definitions)}).`,
    summary: "Show one batch.",
    params: { vendor: provider(definitions), ...remote, id: argument("ID", "ID", "the batch ID, canonical or native") },
    run: (options) => Effect.flatMap(load(() => import("./commands/remote.js")), (module) => module.get(options))
  })

/**
 * `unibatch demo`.
 *
 * @example
 * ```ts
 * import { demoCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * demoCommand(Object.values(definitions)).name // => "demo"
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const demoCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "demo",
    description: "Run one client program on every vendor's fake server and compare the results. No key, no network.",
    summary: "Run one program on every vendor's fake server (no key, no network).",
    params: {},
    run: () => Effect.flatMap(load(() => import("./commands/demo.js")), (module) => module.demo(definitions))
  })

/**
 * `unibatch serve`.
 *
 * @example
 * ```ts
 * import { serveCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * serveCommand(Object.values(definitions)).name // => "serve"
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const serveCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "serve",
    description: "Run a fake vendor server on loopback in the foreground; prints its base URL first.",
    summary: "Run a fake vendor server on loopback; prints its base URL first.",
    params: {
      vendor: provider(definitions),
      port: withDefault(flag("port", "N", "port to listen on; 0 picks a free one", integer({ min: 0, max: 65535 })), 0),
      count: optional(flag("count", "N", "how many batches to serve (default 45)", integer({ min: 0 }))),
      apiKey: optional(flag("api-key", "KEY", "accept only this key", secret)),
      batchDurationMs: withDefault(
        flag(
          "batch-duration-ms",
          "MS",
          "how long a created batch takes to reach its end, in milliseconds; default 3000",
          integer({ min: 0, max: maxTimerMs, allowed: `an integer of milliseconds from 0 to ${maxTimerMs}` })
        ),
        3000
      )
    },
    run: (options) => Effect.flatMap(load(() => import("./commands/serve.js")), (module) => module.serve(options))
  })

// ---------------------------------------------------------------------------------------------
// The lifecycle: submit, cancel, wait, results, files
// ---------------------------------------------------------------------------------------------

/** What every lifecycle command takes to reach the vendor (the per-request timeout keeps its default). */
const live = (definitions: ReadonlyArray<VendorDefinition>) => ({
  vendor: provider(definitions),
  baseUrl: remote.baseUrl,
  apiKeyEnv,
  maxRetries: remote.maxRetries
})

/** `--timeout-ms` of `wait` and `submit --wait`: the whole wait, not one request. */
const waitTimeout = optional(
  flag(
    "timeout-ms",
    "MS",
    "give up waiting after this many milliseconds (exit 1); default: no limit",
    integer({ min: 1, max: maxTimerMs, allowed: `an integer of milliseconds from 1 to ${maxTimerMs} (the timer's maximum)` })
  )
)

const batchId = argument("ID", "ID", "the batch ID, canonical or native")

const fileId = argument("ID", "ID", "the file ID")

const purpose = optional(flag("purpose", "P", "the file purpose (default: the vendor's batch purpose)", text))

/**
 * `unibatch submit`.
 *
 * @example
 * ```ts
 * import { submitCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * submitCommand(Object.values(definitions)).name // => "submit"
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const submitCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "submit",
    description: "Upload a JSONL file of requests and create a batch from it; prints the batch. " +
      "With --wait, waits for its end and exits 1 unless it completed.",
    summary: "Upload requests (JSONL) and create a batch; --wait for its end.",
    params: {
      ...live(definitions),
      endpoint: optional(flag("endpoint", "E", "the endpoint of every request, one the vendor documents (default: its only one)", text)),
      completionWindow: optional(flag("completion-window", "W", "the completion window (default: the vendor's first, 24h)", text)),
      metadata: repeated(flag("metadata", "K=V", "a metadata pair of the batch; repeat for more", keyValue)),
      wait: switchFlag("wait", "wait for the batch's end (progress on stderr); exit 1 unless completed"),
      timeoutMs: waitTimeout,
      json: remote.json,
      file: argument("FILE", "FILE|-", "JSONL, one {custom_id or customId, body, method?, url?} a line; - for stdin")
    },
    run: (options) => Effect.flatMap(load(() => import("./commands/lifecycle.js")), (module) => module.submit(options))
  })

/**
 * `unibatch cancel`.
 *
 * @example
 * ```ts
 * import { cancelCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * cancelCommand(Object.values(definitions)).name // => "cancel"
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const cancelCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "cancel",
    description: "Ask the vendor to cancel a batch; prints the batch as the vendor answers (often cancelling).",
    summary: "Cancel a batch.",
    params: { ...live(definitions), json: remote.json, id: batchId },
    run: (options) => Effect.flatMap(load(() => import("./commands/lifecycle.js")), (module) => module.cancel(options))
  })

/**
 * `unibatch wait`.
 *
 * @example
 * ```ts
 * import { waitCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * waitCommand(Object.values(definitions)).name // => "wait"
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const waitCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "wait",
    description: "Wait for a batch's end, with its progress on stderr; prints the final batch and exits 1 unless it completed.",
    summary: "Wait for a batch's end; exit 1 unless it completed.",
    params: { ...live(definitions), timeoutMs: waitTimeout, json: remote.json, id: batchId },
    run: (options) => Effect.flatMap(load(() => import("./commands/lifecycle.js")), (module) => module.wait(options))
  })

/**
 * `unibatch results`.
 *
 * @example
 * ```ts
 * import { resultsCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * resultsCommand(Object.values(definitions)).name // => "results"
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const resultsCommand = (definitions: ReadonlyArray<VendorDefinition>): Command =>
  command({
    name: "results",
    description: "A batch's results, one per request: a summary, or with --json one canonical result per line (NDJSON).",
    summary: "A batch's results: a summary, or NDJSON with --json.",
    params: {
      ...live(definitions),
      json: switchFlag("json", "one canonical BatchResult per line (NDJSON), as they arrive"),
      strict: switchFlag("strict", "stop at the first malformed result line"),
      id: batchId
    },
    run: (options) => Effect.flatMap(load(() => import("./commands/lifecycle.js")), (module) => module.results(options))
  })

const filesModule = () => load(() => import("./commands/files.js"))

/**
 * `unibatch files` and its subcommands `upload`, `get`, `list` and `content`.
 *
 * @example
 * ```ts
 * import { filesCommand } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * filesCommand(Object.values(definitions)).subcommands?.map((command) => command.name) // => ["upload", "get", "list", "content"]
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const filesCommand = (definitions: ReadonlyArray<VendorDefinition>): Command => {
  const subcommands = [
    command({
      name: "upload",
      description: "Upload a file (streamed from disk); prints the file.",
      params: { ...live(definitions), purpose, json: remote.json, file: argument("FILE", "FILE", "the file to upload") },
      run: (options) => Effect.flatMap(filesModule(), (module) => module.upload(options))
    }),
    command({
      name: "get",
      description: "Show one file.",
      params: { ...live(definitions), json: remote.json, id: fileId },
      run: (options) => Effect.flatMap(filesModule(), (module) => module.get(options))
    }),
    command({
      name: "list",
      description: "List files, page after page.",
      params: {
        ...live(definitions),
        purpose: optional(flag("purpose", "P", "only files of this purpose", text)),
        limit: optional(flag("limit", "N", "at most N files", integer({ min: 1, allowed: "a positive integer" }))),
        json: switchFlag("json", "one canonical file per line (NDJSON)")
      },
      run: (options) => Effect.flatMap(filesModule(), (module) => module.list(options))
    }),
    command({
      name: "content",
      description: "Write a file's content to stdout, as its bytes arrive.",
      params: { ...live(definitions), id: fileId },
      run: (options) => Effect.flatMap(filesModule(), (module) => module.content(options))
    })
  ]
  return {
    name: "files",
    description: "Upload, show, list and download files.",
    summary: "Files: upload FILE | get ID | list | content ID.",
    params: {},
    run: () => Effect.fail(usageNeeded(`unibatch files needs a subcommand: ${orList(subcommands.map((sub) => sub.name))} (see unibatch files --help).`)),
    subcommands
  }
}

/**
 * The `unibatch` commands for these vendors, in the order help lists them.
 *
 * @example
 * ```ts
 * import { commands } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * commands(Object.values(definitions)).map((command) => command.name)
 * // => ["normalize", "conform", "list", "get", "submit", "wait", "results", "cancel", "files", "demo", "serve"]
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const commands = (definitions: ReadonlyArray<VendorDefinition>): ReadonlyArray<Command> =>
  [
    normalizeCommand,
    conformCommand,
    listCommand,
    getCommand,
    submitCommand,
    waitCommand,
    resultsCommand,
    cancelCommand,
    filesCommand,
    demoCommand,
    serveCommand
  ].map((make) => make(definitions))
