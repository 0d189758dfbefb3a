/**
 * Results out: a batch's output and error files, streamed line by line into canonical
 * {@link BatchResult}s by the vendor's result codec, joined into one result per `customId`. The
 * files are never held whole: memory is the chunk being read and one entry per `customId`.
 * Nothing here talks to a vendor: the client hands over each file's bytes.
 *
 * A line that does not decode (not JSON, not UTF-8, a field of the wrong type, a `customId`
 * already read, longer than `maxLineBytes`) is malformed. It never corrupts the other lines: by
 * default every good line is delivered and the stream then fails with one `DecodeError` naming
 * each malformed line (file id and line number); with `strict` the first one ends the stream.
 *
 * @module \@unibatch/core/Results
 * @since 0.3.0
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Batch } from "./Batch.js"
import type { ResultsOptions } from "./BatchClient.js"
import type { BatchResult } from "./BatchResult.js"
import * as BatchStatus from "./BatchStatus.js"
import { clip } from "./internal/json.js"
import { type FileContext, LineSplitter, lineCheckOf, Malformed, readLine } from "./internal/results.js"
import { DecodeError, errorToJson, invalidInput, UnibatchError } from "./UnibatchError.js"
import type { VendorDefinition } from "./VendorDefinition.js"

/**
 * The longest result line read by default: 64 MiB. No real result line comes near it (a chat
 * completion is a few KiB; a response with a generated image a few MiB); a longer line is
 * malformed, and its bytes are dropped as they arrive rather than held.
 *
 * @example
 * ```ts
 * import { defaultMaxLineBytes } from "@unibatch/core/Results"
 *
 * defaultMaxLineBytes // => 67108864
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultMaxLineBytes = 64 * 1024 * 1024

/**
 * The most malformed lines one non-strict `DecodeError` lists by name; it counts the rest.
 *
 * @example
 * ```ts
 * import { maxListedLines } from "@unibatch/core/Results"
 *
 * maxListedLines // => 20
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const maxListedLines = 20

/**
 * Which file of a batch a stream of bytes is, for {@link decodeLines}: the batch's canonical id,
 * the file's id, whether the first malformed line ends the stream (`strict`), the longest line
 * (default {@link defaultMaxLineBytes}) and which of the batch's files it is (`output`, the
 * default, or `error`: only the messages say it).
 *
 * @example
 * ```ts
 * import type { LinesContext } from "@unibatch/core/Results"
 *
 * const context: LinesContext = { batchId: "batch_abc", fileId: "file-abc", strict: false }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface LinesContext {
  readonly batchId: string
  readonly fileId: string
  readonly strict: boolean
  readonly maxLineBytes?: number | undefined
  readonly kind?: "output" | "error" | undefined
}

type Entry = BatchResult | Malformed

const lineProblem = (maxLineBytes: number): string | undefined =>
  Number.isSafeInteger(maxLineBytes) && maxLineBytes >= 1 ? undefined : `maxLineBytes must be a positive integer, got ${maxLineBytes}.`

/** The results and malformed notes of one file, chunk by chunk as its bytes arrive. */
const decodeFile = (
  bytes: Stream.Stream<Uint8Array, UnibatchError>,
  file: FileContext,
  maxLineBytes: number
): Stream.Stream<Entry, UnibatchError> =>
  Stream.transformPull(bytes, (pull) =>
    Effect.sync(() => {
      const compiled = lineCheckOf(file.codec.schema)
      let out: Array<Entry> = []
      const splitter = new LineSplitter(maxLineBytes, {
        text: (text, line) => {
          const entry = readLine(file, compiled, text, line)
          if (entry !== undefined) out.push(entry)
        },
        fault: (line, message) => out.push(new Malformed(`${file.label}, line ${line}`, "$", message))
      })
      let ended = false
      const pump: Effect.Effect<Arr.NonEmptyReadonlyArray<Entry>, UnibatchError | Cause.Done> = Effect.suspend(() =>
        ended ? Cause.done() : Effect.flatMap(Pull.catchDone(pull, () => Effect.succeed(undefined)), (chunks) => {
          if (chunks === undefined) {
            ended = true
            splitter.end()
          } else {
            for (const chunk of chunks) splitter.push(chunk)
          }
          const entries = out
          if (!Arr.isReadonlyArrayNonEmpty(entries)) return ended ? Cause.done() : pump
          out = []
          return Effect.succeed(entries)
        })
      )
      return pump
    }))

const remade = Schema.decodeUnknownOption(UnibatchError)

/**
 * The vendor's answer to a request for one of a batch's files (a 404 on a file the batch names, a
 * 410, a 500), with its tag, status and request id kept and the file and batch named: the
 * vendor's own message (`No such file`) does not say which of the two files it was. An error
 * with no answer (a `TransportError`) is the client's own and is passed on as it is.
 */
const namingFile = (error: UnibatchError, label: string, batchId: string): UnibatchError =>
  error.status === null
    ? error
    : Option.getOrElse(remade({ ...errorToJson(error), message: `${error.message} (the ${label} of batch ${batchId})` }), () => error)

const resultsError = (provider: string, path: string, message: string) =>
  new DecodeError({ provider, operation: "results", status: null, requestId: null, path, message })

/**
 * The results of a stream of entries: malformed lines end it at once (`strict`) or are counted
 * and reported together after the last result.
 */
const deliver = (
  entries: Stream.Stream<Entry, UnibatchError>,
  provider: string,
  batchId: string,
  strict: boolean
): Stream.Stream<BatchResult, UnibatchError> =>
  Stream.transformPull(entries, (pull) =>
    Effect.sync(() => {
      let malformedCount = 0
      const listed: Array<Malformed> = []
      let failure: DecodeError | undefined
      let ended = false
      const summary = () =>
        resultsError(
          provider,
          malformedCount === 1 ? listed[0]!.path : "$",
          `${malformedCount} malformed result line${malformedCount === 1 ? "" : "s"} in batch ${batchId} (every other line was delivered): ` +
            listed.map((line) => clip(line.describe(), 300)).join("; ") +
            (malformedCount > listed.length ? `; and ${malformedCount - listed.length} more` : "")
        )
      const pump: Effect.Effect<Arr.NonEmptyReadonlyArray<BatchResult>, UnibatchError | Cause.Done> = Effect.suspend(() => {
        if (failure !== undefined) return Effect.fail(failure)
        if (ended) return Cause.done()
        return Effect.flatMap(Pull.catchDone(pull, () => Effect.succeed(undefined)), (chunk) => {
          if (chunk === undefined) {
            ended = true
            return malformedCount === 0 ? Cause.done() : Effect.fail(summary())
          }
          const results: Array<BatchResult> = []
          for (const entry of chunk) {
            if (!(entry instanceof Malformed)) {
              results.push(entry)
              continue
            }
            if (strict) {
              // The results before it in this chunk are delivered first.
              failure = resultsError(provider, entry.path, entry.describe())
              break
            }
            malformedCount++
            if (listed.length < maxListedLines) listed.push(entry)
          }
          return Arr.isReadonlyArrayNonEmpty(results) ? Effect.succeed(results) : pump
        })
      })
      return pump
    }))

/**
 * The results in one output or error file, as its bytes arrive: lines split on `\n` (UTF-8 whole
 * across chunk borders, `\r\n` too, blank lines skipped, a last line without its newline read),
 * each parsed, type-checked against `definition.lifecycle.results.schema` (leniently: absent,
 * `null` and `{}` are no value; a field of the wrong type is malformed) and read by
 * `definition.lifecycle.results.read`. A `customId` read twice in the file is malformed the
 * second time. Malformed lines are `DecodeError`s (operation `results`) whose message starts
 * with the file and line: `output file file-abc, line 17: ...`; see the module's notes on `strict`.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import { decodeLines } from "@unibatch/core/Results"
 * import * as Stream from "effect/Stream"
 *
 * const line = '{"id":"batch_req_1","custom_id":"r-1","response":{"status_code":200,"request_id":"req_1","body":{}},"error":null}\n'
 * const results = decodeLines(OpenAi.definition, Stream.make(new TextEncoder().encode(line)), {
 *   batchId: "batch_abc", fileId: "file-abc", strict: true
 * }).pipe(Stream.runCollect)
 * // => [{ provider: "openai", batchId: "batch_abc", customId: "r-1", outcome: "succeeded", statusCode: 200, ... }]
 * ```
 *
 * @since 0.3.0
 * @category decoding
 */
export const decodeLines = (
  definition: VendorDefinition,
  bytes: Stream.Stream<Uint8Array, UnibatchError>,
  context: LinesContext
): Stream.Stream<BatchResult, UnibatchError> =>
  Stream.suspend(() => {
    const maxLineBytes = context.maxLineBytes ?? defaultMaxLineBytes
    const problem = lineProblem(maxLineBytes)
    if (problem !== undefined) return Stream.fail(invalidInput(definition.provider, "results", problem))
    const label = `${context.kind ?? "output"} file ${context.fileId}`
    const file: FileContext = {
      provider: definition.provider,
      batchId: context.batchId,
      label,
      codec: definition.lifecycle.results,
      seen: new Map(),
      fileIndex: 0,
      locate: (_, line) => `${label}, line ${line}`
    }
    return deliver(decodeFile(bytes, file, maxLineBytes), definition.provider, context.batchId, context.strict)
  })

/**
 * Where {@link read} finds a batch's results: the batch (its status and file ids) and how to
 * fetch a file's bytes (the client's `fileContent`).
 *
 * @example
 * ```ts
 * import type { ResultsSource } from "@unibatch/core/Results"
 * import type { BatchClientService } from "@unibatch/core/BatchClient"
 * import type { Batch } from "@unibatch/core/Batch"
 *
 * declare const client: BatchClientService
 * declare const batch: Batch
 * const source: ResultsSource = { batch, content: client.fileContent }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ResultsSource {
  readonly batch: Batch
  readonly content: (fileId: string) => Stream.Stream<Uint8Array, UnibatchError>
  /**
   * The bytes at a URL: read for a batch with a `resultsUrl` and no output or error file.
   * Absent: such a batch has no results to read.
   *
   * @since 0.3.0
   */
  readonly url?: ((url: string) => Stream.Stream<Uint8Array, UnibatchError>) | undefined
}

/**
 * Options of {@link read}: `strict` as in `ResultsOptions`, and the longest line
 * (default {@link defaultMaxLineBytes}).
 *
 * @example
 * ```ts
 * import type { ReadOptions } from "@unibatch/core/Results"
 *
 * const options: ReadOptions = { strict: true, maxLineBytes: 1024 * 1024 }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ReadOptions extends ResultsOptions {
  readonly maxLineBytes?: number | undefined
}

/**
 * A finished batch's results, one per `customId`: its output file, then its error file (a file
 * whose id is `null` is skipped; a batch with neither has no results), each streamed through
 * {@link decodeLines}. A `customId` already read, in either file, is a malformed line and is not
 * delivered twice; without `strict`, the one `DecodeError` at the end names the malformed lines
 * of both files. A batch that has not ended (`BatchStatus.isTerminal` is false, `unknown`
 * included) fails with an `InvalidRequestError` naming its status before any file is read. The
 * error file is fetched only once the output file is read. A file that cannot be fetched fails
 * the stream after the results read before it, with the client's error; when the vendor
 * answered (a 404, say), its message ends by naming the file and the batch (same tag, status
 * and request id): `No such file (the error file file-abc of batch batch_abc)`.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import type { BatchClientService } from "@unibatch/core/BatchClient"
 * import { read } from "@unibatch/core/Results"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * declare const client: BatchClientService
 * const failed = Effect.flatMap(client.retrieve("batch_abc"), (batch) =>
 *   read(OpenAi.definition, { batch, content: client.fileContent }).pipe(
 *     Stream.filter((result) => result.outcome !== "succeeded"),
 *     Stream.runCollect
 *   ))
 * ```
 *
 * @since 0.3.0
 * @category decoding
 */
export const read = (
  definition: VendorDefinition,
  source: ResultsSource,
  options?: ReadOptions
): Stream.Stream<BatchResult, UnibatchError> =>
  Stream.suspend(() => {
    const { batch } = source
    const provider = definition.provider
    if (!BatchStatus.isTerminal(batch.status)) {
      return Stream.fail(invalidInput(
        provider,
        "results",
        `batch ${batch.id} is ${batch.status} (${JSON.stringify(batch.nativeStatus)}); its results can be read once it has ended (completed, failed, expired or cancelled).`
      ))
    }
    const maxLineBytes = options?.maxLineBytes ?? defaultMaxLineBytes
    const problem = lineProblem(maxLineBytes)
    if (problem !== undefined) return Stream.fail(invalidInput(provider, "results", problem))
    const files: Array<{ readonly label: string; readonly id: string; readonly atUrl?: boolean }> = []
    if (batch.outputFileId !== null) files.push({ label: `output file ${batch.outputFileId}`, id: batch.outputFileId })
    // A vendor naming one file as both is read once.
    if (batch.errorFileId !== null && batch.errorFileId !== batch.outputFileId) {
      files.push({ label: `error file ${batch.errorFileId}`, id: batch.errorFileId })
    }
    // A vendor without files gives its results at a URL.
    if (files.length === 0 && batch.resultsUrl !== null && source.url !== undefined) {
      files.push({ label: `results at ${batch.resultsUrl}`, id: batch.resultsUrl, atUrl: true })
    }
    const seen = new Map<string, number>()
    const locate = (fileIndex: number, line: number) => `${files[fileIndex]?.label ?? "a file"}, line ${line}`
    const entries = files.map((file, fileIndex) =>
      Stream.suspend(() =>
        decodeFile(Stream.mapError(file.atUrl === true && source.url !== undefined ? source.url(file.id) : source.content(file.id), (error) => namingFile(error, file.label, batch.id)), {
          provider,
          batchId: batch.id,
          label: file.label,
          codec: definition.lifecycle.results,
          seen,
          fileIndex,
          locate
        }, maxLineBytes)
      )
    )
    const joined = entries.reduce<Stream.Stream<Entry, UnibatchError>>((all, next) => Stream.concat(all, next), Stream.empty)
    return deliver(joined, provider, batch.id, options?.strict ?? false)
  })
