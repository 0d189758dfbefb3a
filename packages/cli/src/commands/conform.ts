/**
 * `unibatch conform`: the strict report. A saved response (a file or stdin), or with `--live` the
 * vendor's real answer (every page with `--all`), checked against the vendor's documented
 * contract; every violation with its JSON path, then a one-line verdict. Exit 0 conformant, 1 not,
 * 2 wrong usage.
 *
 * The checker and the adapters are imported when the command runs, so they cost nothing to the
 * other commands' start-up.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Conformance from "@unibatch/core/Conformance"
import type { Operation } from "@unibatch/core/Normalize"
import { type Provider, providers } from "@unibatch/core/Provider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Output from "../Output.js"
import { readBody } from "./normalize.js"

// Everything else is imported when the command runs: this module is loaded with the command tree.
const loadChecker = () => Promise.all([import("@unibatch/testkit/Conform"), import("@unibatch/core/Conformance")])
const loadLive = () =>
  Promise.all([import("@unibatch/core/VendorClient"), import("@unibatch/core/BatchId"), import("../Vendors.js"), import("@unibatch/testkit/Recorder")])

/**
 * The parsed command line of `conform`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConformOptions {
  readonly provider: Provider
  readonly operation: Operation
  readonly status: Option.Option<number>
  readonly allowExtra: boolean
  readonly json: boolean
  readonly live: boolean
  readonly all: boolean
  readonly baseUrl: Option.Option<string>
  readonly limit: Option.Option<number>
  readonly id: Option.Option<string>
  /** A path, `-` for stdin; stdin when absent. */
  readonly file: Option.Option<string>
}

/** A violation as `--json` prints it; `page` only in live mode. */
type JsonViolation = Conformance.Violation & { readonly page?: number }

const checkStatus = (status: number): Effect.Effect<void, UsageError> =>
  Number.isInteger(status) && status >= 100 && status <= 599
    ? Effect.void
    : Effect.fail(usage(`--status must be an HTTP status from 100 to 599, got ${status}.`))

/** Flags that only make sense together, before anything is read or sent. */
const checkUsage = (options: ConformOptions): Effect.Effect<void, UsageError> =>
  Effect.gen(function* () {
    const limit = Option.getOrUndefined(options.limit)
    if (options.live) {
      const [{ baseUrlProblem, limitProblem }, BatchId] = yield* Effect.promise(loadLive)
      if (Option.isSome(options.file)) return yield* usage("--live fetches the response itself: give no FILE.")
      if (Option.isSome(options.status)) return yield* usage("--live checks the status the vendor answers with: --status is for saved responses.")
      if (options.operation === "retrieve" && Option.isNone(options.id)) return yield* usage("--live --operation retrieve needs --id ID.")
      if (options.operation === "list" && Option.isSome(options.id)) return yield* usage("--id is for --operation retrieve.")
      if (options.all && options.operation !== "list") return yield* usage("--all follows the pages of --operation list.")
      if (limit !== undefined && options.operation !== "list") return yield* usage("--limit is for --operation list.")
      if (limit !== undefined) {
        const problem = limitProblem(limit)
        if (problem !== undefined) return yield* usage(`--limit: ${problem}`)
      }
      if (Option.isSome(options.baseUrl)) {
        const problem = baseUrlProblem(options.baseUrl.value)
        if (problem !== undefined) return yield* usage(`--base-url: ${problem}`)
      }
      if (Option.isSome(options.id)) {
        const native = BatchId.toNative(options.provider, options.id.value)
        if (Either.isLeft(native)) return yield* usage(native.left)
      }
      return
    }
    for (const [flag, given] of [["--all", options.all], ["--base-url", Option.isSome(options.baseUrl)], ["--id", Option.isSome(options.id)]] as const) {
      if (given) return yield* usage(`${flag} needs --live.`)
    }
    if (Option.isSome(options.status)) yield* checkStatus(options.status.value)
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      return yield* usage(`--limit must be a positive integer (the limit the request asked for), got ${limit}.`)
    }
  })

/**
 * Runs `conform`.
 *
 * @since 0.1.0
 * @category commands
 */
export const conform = (options: ConformOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function* () {
    yield* checkUsage(options)
    if (options.live) return yield* conformLive(options)
    const body = yield* readBody(options.file)
    const [{ conform: check, subject }, { format }] = yield* Effect.promise(loadChecker)
    const status = Option.getOrElse(options.status, () => 200)
    const input = {
      provider: options.provider,
      operation: options.operation,
      status,
      body,
      limit: Option.getOrUndefined(options.limit),
      allowExtra: options.allowExtra
    }
    const report = check(input)
    if (options.json) {
      yield* Output.printJson({ conformant: report.conformant, violations: report.violations })
    } else {
      const source = Option.match(options.file, { onNone: () => "stdin", onSome: (file) => (file === "-" ? "stdin" : file) })
      yield* Output.printLines(...format(report, `${subject(input)}, ${source}`))
    }
    if (!report.conformant) return yield* new CommandFailed()
  })

/** The key, as `list` and `get` read it: from the provider's variable, never printed. */
const apiKeyFor = (variable: string, provider: Provider): Effect.Effect<Redacted.Redacted<string>, UsageError> => {
  const key = process.env[variable]
  return key === undefined || key.trim() === ""
    ? Effect.fail(usage(`${variable} is not set: export the ${provider} API key in it.`))
    : Effect.succeed(Redacted.make(key.trim()))
}

const conformLive = (options: ConformOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function* () {
    const [[, , Vendors, Recorder], [Conform, Conformance]] = yield* Effect.promise(() => Promise.all([loadLive(), loadChecker()]))
    const apiKey = yield* apiKeyFor(Vendors.keyVariable[options.provider], options.provider)
    const limit = Option.getOrUndefined(options.limit)
    const capture = yield* Recorder.capture({
      provider: options.provider,
      operation: options.operation,
      apiKey,
      baseUrl: Option.getOrUndefined(options.baseUrl),
      limit,
      id: Option.getOrUndefined(options.id),
      all: options.all
    })
    const error = capture.error
    if (capture.responses.length === 0) {
      // Nothing came back to check (no connection, a refused input): say why, exit 1.
      yield* options.json
        ? Output.printJson({ conformant: false, violations: [], error: { _tag: error?._tag ?? "Error", message: error?.message ?? "no response" } })
        : Output.printErrorLines(error === undefined ? "error: no response" : Output.errorLine(error))
      return yield* new CommandFailed()
    }
    const reports = capture.responses.map((response) =>
      Conform.conform({
        provider: options.provider,
        operation: options.operation,
        status: response.status,
        body: response.text,
        limit,
        allowExtra: options.allowExtra
      })
    )
    // An error with no status of its own ended the calls early: the check is incomplete.
    const stopped = error !== undefined && error.status === null ? error : undefined
    const conformant = stopped === undefined && reports.every((report) => report.conformant)
    const where = Option.getOrElse(options.baseUrl, () => "the vendor's API")
    if (options.json) {
      const violations: Array<JsonViolation> = reports.flatMap((report, index) =>
        report.violations.map((violation) => ({ ...violation, page: index + 1 }))
      )
      yield* Output.printJson({
        conformant,
        violations,
        responses: capture.responses.map((response, index) => ({
          page: index + 1,
          status: response.status,
          conformant: reports[index]!.conformant
        })),
        ...(stopped === undefined ? {} : { error: { _tag: stopped._tag, message: stopped.message } })
      })
    } else {
      const lines: Array<string> = []
      reports.forEach((report, index) => {
        const subject = Conform.subject({ provider: options.provider, operation: options.operation, status: capture.responses[index]!.status })
        const formatted = Conformance.format(report, subject)
        if (reports.length === 1) return lines.push(...formatted)
        lines.push(`page ${index + 1}: ${formatted.at(-1)}`, ...formatted.slice(0, -1).map((line) => `  ${line}`))
      })
      if (stopped !== undefined) lines.push(`stopped early: ${Output.errorLine(stopped)}`)
      if (reports.length > 1 || stopped !== undefined) {
        const failing = reports.filter((report) => !report.conformant).length
        lines.push(
          conformant
            ? `conformant: ${reports.length} ${options.provider} ${options.operation} responses from ${where}`
            : `not conformant: ${failing} of ${reports.length} ${options.provider} ${options.operation} responses from ${where}${stopped === undefined ? "" : ", incomplete"}`
        )
      }
      yield* Output.printLines(...lines)
    }
    if (!conformant) return yield* new CommandFailed()
  })

const provider = Options.choice("provider", providers).pipe(Options.withDescription("The vendor: openai, respan or neosantara."))

/**
 * The `conform` command for the `unibatch` command tree.
 *
 * @example
 * ```ts
 * import * as Command from "@effect/cli/Command"
 * import { conformCommand } from "./commands/conform.js"
 *
 * const root = Command.make("unibatch").pipe(Command.withSubcommands([conformCommand]))
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const conformCommand = Command.make(
  "conform",
  {
    provider,
    operation: Options.choice("operation", ["list", "retrieve"] as const).pipe(
      Options.withDescription("Which response the body is: a list page or one batch.")
    ),
    status: Options.integer("status").pipe(Options.optional, Options.withDescription("The HTTP status it came with (default 200).")),
    allowExtra: Options.boolean("allow-extra").pipe(Options.withDescription("Report undocumented fields as notes, not violations.")),
    json: Options.boolean("json").pipe(Options.withDescription("Print {\"conformant\", \"violations\"} as JSON.")),
    live: Options.boolean("live").pipe(Options.withDescription("Call the vendor (key from its environment variable) and check its answer.")),
    all: Options.boolean("all").pipe(Options.withDescription("With --live: check every page.")),
    baseUrl: Options.text("base-url").pipe(Options.optional, Options.withDescription("With --live: replace the vendor's API root.")),
    limit: Options.integer("limit").pipe(
      Options.optional,
      Options.withDescription("The page size asked for: checked against data.length (sent with --live).")
    ),
    id: Options.text("id").pipe(Options.optional, Options.withDescription("With --live --operation retrieve: the batch ID.")),
    file: Args.text({ name: "FILE" }).pipe(Args.optional, Args.withDescription("The response body; `-` or none for stdin."))
  },
  conform
).pipe(Command.withDescription("Check a vendor response against that vendor's documented contract."))
