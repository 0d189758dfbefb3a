/**
 * `unibatch submit`, `wait`, `results` and `cancel`: running a batch, the same program whatever
 * the vendor. Every input is checked before the first request: what the command line gives
 * (the endpoint, the completion window, metadata, IDs) against the vendor's documented limits is
 * wrong usage (exit 2); what the vendor or the requests file says is a failure (exit 1).
 *
 * @since 0.3.0
 */
import { type Batch, toJson } from "@unibatch/core/Batch"
import { BatchClient } from "@unibatch/core/BatchClient"
import { errorToJson, isUnibatchError, type UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { badValue, CommandFailed, usage, type UsageError } from "../Failure.js"
import { readProblem } from "../Input.js"
import { fs } from "../internal/fs.js"
import { readRequests } from "../internal/requests.js"
import * as Output from "../Output.js"
import { orList } from "../Spec.js"
import * as Vendors from "../Vendors.js"
import { checkId } from "./remote.js"

/**
 * Flags every lifecycle command takes: the vendor, where it is, and retries.
 *
 * @example
 * ```ts
 * import type { LiveOptions } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: LiveOptions = { vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none() }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface LiveOptions {
  readonly vendor: VendorDefinition
  readonly baseUrl: Option.Option<string>
  readonly maxRetries: Option.Option<number>
}

/**
 * The parsed command line of `submit`.
 *
 * @example
 * ```ts
 * import type { SubmitCommandOptions } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: SubmitCommandOptions = {
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), file: "requests.jsonl",
 *   endpoint: Option.some("/v1/chat/completions"), completionWindow: Option.none(), metadata: [["job", "nightly"]],
 *   wait: true, timeoutMs: Option.none(), json: false
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface SubmitCommandOptions extends LiveOptions {
  readonly file: string
  /** Absent: the vendor's only endpoint (Anthropic's `/v1/messages`); a usage error where it has several. */
  readonly endpoint: Option.Option<string>
  readonly completionWindow: Option.Option<string>
  readonly metadata: ReadonlyArray<readonly [string, string]>
  readonly wait: boolean
  readonly timeoutMs: Option.Option<number>
  readonly json: boolean
}

/**
 * The parsed command line of `wait`.
 *
 * @example
 * ```ts
 * import type { WaitCommandOptions } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: WaitCommandOptions = {
 *   vendor: definitions.respan, baseUrl: Option.none(), maxRetries: Option.none(), id: "batch_abc", timeoutMs: Option.some(60_000), json: false
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface WaitCommandOptions extends LiveOptions {
  readonly id: string
  readonly timeoutMs: Option.Option<number>
  readonly json: boolean
}

/**
 * The parsed command line of `cancel`.
 *
 * @example
 * ```ts
 * import type { CancelCommandOptions } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: CancelCommandOptions = { vendor: definitions.neosantara, baseUrl: Option.none(), maxRetries: Option.none(), id: "batch-abc", json: true }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface CancelCommandOptions extends LiveOptions {
  readonly id: string
  readonly json: boolean
}

/**
 * The parsed command line of `results`.
 *
 * @example
 * ```ts
 * import type { ResultsCommandOptions } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: ResultsCommandOptions = {
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "batch_abc", json: true, strict: false
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ResultsCommandOptions extends LiveOptions {
  readonly id: string
  readonly json: boolean
  readonly strict: boolean
}

/**
 * Runs `program` with the vendor's client, once the connection is checked (base URL, key);
 * a client error is printed (JSON on stdout with `json`, else a line on stderr) and gives exit 1.
 *
 * @example
 * ```ts
 * import { withClient } from "@unibatch/cli/commands/lifecycle"
 * import { BatchClient } from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = withClient(
 *   { vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none() },
 *   { json: false },
 *   Effect.gen(function*() {
 *     const client = yield* BatchClient
 *     return yield* client.retrieve("batch_abc")
 *   })
 * )
 * ```
 *
 * @since 0.3.0
 * @category running
 */
export const withClient = <A>(
  options: LiveOptions,
  output: { readonly json: boolean },
  program: Effect.Effect<A, UnibatchError | UsageError | CommandFailed, BatchClient>
): Effect.Effect<A, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    const connection = yield* Vendors.connect(options)
    return yield* program.pipe(
      Effect.provide(Vendors.layer(options.vendor, connection)),
      Effect.catchIf(isUnibatchError, (error) => failWith(output, error))
    )
  })

/** Prints a client error as the output mode asks, then ends the command with exit 1. */
const failWith = (output: { readonly json: boolean }, error: UnibatchError): Effect.Effect<never, CommandFailed> =>
  Effect.andThen(
    output.json ? Output.printJson({ error: errorToJson(error) }) : Output.printErrorLines(Output.errorLine(error)),
    Effect.fail(new CommandFailed())
  )

/**
 * Refuses, before any request, what the vendor documents it does not take: an endpoint not in its
 * list, a completion window it does not offer, metadata past its limits (or any, where it takes
 * none), and a key given twice.
 *
 * @example
 * ```ts
 * import { checkBatchInput } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const check = checkBatchInput(definitions.openai, { endpoint: "/v1/images", completionWindow: Option.none(), metadata: [] })
 * // fails: --endpoint must be one of /v1/responses, ... (openai's batch endpoints), got "/v1/images".
 * ```
 *
 * @since 0.3.0
 * @category checks
 */
export const checkBatchInput = (
  definition: VendorDefinition,
  input: { readonly endpoint: string } & Pick<SubmitCommandOptions, "completionWindow" | "metadata">
): Effect.Effect<Readonly<Record<string, string>>, UsageError> =>
  Effect.gen(function*() {
    const limits = definition.lifecycle.limits
    const vendor = definition.provider
    if (!limits.endpoints.includes(input.endpoint)) {
      const allowed = limits.endpoints.length === 1 ? limits.endpoints[0]! : `one of ${orList(limits.endpoints)}`
      return yield* badValue("--endpoint", input.endpoint, `${allowed} (${vendor}'s batch endpoints)`)
    }
    if (Option.isSome(input.completionWindow) && !limits.completionWindows.includes(input.completionWindow.value)) {
      return yield* badValue("--completion-window", input.completionWindow.value, `${orList(limits.completionWindows)} (what ${vendor} offers)`)
    }
    const metadata: Record<string, string> = {}
    if (input.metadata.length === 0) return metadata
    const metadataLimits = limits.metadata
    if (metadataLimits === null) return yield* usage(`--metadata: ${vendor} takes no metadata on a batch; leave it out.`)
    for (const [key, value] of input.metadata) {
      const pair = `${key}=${value}`
      if (Object.hasOwn(metadata, key)) return yield* badValue("--metadata", pair, `a key not given before (${JSON.stringify(key)} is given twice)`)
      if (key.length > metadataLimits.maxKeyLength) {
        return yield* badValue("--metadata", pair, `a key of at most ${metadataLimits.maxKeyLength} characters (this one has ${key.length})`)
      }
      if (value.length > metadataLimits.maxValueLength) {
        return yield* badValue("--metadata", pair, `a value of at most ${metadataLimits.maxValueLength} characters (this one has ${value.length})`)
      }
      metadata[key] = value
    }
    if (input.metadata.length > metadataLimits.maxPairs) {
      return yield* usage(`--metadata was given ${input.metadata.length} times: ${vendor} takes at most ${metadataLimits.maxPairs} pairs.`)
    }
    return metadata
  })

/** Refuses a requests file that cannot be read, before anything is sent. */
const checkReadable = (path: string): Effect.Effect<void, UsageError> => {
  if (path === "-") return Effect.void
  return Effect.try({
    try: () => fs.statSync(path),
    catch: (error) => usage(`FILE: cannot read ${JSON.stringify(path)}: ${readProblem(error)}.`)
  }).pipe(
    Effect.flatMap((stat) => stat.isDirectory() ? Effect.fail(usage(`FILE: cannot read ${JSON.stringify(path)}: it is a directory.`)) : Effect.void)
  )
}


const printBatch = (batch: Batch, json: boolean): Effect.Effect<void> =>
  json ? Output.printJson(toJson(batch)) : Output.printLines(...Output.batchBrief(batch))

/** The base name of a path, for the file name the vendor records. */
const baseName = (path: string): string => path.split(/[\\/]/).pop() || "requests.jsonl"

/** The endpoint given, else the vendor's only one; a vendor with several needs `--endpoint`. */
const endpointOf = (definition: VendorDefinition, given: Option.Option<string>): Effect.Effect<string, UsageError> => {
  if (Option.isSome(given)) return Effect.succeed(given.value)
  const endpoints = definition.lifecycle.limits.endpoints
  if (endpoints.length === 1) return Effect.succeed(endpoints[0]!)
  return Effect.fail(usage(`unibatch submit needs --endpoint E: one of ${orList(endpoints)} (${definition.provider}'s batch endpoints).`))
}

/**
 * Runs `submit`: the requests file streamed (never read whole) into `client.submit` (written as
 * the vendor's JSONL, uploaded, then the batch created); prints the batch. With `--wait`, waits
 * for its end (progress on stderr) and prints the final batch: exit 1 unless it `completed`.
 *
 * @example
 * ```ts
 * import { submit } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = submit({
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), file: "requests.jsonl",
 *   endpoint: Option.some("/v1/chat/completions"), completionWindow: Option.none(), metadata: [], wait: false, timeoutMs: Option.none(), json: true
 * })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const submit = (options: SubmitCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    const endpoint = yield* endpointOf(options.vendor, options.endpoint)
    const metadata = yield* checkBatchInput(options.vendor, { ...options, endpoint })
    if (Option.isSome(options.timeoutMs) && !options.wait) return yield* usage("--timeout-ms is for --wait (how long to wait for the batch's end).")
    yield* checkReadable(options.file)
    yield* withClient(
      options,
      options,
      Effect.gen(function*() {
        const client = yield* BatchClient
        const batch = yield* client.submit(readRequests(options.vendor.provider, options.file), {
          endpoint,
          completionWindow: Option.getOrUndefined(options.completionWindow),
          metadata: Object.keys(metadata).length === 0 ? undefined : metadata,
          filename: options.file === "-" ? "requests.jsonl" : baseName(options.file)
        })
        if (!options.wait) return yield* printBatch(batch, options.json)
        yield* Output.printErrorLines(`submitted ${batch.id}; waiting for its end`)
        const final = yield* waitFor(client, batch.id, options.timeoutMs)
        yield* endOf(final, options.json)
      })
    )
  })

/**
 * Watches a batch to its end, with its progress on stderr: one live line on a terminal, else a
 * line per change. Past `timeoutMs` it prints what it last saw and ends with exit 1.
 */
const waitFor = (
  client: BatchClient["Service"],
  id: string,
  timeoutMs: Option.Option<number>
): Effect.Effect<Batch, UnibatchError | CommandFailed> =>
  Effect.gen(function*() {
    const terminal = yield* Output.stderrIsTerminal
    let last: Batch | undefined
    let previous = 0
    const watching = client.watch(id).pipe(
      Stream.runForEach((batch) =>
        Effect.map(Output.printProgress(Output.progressLine(batch), { terminal, previous }), (length) => {
          last = batch
          previous = length
        })
      )
    )
    const ended = Option.isNone(timeoutMs)
      ? Effect.as(watching, true)
      : watching.pipe(Effect.timeoutOption(Duration.millis(timeoutMs.value)), Effect.map(Option.isSome))
    // The live line ends with a line break however the wait ends (its end, a timeout, Ctrl-C).
    const done = yield* ended.pipe(Effect.ensuring(Effect.suspend(() => (terminal && previous > 0 ? Output.endProgress : Effect.void))))
    if (!done) {
      const seen = last === undefined ? "before its first answer" : `it is still ${Output.formatStatus(last)} (${Output.formatCounts(last)})`
      yield* Output.printErrorLines(`error: gave up waiting for ${id} after ${Option.getOrElse(timeoutMs, () => 0)} ms (--timeout-ms): ${seen}.`)
      return yield* new CommandFailed()
    }
    if (last === undefined) return yield* client.retrieve(id)
    return last
  })

/** Prints the final batch; exit 1 (with a line saying why) unless it completed. */
const endOf = (batch: Batch, json: boolean): Effect.Effect<void, CommandFailed> =>
  Effect.gen(function*() {
    yield* printBatch(batch, json)
    if (batch.status !== "completed") {
      yield* Output.printErrorLines(`error: ${batch.id} ended ${Output.formatStatus(batch)}, not completed.`)
      return yield* new CommandFailed()
    }
  })

/**
 * Runs `wait`: the batch's progress on stderr until its end; the final batch on stdout; exit 1
 * unless it `completed`, or when `--timeout-ms` passes first.
 *
 * @example
 * ```ts
 * import { wait } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = wait({ vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "batch_abc", timeoutMs: Option.none(), json: false })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const wait = (options: WaitCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    yield* checkId(options.vendor, "ID", options.id)
    yield* withClient(
      options,
      options,
      Effect.gen(function*() {
        const client = yield* BatchClient
        const final = yield* waitFor(client, options.id, options.timeoutMs)
        yield* endOf(final, options.json)
      })
    )
  })

/**
 * Runs `cancel`: prints the batch as the vendor answers (often `cancelling`, then `cancelled` a
 * moment later: `unibatch wait` follows it).
 *
 * @example
 * ```ts
 * import { cancel } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = cancel({ vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "batch_abc", json: true })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const cancel = (options: CancelCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    yield* checkId(options.vendor, "ID", options.id)
    yield* withClient(
      options,
      options,
      Effect.gen(function*() {
        const client = yield* BatchClient
        yield* printBatch(yield* client.cancel(options.id), options.json)
      })
    )
  })

/**
 * Runs `results`: with `--json` one canonical `BatchResult` per line as they arrive (stdout's
 * pace sets the download's), else a summary (the count per outcome, the first failures). A
 * malformed line: the good results are printed, then the error on stderr, exit 1 (with
 * `--strict`, the first one stops the stream).
 *
 * @example
 * ```ts
 * import { results } from "@unibatch/cli/commands/lifecycle"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = results({ vendor: definitions.respan, baseUrl: Option.none(), maxRetries: Option.none(), id: "batch_abc", json: true, strict: false })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const results = (options: ResultsCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    yield* checkId(options.vendor, "ID", options.id)
    // The results are NDJSON on stdout: an error goes to stderr, after the results read before it.
    yield* withClient(
      options,
      { json: false },
      Effect.gen(function*() {
        const client = yield* BatchClient
        const stream = client.results(options.id, { strict: options.strict })
        if (options.json) {
          return yield* Stream.runForEachArray(stream, (chunk) => Output.printJsonLines(chunk.map(Output.resultToJson)))
        }
        const counted = Output.emptyTally()
        yield* Stream.runForEach(stream, (result) => Effect.sync(() => Output.tally(counted, result))).pipe(
          // The summary of what was read comes first, the error after it; nothing read, no summary
          // (a batch that has not ended, say).
          Effect.onError(() =>
            Object.values(counted.counts).some((count) => count > 0)
              ? Output.printLines(...Output.resultSummary(options.id, counted))
              : Effect.void
          ),
          Effect.tap(() => Output.printLines(...Output.resultSummary(options.id, counted)))
        )
      })
    )
  })
