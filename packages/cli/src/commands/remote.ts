/**
 * `unibatch list` and `unibatch get`: live calls through the same `BatchClient` program whatever
 * the vendor. Every input is checked before the first request, and the key is only ever handed
 * to the client as a `Redacted` value.
 *
 * @since 0.1.0
 */
import { pageToJson, toJson } from "@unibatch/core/Batch"
import { BatchClient } from "@unibatch/core/BatchClient"
import * as BatchId from "@unibatch/core/BatchId"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Output from "../Output.js"
import * as Vendors from "../Vendors.js"

/**
 * Flags shared by `list` and `get`.
 *
 * @example
 * ```ts
 * import type { RemoteOptions } from "@unibatch/cli/commands/remote"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: RemoteOptions = {
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.some(0), timeoutMs: Option.none(), json: true
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RemoteOptions {
  readonly vendor: VendorDefinition
  readonly baseUrl: Option.Option<string>
  readonly maxRetries: Option.Option<number>
  readonly timeoutMs: Option.Option<number>
  readonly json: boolean
}

/**
 * The parsed command line of `list`.
 *
 * @example
 * ```ts
 * import type { ListCommandOptions } from "@unibatch/cli/commands/remote"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: ListCommandOptions = {
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(), json: true,
 *   limit: Option.some(10), after: Option.none(), all: true, maxPages: Option.none()
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ListCommandOptions extends RemoteOptions {
  readonly limit: Option.Option<number>
  readonly after: Option.Option<string>
  readonly all: boolean
  /** With `all`: stop after this many pages. */
  readonly maxPages: Option.Option<number>
}

/**
 * The parsed command line of `get`.
 *
 * @example
 * ```ts
 * import type { GetCommandOptions } from "@unibatch/cli/commands/remote"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: GetCommandOptions = {
 *   vendor: definitions.neosantara, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(), json: false,
 *   id: "batch-abc123"
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface GetCommandOptions extends RemoteOptions {
  readonly id: string
}

/**
 * Refuses an ID that is not one of the vendor's batch IDs, naming where it was given.
 *
 * @example
 * ```ts
 * import { checkId } from "@unibatch/cli/commands/remote"
 * import { definitions } from "unibatch/Providers"
 *
 * const check = checkId(definitions.openai, "ID", "batch_a/b") // fails: ID: Invalid batch ID "batch_a/b": ...
 * ```
 *
 * @since 0.2.0
 * @category checks
 */
export const checkId = (definition: VendorDefinition, where: string, id: string): Effect.Effect<void, UsageError> =>
  Result.match(BatchId.toNative(definition, id), {
    onFailure: (message) => Effect.fail(usage(`${where}: ${message}`)),
    onSuccess: () => Effect.void
  })

/** Prints a client error the way the output mode asks for, then ends the command with exit 1. */
const report = (options: { readonly json: boolean; readonly compact?: boolean }) => (error: UnibatchError) =>
  Effect.andThen(
    options.json
      ? Output.printText(Output.jsonText({ error: errorToJson(error) }, options.compact === true ? undefined : 2))
      : Output.printErrorLines(Output.errorLine(error)),
    Effect.fail(new CommandFailed())
  )

/**
 * Runs `list`: one page (a table, or the canonical `BatchPage` JSON), or with `--all` every
 * batch as it arrives (table rows, or NDJSON: one canonical batch per line).
 *
 * @example
 * ```ts
 * import { list } from "@unibatch/cli/commands/remote"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = list({
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(),
 *   json: true, limit: Option.some(5), after: Option.none(), all: false, maxPages: Option.none()
 * })
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const list = (options: ListCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    yield* Vendors.checkLimit(options.vendor, options.limit)
    if (Option.isSome(options.maxPages) && !options.all) return yield* usage("--max-pages is for --all (a single page is one request).")
    if (Option.isSome(options.after)) yield* checkId(options.vendor, "--after", options.after.value)
    const connection = yield* Vendors.connect(options)
    const limit = Option.getOrUndefined(options.limit)
    const after = Option.getOrUndefined(options.after)
    const program = options.all ? listAll(options, limit, after) : listPage(options, limit, after)
    yield* program.pipe(
      Effect.provide(Vendors.layer(options.vendor, connection)),
      // NDJSON stays one JSON value per line, the error included.
      Effect.catch(report({ json: options.json, compact: options.all }))
    )
  })

const listPage = (options: ListCommandOptions, limit: number | undefined, after: string | undefined) =>
  Effect.gen(function*() {
    const client = yield* BatchClient
    const page = yield* client.list({ limit, after })
    yield* options.json ? Output.printJson(pageToJson(page)) : Output.printLines(...Output.pageTable(page))
  })

const listAll = (options: ListCommandOptions, limit: number | undefined, after: string | undefined) =>
  Effect.gen(function*() {
    const client = yield* BatchClient
    // `--limit` is the page size here; each page is printed as soon as it arrives.
    const batches = client.listAll({ limit, after, maxPages: Option.getOrUndefined(options.maxPages) })
    if (options.json) {
      return yield* Stream.runForEachArray(batches, (chunk) => Output.printJsonLines(chunk.map(toJson)))
    }
    let count = 0
    yield* Stream.runForEachArray(batches, (chunk) => {
      const lines = Output.batchTable(chunk, { header: count === 0 })
      count += chunk.length
      return Output.printLines(...lines)
    })
    yield* Output.printLines(count === 0 ? "(no batches)" : `${count} batches`)
  })

/**
 * Runs `get`: one batch as a `key: value` summary, or its canonical JSON.
 *
 * @example
 * ```ts
 * import { get } from "@unibatch/cli/commands/remote"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = get({
 *   vendor: definitions.respan, baseUrl: Option.none(), maxRetries: Option.none(), timeoutMs: Option.none(),
 *   json: false, id: "batch_abc123"
 * })
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const get = (options: GetCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    yield* checkId(options.vendor, "ID", options.id)
    const connection = yield* Vendors.connect(options)
    yield* Effect.gen(function*() {
      const client = yield* BatchClient
      const batch = yield* client.retrieve(options.id)
      yield* options.json ? Output.printJson(toJson(batch)) : Output.printLines(...Output.batchSummary(batch))
    }).pipe(
      Effect.provide(Vendors.layer(options.vendor, connection)),
      Effect.catch(report({ json: options.json }))
    )
  })
