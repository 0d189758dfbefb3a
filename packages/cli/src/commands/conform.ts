/**
 * `unibatch conform`: the strict report. A saved response (a file or stdin, a bare body or a
 * fixture `{status, headers, body}`; for `output-line` and `error-line` one line or a whole JSONL
 * file), or with `--live` the vendor's real answer to list, retrieve, file or file-list (every
 * page with `--all`), checked against the vendor's documented contract (its definition's
 * `contract`); every violation with its JSON path (`line 3: $...` in a JSONL file), then a
 * one-line verdict. Exit 0 conformant, 1 not, 2 wrong usage.
 *
 * The live path (the HTTP client and the test kit's recorder) is imported only with `--live`.
 *
 * @since 0.1.0
 */
import * as Conformance from "@unibatch/core/Conformance"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type { CapturedResponse } from "@unibatch/testkit/Recorder"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Input from "../Input.js"
import * as Output from "../Output.js"
import type { Operation } from "./normalize.js"

const loadLive = () =>
  Promise.all([import("../Vendors.js"), import("@unibatch/testkit/Recorder"), import("./remote.js")])

const loadFileCapture = () =>
  Promise.all([
    import("@unibatch/core/BatchClient"),
    import("@unibatch/core/VendorClient"),
    import("effect/http/FetchHttpClient"),
    import("effect/Layer"),
    import("effect/Stream"),
    import("effect/Result")
  ])

/** The operations `--live` can check: the ones that only read. */
const liveOperations: ReadonlyArray<Operation> = ["list", "retrieve", "file", "file-list"]

/**
 * The parsed command line of `conform`.
 *
 * @example
 * ```ts
 * import type { ConformOptions } from "@unibatch/cli/commands/conform"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: ConformOptions = {
 *   vendor: definitions.respan, operation: "list", status: Option.none(), allowExtra: false, json: true,
 *   live: false, all: false, maxPages: Option.none(), baseUrl: Option.none(), limit: Option.none(), id: Option.none(), file: Option.some("page.json")
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ConformOptions {
  readonly vendor: VendorDefinition
  readonly operation: Operation
  readonly status: Option.Option<number>
  readonly allowExtra: boolean
  readonly json: boolean
  readonly live: boolean
  readonly all: boolean
  /** With `live` and `all`: stop after this many pages. */
  readonly maxPages: Option.Option<number>
  readonly baseUrl: Option.Option<string>
  readonly limit: Option.Option<number>
  readonly id: Option.Option<string>
  /** A path, `-` for stdin; stdin when absent. */
  readonly file: Option.Option<string>
}

/** A violation as `--json` prints it; `page` only in live mode. */
type JsonViolation = Conformance.Violation & { readonly page?: number }

/**
 * What a check was about, in the words the reports use: `openai list, HTTP 200`.
 *
 * @example
 * ```ts
 * import { subject } from "@unibatch/cli/commands/conform"
 *
 * subject("respan", "retrieve", 404) // => "respan retrieve, HTTP 404"
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const subject = (provider: string, operation: Operation, status: number): string => `${provider} ${operation}, HTTP ${status}`

/** Flags that only make sense together, before anything is read or sent. */
const checkUsage = (options: ConformOptions): Effect.Effect<void, UsageError> =>
  Effect.gen(function*() {
    if (options.live) {
      if (!liveOperations.includes(options.operation)) {
        return yield* usage(
          `--live checks ${liveOperations.join(", ")} (the answers that only read): save the ${options.operation} response to a file and check that instead.`
        )
      }
      if (Option.isSome(options.file)) return yield* usage(`--live fetches the response itself: give no FILE (got ${JSON.stringify(options.file.value)}).`)
      if (Option.isSome(options.status)) {
        return yield* usage(`--live checks the status the vendor answers with: --status (got ${options.status.value}) is for saved responses.`)
      }
      const single = options.operation === "retrieve" || options.operation === "file"
      if (single && Option.isNone(options.id)) return yield* usage(`--live --operation ${options.operation} needs --id ID.`)
      if (!single && Option.isSome(options.id)) return yield* usage(`--id is for --operation retrieve or file, not ${options.operation}.`)
      if (options.all && single) return yield* usage(`--all follows the pages of --operation list or file-list, not ${options.operation}.`)
      if (Option.isSome(options.limit) && single) return yield* usage(`--limit is for --operation list or file-list, not ${options.operation}.`)
      if (Option.isSome(options.maxPages) && !options.all) return yield* usage("--max-pages is for --all (a single page is one request).")
      return
    }
    for (const [flag, given] of [["--all", options.all], ["--max-pages", Option.isSome(options.maxPages)], ["--base-url", Option.isSome(options.baseUrl)], ["--id", Option.isSome(options.id)]] as const) {
      if (given) return yield* usage(`${flag} needs --live (it is for calling the vendor; a saved response is checked without it).`)
    }
  })

/**
 * Runs `conform`.
 *
 * @example
 * ```ts
 * import { conform } from "@unibatch/cli/commands/conform"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = conform({
 *   vendor: definitions.respan, operation: "list", status: Option.none(), allowExtra: false, json: true,
 *   live: false, all: false, maxPages: Option.none(), baseUrl: Option.none(), limit: Option.none(), id: Option.none(),
 *   file: Option.some("test/fixtures/respan/list.json")
 * })
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const conform = (options: ConformOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    yield* checkUsage(options)
    if (options.live) return yield* conformLive(options)
    const saved = yield* Input.readResponse(options.file)
    const status = yield* Input.statusOf(saved, options.status)
    const report = Conformance.check(options.vendor.contract, {
      operation: options.operation,
      status,
      body: saved.body,
      limit: Option.getOrUndefined(options.limit),
      allowExtra: options.allowExtra
    })
    if (options.json) {
      yield* Output.printJson({ conformant: report.conformant, violations: report.violations })
    } else {
      yield* Output.printLines(...Conformance.format(report, `${subject(options.vendor.provider, options.operation, status)}, ${saved.source}`))
    }
    if (!report.conformant) return yield* new CommandFailed()
  })

interface Captured {
  readonly responses: ReadonlyArray<CapturedResponse>
  readonly error: UnibatchError | undefined
}

/**
 * The raw answers to `retrieveFile` (file) or `listFiles` (file-list: one page, or with `--all`
 * every page up to `--max-pages`), through the client the definition builds, as the recorder
 * captures list and retrieve.
 */
const captureFiles = (
  capturingLayer: typeof import("@unibatch/testkit/Recorder").capturingLayer,
  definition: VendorDefinition,
  apiKey: Redacted.Redacted<string>,
  options: ConformOptions
): Effect.Effect<Captured> =>
  Effect.flatMap(Effect.promise(loadFileCapture), ([BatchClient, VendorClient, FetchHttpClient, Layer, Stream, Result]) =>
    Effect.suspend(() => {
      const responses: Array<CapturedResponse> = []
      const calls = Effect.gen(function*() {
        const client = yield* BatchClient.BatchClient
        if (options.operation === "file") {
          yield* client.retrieveFile(Option.getOrElse(options.id, () => ""))
          return
        }
        const maxPages = options.all ? Option.getOrUndefined(options.maxPages) : 1
        yield* Stream.runDrain(client.listFiles({ limit: Option.getOrUndefined(options.limit), maxPages }))
      })
      const baseUrl = Option.getOrUndefined(options.baseUrl)
      const layer = Layer.effect(BatchClient.BatchClient, VendorClient.make(definition, { apiKey, ...(baseUrl === undefined ? {} : { baseUrl }) })).pipe(
        Layer.provide(capturingLayer(responses)),
        Layer.provide(FetchHttpClient.layer)
      )
      return calls.pipe(
        Effect.provide(layer),
        Effect.result,
        Effect.map((result): Captured => ({ responses, error: Result.isFailure(result) ? result.failure : undefined }))
      )
    }))

const conformLive = (options: ConformOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    const [Vendors, Recorder, Remote] = yield* Effect.promise(loadLive)
    const definition = options.vendor
    yield* Vendors.checkLimit(definition, options.limit)
    yield* Vendors.checkBaseUrl(options.baseUrl)
    if (Option.isSome(options.id) && options.operation === "retrieve") yield* Remote.checkId(definition, "--id", options.id.value)
    const apiKey = yield* Vendors.apiKey(definition, Option.none())
    const limit = Option.getOrUndefined(options.limit)
    const capture = options.operation === "list" || options.operation === "retrieve"
      ? yield* Recorder.capture({
        definition,
        operation: options.operation,
        apiKey,
        baseUrl: Option.getOrUndefined(options.baseUrl),
        limit,
        id: Option.getOrUndefined(options.id),
        all: options.all,
        maxPages: Option.getOrUndefined(options.maxPages)
      })
      : yield* captureFiles(Recorder.capturingLayer, definition, apiKey, options)
    const error = capture.error
    if (capture.responses.length === 0) {
      // Nothing came back to check (no connection, a refused input): say why, exit 1.
      yield* options.json
        ? Output.printJson({ conformant: false, violations: [], error: { _tag: error?._tag ?? "Error", message: error?.message ?? "no response" } })
        : Output.printErrorLines(error === undefined ? "error: no response" : Output.errorLine(error))
      return yield* new CommandFailed()
    }
    const reports = capture.responses.map((response) =>
      Conformance.check(definition.contract, {
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
    const what = `${definition.provider} ${options.operation}`
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
        const formatted = Conformance.format(report, subject(definition.provider, options.operation, capture.responses[index]!.status))
        if (reports.length === 1) return lines.push(...formatted)
        lines.push(`page ${index + 1}: ${formatted.at(-1)}`, ...formatted.slice(0, -1).map((line) => `  ${line}`))
      })
      if (stopped !== undefined) lines.push(`stopped early: ${Output.errorLine(stopped)}`)
      if (reports.length > 1 || stopped !== undefined) {
        const failing = reports.filter((report) => !report.conformant).length
        lines.push(
          conformant
            ? `conformant: ${reports.length} ${what} responses from ${where}`
            : `not conformant: ${failing} of ${reports.length} ${what} responses from ${where}${stopped === undefined ? "" : ", incomplete"}`
        )
      }
      yield* Output.printLines(...lines)
    }
    if (!conformant) return yield* new CommandFailed()
  })
