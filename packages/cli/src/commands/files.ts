/**
 * `unibatch files upload | get | list | content`: the vendor's files, the same program whatever
 * the vendor. An upload streams from disk (`fs.openAsBlob`); `content` writes the bytes to stdout
 * as they arrive, at the pace stdout takes them.
 *
 * @since 0.3.0
 */
import { BatchClient } from "@unibatch/core/BatchClient"
import { toJson } from "@unibatch/core/BatchFile"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import { fs } from "../internal/fs.js"
import * as Output from "../Output.js"
import { readProblem } from "../Input.js"
import { type LiveOptions, withClient } from "./lifecycle.js"

/**
 * The parsed command line of `files upload`.
 *
 * @example
 * ```ts
 * import type { UploadCommandOptions } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: UploadCommandOptions = {
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), file: "requests.jsonl", purpose: Option.none(), json: false
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface UploadCommandOptions extends LiveOptions {
  readonly file: string
  readonly purpose: Option.Option<string>
  readonly json: boolean
}

/**
 * The parsed command line of `files get`.
 *
 * @example
 * ```ts
 * import type { GetFileCommandOptions } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: GetFileCommandOptions = { vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "file-abc", json: true }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface GetFileCommandOptions extends LiveOptions {
  readonly id: string
  readonly json: boolean
}

/**
 * The parsed command line of `files list`.
 *
 * @example
 * ```ts
 * import type { ListFilesCommandOptions } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: ListFilesCommandOptions = {
 *   vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), purpose: Option.some("batch"), limit: Option.some(10), json: false
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ListFilesCommandOptions extends LiveOptions {
  readonly purpose: Option.Option<string>
  /** At most this many files (fetched in as few pages as the vendor allows). */
  readonly limit: Option.Option<number>
  readonly json: boolean
}

/**
 * The parsed command line of `files content`.
 *
 * @example
 * ```ts
 * import type { ContentCommandOptions } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: ContentCommandOptions = { vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "file-abc" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ContentCommandOptions extends LiveOptions {
  readonly id: string
}

/** The file as a `Blob` read from disk as it is sent, or a usage error naming why it cannot be read. */
const openBlob = (path: string): Effect.Effect<Blob, UsageError> =>
  Effect.tryPromise({
    try: async () => {
      if (fs.statSync(path).isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" })
      return fs.openAsBlob(path)
    },
    catch: (error) => usage(`FILE: cannot read ${JSON.stringify(path)}: ${readProblem(error)}.`)
  })

/**
 * Runs `files upload`: the file streamed from disk; prints the vendor's file.
 *
 * @example
 * ```ts
 * import { upload } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = upload({ vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), file: "requests.jsonl", purpose: Option.none(), json: true })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const upload = (options: UploadCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    const blob = yield* openBlob(options.file)
    const filename = options.file.split(/[\\/]/).pop() || "upload.jsonl"
    yield* withClient(
      options,
      options,
      Effect.gen(function*() {
        const client = yield* BatchClient
        const file = yield* client.upload(blob, { filename, purpose: Option.getOrUndefined(options.purpose) })
        yield* options.json ? Output.printJson(toJson(file)) : Output.printLines(...Output.fileSummary(file))
      })
    )
  })

/**
 * Runs `files get`: one file as `key: value` lines, or its canonical JSON.
 *
 * @example
 * ```ts
 * import { get } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = get({ vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "file-abc", json: false })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const get = (options: GetFileCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  withClient(
    options,
    options,
    Effect.gen(function*() {
      const client = yield* BatchClient
      const file = yield* client.retrieveFile(options.id)
      yield* options.json ? Output.printJson(toJson(file)) : Output.printLines(...Output.fileSummary(file))
    })
  )

/**
 * Runs `files list`: every file (or the first `--limit`), page after page as they arrive: table
 * rows, or with `--json` one canonical file per line (NDJSON).
 *
 * @example
 * ```ts
 * import { list } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = list({ vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), purpose: Option.none(), limit: Option.some(5), json: true })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const list = (options: ListFilesCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  withClient(
    options,
    // NDJSON stays one JSON value per line, the error included.
    options,
    Effect.gen(function*() {
      const client = yield* BatchClient
      const limit = Option.getOrUndefined(options.limit)
      const pageSize = limit === undefined ? undefined : Math.min(limit, options.vendor.lifecycle.filePaging.maxLimit)
      const all = client.listFiles({ purpose: Option.getOrUndefined(options.purpose), limit: pageSize })
      const files = limit === undefined ? all : Stream.take(all, limit)
      if (options.json) return yield* Stream.runForEachArray(files, (chunk) => Output.printJsonLines(chunk.map(toJson)))
      let count = 0
      yield* Stream.runForEachArray(files, (chunk) => {
        const lines = Output.fileTable(chunk, { header: count === 0 })
        count += chunk.length
        return Output.printLines(...lines)
      })
      yield* Output.printLines(count === 0 ? "(no files)" : `${count} file${count === 1 ? "" : "s"}`)
    })
  )

/**
 * Runs `files content`: the file's bytes to stdout, as they arrive.
 *
 * @example
 * ```ts
 * import { content } from "@unibatch/cli/commands/files"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = content({ vendor: definitions.openai, baseUrl: Option.none(), maxRetries: Option.none(), id: "file-abc" })
 * ```
 *
 * @since 0.3.0
 * @category commands
 */
export const content = (options: ContentCommandOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  withClient(
    options,
    // The bytes are the output: an error goes to stderr.
    { json: false },
    Effect.gen(function*() {
      const client = yield* BatchClient
      yield* Stream.runForEach(client.fileContent(options.id), Output.printBytes)
    })
  )
