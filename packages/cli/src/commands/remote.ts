/**
 * `unibatch list` and `unibatch get`: live calls through the same `BatchClient` program whatever
 * the vendor. Every input is checked before the first request, and the key is only ever handed
 * to the adapter as a `Redacted` value.
 *
 * @since 0.1.0
 */
import { pageToJson, toJson } from "@unibatch/core/Batch"
import { BatchClient } from "@unibatch/core/BatchClient"
import * as BatchId from "@unibatch/core/BatchId"
import type { Provider } from "@unibatch/core/Provider"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import { baseUrlProblem, limitProblem } from "@unibatch/core/VendorClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Output from "../Output.js"
import * as Vendors from "../Vendors.js"

/**
 * Flags shared by `list` and `get`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RemoteOptions {
  readonly provider: Provider
  readonly baseUrl: Option.Option<string>
  readonly maxRetries: Option.Option<number>
  readonly timeoutMs: Option.Option<number>
  readonly json: boolean
}

/**
 * The parsed command line of `list`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListCommandOptions extends RemoteOptions {
  readonly limit: Option.Option<number>
  readonly after: Option.Option<string>
  readonly all: boolean
}

/**
 * The parsed command line of `get`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetCommandOptions extends RemoteOptions {
  readonly id: string
}

const checkId = (provider: Provider, id: string): Effect.Effect<void, UsageError> =>
  Either.match(BatchId.toNative(provider, id), {
    onLeft: (message) => Effect.fail(usage(message)),
    onRight: () => Effect.void
  })

const checkProblem = (problem: string | undefined, flag: string): Effect.Effect<void, UsageError> =>
  problem === undefined ? Effect.void : Effect.fail(usage(`${flag}: ${problem}`))

/**
 * The base URL, retry and timeout checks, then the key: all before any request, none ever
 * printing the key. Without a key a real vendor is refused, but a `--base-url` stand-in (a fake
 * server, a proxy that adds the key) is called without one.
 */
const connect = (options: RemoteOptions): Effect.Effect<Vendors.Connection, UsageError> =>
  Effect.gen(function* () {
    const baseUrl = Option.getOrUndefined(options.baseUrl)
    if (baseUrl !== undefined) yield* checkProblem(baseUrlProblem(baseUrl), "--base-url")
    const maxRetries = Option.getOrUndefined(options.maxRetries)
    if (maxRetries !== undefined && (maxRetries < 0 || maxRetries > 10)) {
      return yield* usage(`--max-retries must be an integer from 0 to 10, got ${maxRetries}.`)
    }
    const timeoutMs = Option.getOrUndefined(options.timeoutMs)
    if (timeoutMs !== undefined && timeoutMs < 1) return yield* usage(`--timeout-ms must be a positive integer, got ${timeoutMs}.`)
    const variable = Vendors.keyVariable[options.provider]
    const key = process.env[variable]?.trim() ?? ""
    if (key === "") {
      if (baseUrl === undefined) return yield* usage(`${variable} is not set: export the ${options.provider} API key in it.`)
      yield* Output.printErrorLines(`note: ${variable} is not set; calling ${baseUrl} without a key.`)
    }
    return { apiKey: Redacted.make(key), baseUrl, maxRetries, timeout: timeoutMs === undefined ? undefined : Duration.millis(timeoutMs) }
  })

/** Prints a client error the way the output mode asks for, then ends the command with exit 1. */
const report = (options: { readonly json: boolean; readonly compact?: boolean }) => (error: UnibatchError) =>
  Effect.zipRight(
    options.json
      ? Output.printLines(JSON.stringify({ error: errorToJson(error) }, null, options.compact === true ? undefined : 2))
      : Output.printErrorLines(Output.errorLine(error)),
    Effect.fail(new CommandFailed())
  )

/**
 * Runs `list`: one page (a table, or the canonical `BatchPage` JSON), or with `--all` every
 * batch as it arrives (table rows, or NDJSON: one canonical batch per line).
 *
 * @since 0.1.0
 * @category commands
 */
export const list = (options: ListCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function* () {
    const limit = Option.getOrUndefined(options.limit)
    const after = Option.getOrUndefined(options.after)
    if (limit !== undefined) yield* checkProblem(limitProblem(limit), "--limit")
    if (after !== undefined) yield* checkId(options.provider, after)
    const connection = yield* connect(options)

    const program = options.all ? listAll(options, limit, after) : listPage(options, limit, after)
    yield* program.pipe(
      Effect.provide(Vendors.layer(options.provider, connection)),
      // NDJSON stays one JSON value per line, the error included.
      Effect.catchAll(report({ json: options.json, compact: options.all }))
    )
  })

const listPage = (options: ListCommandOptions, limit: number | undefined, after: string | undefined) =>
  Effect.gen(function* () {
    const client = yield* BatchClient
    const page = yield* client.list({ limit, after })
    yield* options.json ? Output.printJson(pageToJson(page)) : Output.printLines(...Output.pageTable(page))
  })

const listAll = (options: ListCommandOptions, limit: number | undefined, after: string | undefined) =>
  Effect.gen(function* () {
    const client = yield* BatchClient
    // `--limit` is the page size here; each page is printed as soon as it arrives.
    const batches = client.listAll({ limit, after })
    if (options.json) {
      return yield* Stream.runForEachChunk(batches, (chunk) =>
        Output.printLines(...Array.from(chunk, (batch) => JSON.stringify(toJson(batch)))))
    }
    let count = 0
    yield* Stream.runForEachChunk(batches, (chunk) => {
      const lines = Output.batchTable(Array.from(chunk), { header: count === 0 })
      count += chunk.length
      return Output.printLines(...lines)
    })
    yield* Output.printLines(count === 0 ? "(no batches)" : `${count} batches`)
  })

/**
 * Runs `get`: one batch as a `key: value` summary, or its canonical JSON.
 *
 * @since 0.1.0
 * @category commands
 */
export const get = (options: GetCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function* () {
    yield* checkId(options.provider, options.id)
    const connection = yield* connect(options)
    yield* Effect.gen(function* () {
      const client = yield* BatchClient
      const batch = yield* client.retrieve(options.id)
      yield* options.json ? Output.printJson(toJson(batch)) : Output.printLines(...Output.batchSummary(batch))
    }).pipe(
      Effect.provide(Vendors.layer(options.provider, connection)),
      Effect.catchAll(report({ json: options.json }))
    )
  })
