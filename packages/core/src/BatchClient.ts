/**
 * The one client interface every vendor provides. A program written against `BatchClient` runs
 * on any vendor: only the Layer changes.
 *
 * @module \@unibatch/core/BatchClient
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Duration from "effect/Duration"
import type * as Schedule from "effect/Schedule"
import type { Batch, BatchPage } from "./Batch.js"
import type { BatchFile } from "./BatchFile.js"
import type { BatchRequest } from "./BatchRequest.js"
import type { BatchResult } from "./BatchResult.js"
import type { VendorDefinition } from "./VendorDefinition.js"
import type { Provider } from "./Provider.js"
import type { UnibatchError } from "./UnibatchError.js"

/**
 * Options of {@link BatchClientService.list}.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const options: BatchClient.ListOptions = { limit: 20, after: "batch_abc123" }
 * const nextPage = BatchClient.list(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  /**
   * Page size, an integer from 1 to the vendor's largest page (`definition.paging.maxLimit`;
   * 100 for OpenAI-style vendors). The vendor's own default when omitted.
   */
  readonly limit?: number | undefined
  /** The ID (canonical or native) of the last batch of the previous page. */
  readonly after?: string | undefined
}

/**
 * Options of {@link BatchClientService.listAll}.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const options: BatchClient.ListAllOptions = { limit: 100, maxPages: 3 }
 * const upTo300 = BatchClient.listAll(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ListAllOptions {
  /**
   * Page size, an integer from 1 to the vendor's largest page. Default: the largest page
   * (`definition.paging.maxLimit`), not the vendor's own default: listing everything then takes
   * the fewest requests.
   */
  readonly limit?: number | undefined
  /** Start after this ID instead of at the start of the listing. */
  readonly after?: string | undefined
  /**
   * Fetch at most this many pages, then end the stream: an integer of 1 or more (0, a negative,
   * NaN, a fraction or Infinity fail with an `InvalidRequestError` before any request). Whatever
   * it is, a listing always ends: a cursor seen before anywhere in the listing, or a page whose
   * last id is not its last item's, ends the stream with a `DecodeError`.
   */
  readonly maxPages?: number | undefined
  /**
   * Request the next pages while the current one is decoded and consumed (default `true`), so
   * that the vendor's time to answer overlaps the consumer's work. At most two pages are read
   * ahead (one waiting, one on its way): a consumer that stops early may cause up to two requests
   * whose pages it never sees, and it never waits for them. `false` sends each request only when
   * the consumer pulls.
   */
  readonly readAhead?: boolean | undefined
}

/**
 * What {@link BatchClientService.create} takes. `completionWindow` defaults to the vendor's first
 * documented window (`24h`); `metadata` to none.
 *
 * @example
 * ```ts
 * import type { CreateOptions } from "@unibatch/core/BatchClient"
 *
 * const options: CreateOptions = { inputFileId: "file-abc123", endpoint: "/v1/chat/completions", metadata: { job: "nightly" } }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface CreateOptions {
  readonly inputFileId: string
  readonly endpoint: string
  readonly completionWindow?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
}

/**
 * What {@link BatchClientService.upload} sends: a `Blob` (`fs.openAsBlob(path)` streams a file
 * from disk), a byte `Stream`, or `{ path }` (read through the `FileSystem` service in context).
 * Memory does not grow with the file's size in any case.
 *
 * @example
 * ```ts
 * import type { UploadSource } from "@unibatch/core/BatchClient"
 *
 * const source: UploadSource = new Blob(['{"custom_id":"r-1","method":"POST","url":"/v1/chat/completions","body":{}}\n'])
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type UploadSource = Blob | Stream.Stream<Uint8Array, UnibatchError> | { readonly path: string }

/**
 * Options of {@link BatchClientService.upload}: the file name the vendor records (default:
 * the path's base name, else `requests.jsonl`) and the purpose (default: the vendor's batch
 * purpose).
 *
 * @example
 * ```ts
 * import type { UploadOptions } from "@unibatch/core/BatchClient"
 *
 * const options: UploadOptions = { filename: "nightly.jsonl" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface UploadOptions {
  readonly filename?: string | undefined
  readonly purpose?: string | undefined
}

/**
 * Options of {@link BatchClientService.listFiles}: page size, start cursor, `purpose` filter and
 * the most pages to fetch, as for `listAll`.
 *
 * @example
 * ```ts
 * import type { ListFilesOptions } from "@unibatch/core/BatchClient"
 *
 * const options: ListFilesOptions = { purpose: "batch", maxPages: 2 }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ListFilesOptions {
  readonly limit?: number | undefined
  readonly after?: string | undefined
  readonly purpose?: string | undefined
  readonly maxPages?: number | undefined
}

/**
 * What {@link BatchClientService.submit} takes besides the requests: the batch's endpoint, window
 * and metadata as in `create`.
 *
 * @example
 * ```ts
 * import type { SubmitOptions } from "@unibatch/core/BatchClient"
 *
 * const options: SubmitOptions = { endpoint: "/v1/chat/completions" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type SubmitOptions = Omit<CreateOptions, "inputFileId"> & {
  /** The file name of the uploaded requests; default `requests.jsonl`. */
  readonly filename?: string | undefined
}

/**
 * Requests for `submit` and `writeRequests`: any `Iterable`, `AsyncIterable` or `Stream`.
 *
 * @example
 * ```ts
 * import type { Requests } from "@unibatch/core/BatchClient"
 *
 * const requests: Requests = [{ customId: "r-1", body: { model: "gpt-4o-mini", input: "Hi" } }]
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type Requests =
  | Iterable<BatchRequest>
  | AsyncIterable<BatchRequest>
  | Stream.Stream<BatchRequest, UnibatchError>

/**
 * Options of {@link BatchClientService.results}. With `strict`, the first malformed line ends the
 * stream with its `DecodeError`; without (the default), every line that decodes is delivered and
 * the stream then fails with one `DecodeError` naming each malformed line (file id and line
 * number), so nothing is lost and nothing is silently dropped.
 *
 * @example
 * ```ts
 * import type { ResultsOptions } from "@unibatch/core/BatchClient"
 *
 * const options: ResultsOptions = { strict: true }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ResultsOptions {
  readonly strict?: boolean | undefined
}

/**
 * Options of {@link BatchClientService.watch}: how often to poll. The default polls after 1 s,
 * backs off to 60 s between polls, with jitter; a `retry-after` from the vendor is honoured (up
 * to 20 rate limits in a row; then the `RateLimitError` ends the watch).
 *
 * @example
 * ```ts
 * import type { WatchOptions } from "@unibatch/core/BatchClient"
 * import * as Schedule from "effect/Schedule"
 *
 * const options: WatchOptions = { schedule: Schedule.spaced("5 seconds") }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface WatchOptions {
  readonly schedule?: Schedule.Schedule<unknown> | undefined
}

/**
 * Options of {@link BatchClientService.waitForCompletion}: the poll schedule, and the most time to
 * wait (none by default); past it the wait fails with a `TransportError` (`reason: "Timeout"`,
 * `operation: "wait"`) that names the batch's last status.
 *
 * @example
 * ```ts
 * import type { WaitOptions } from "@unibatch/core/BatchClient"
 *
 * const options: WaitOptions = { timeout: "2 hours" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface WaitOptions extends WatchOptions {
  readonly timeout?: Duration.Input | undefined
}

/**
 * What a unibatch client can do.
 *
 * @example
 * ```ts
 * import type { BatchClientService } from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const completedOnFirstPage = (client: BatchClientService) =>
 *   Effect.map(client.list({ limit: 100 }), (page) => page.data.filter((batch) => batch.status === "completed").length)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface BatchClientService {
  /** The vendor this client talks to (its definition's `provider`). */
  readonly provider: Provider
  /** One page of batches, in the vendor's order. */
  readonly list: (options?: ListOptions) => Effect.Effect<BatchPage, UnibatchError>
  /** One batch by its canonical or native ID. */
  readonly retrieve: (id: string) => Effect.Effect<Batch, UnibatchError>
  /** Every batch, page after page, as a lazy stream; up to two pages are read ahead unless `readAhead` is `false`. */
  readonly listAll: (options?: ListAllOptions) => Stream.Stream<Batch, UnibatchError>
  /** The definition of the vendor this client talks to. */
  readonly definition: VendorDefinition
  /** Creates a batch from an uploaded input file; the input is checked against the vendor's limits first. */
  readonly create: (options: CreateOptions) => Effect.Effect<Batch, UnibatchError>
  /** Asks the vendor to cancel a batch; the answer is the batch as the vendor reports it (often `cancelling`). */
  readonly cancel: (id: string) => Effect.Effect<Batch, UnibatchError>
  /** Uploads a file (multipart, streamed); the vendor's batch purpose unless told otherwise. */
  readonly upload: (source: UploadSource, options?: UploadOptions) => Effect.Effect<BatchFile, UnibatchError>
  /** One file by its id. */
  readonly retrieveFile: (id: string) => Effect.Effect<BatchFile, UnibatchError>
  /** Every file, page after page, as a lazy stream. */
  readonly listFiles: (options?: ListFilesOptions) => Stream.Stream<BatchFile, UnibatchError>
  /** A file's content, as the bytes arrive. */
  readonly fileContent: (id: string) => Stream.Stream<Uint8Array, UnibatchError>
  /** Writes the requests as JSONL (checked as they pass), uploads them as they are written, then creates the batch. */
  readonly submit: (requests: Requests, options: SubmitOptions) => Effect.Effect<Batch, UnibatchError>
  /** The batch's results, one per `customId`, joined from its output and error files. */
  readonly results: (batch: Batch | string, options?: ResultsOptions) => Stream.Stream<BatchResult, UnibatchError>
  /** The batch on every change of status or counts, ending with its terminal state. */
  readonly watch: (id: string, options?: WatchOptions) => Stream.Stream<Batch, UnibatchError>
  /** The batch once it reaches a terminal status (`completed`, `failed`, `expired`, `cancelled`). */
  readonly waitForCompletion: (id: string, options?: WaitOptions) => Effect.Effect<Batch, UnibatchError>
}

/**
 * The client service. Provide it with a vendor package's layer (`OpenAi.layer(...)` from
 * `@unibatch/openai`, ...) or build one with `VendorClient.make`.
 *
 * @example
 * ```ts
 * import { BatchClient } from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* BatchClient
 *   const page = yield* client.list({ limit: 10 })
 *   return page.data.map((batch) => `${batch.id} ${batch.status}`)
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class BatchClient extends Context.Service<BatchClient, BatchClientService>()("@unibatch/core/BatchClient") {}

/**
 * One page of batches from the client in context.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const firstPage = BatchClient.list({ limit: 5 })
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (options?: ListOptions): Effect.Effect<BatchPage, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.list(options))

/**
 * One batch from the client in context.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const batch = BatchClient.retrieve("batch_abc123")
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const retrieve = (id: string): Effect.Effect<Batch, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.retrieve(id))

/**
 * Every batch from the client in context, as a lazy stream.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Stream from "effect/Stream"
 *
 * const firstFive = BatchClient.listAll({ limit: 100 }).pipe(Stream.take(5), Stream.runCollect)
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const listAll = (options?: ListAllOptions): Stream.Stream<Batch, UnibatchError, BatchClient> =>
  Stream.unwrap(BatchClient.useSync((client) => client.listAll(options)))

/**
 * Creates a batch with the client in context, from an uploaded input file.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const batch = BatchClient.create({ inputFileId: "file-abc123", endpoint: "/v1/chat/completions" })
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const create = (options: CreateOptions): Effect.Effect<Batch, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.create(options))

/**
 * Asks the client in context to cancel a batch.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const cancelling = BatchClient.cancel("batch_abc123")
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const cancel = (id: string): Effect.Effect<Batch, UnibatchError, BatchClient> => BatchClient.use((client) => client.cancel(id))

/**
 * Uploads a file with the client in context.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const file = BatchClient.upload(new Blob(['{"custom_id":"r-1","method":"POST","url":"/v1/chat/completions","body":{}}\n']), {
 *   filename: "nightly.jsonl"
 * })
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const upload = (source: UploadSource, options?: UploadOptions): Effect.Effect<BatchFile, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.upload(source, options))

/**
 * One file from the client in context.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const file = BatchClient.retrieveFile("file-abc123")
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const retrieveFile = (id: string): Effect.Effect<BatchFile, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.retrieveFile(id))

/**
 * Every file from the client in context, as a lazy stream.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Stream from "effect/Stream"
 *
 * const batchFiles = BatchClient.listFiles({ purpose: "batch" }).pipe(Stream.runCollect)
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const listFiles = (options?: ListFilesOptions): Stream.Stream<BatchFile, UnibatchError, BatchClient> =>
  Stream.unwrap(BatchClient.useSync((client) => client.listFiles(options)))

/**
 * A file's content from the client in context, as the bytes arrive.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Stream from "effect/Stream"
 *
 * const lines = BatchClient.fileContent("file-abc123").pipe(Stream.decodeText(), Stream.splitLines, Stream.runCollect)
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const fileContent = (id: string): Stream.Stream<Uint8Array, UnibatchError, BatchClient> =>
  Stream.unwrap(BatchClient.useSync((client) => client.fileContent(id)))

/**
 * Writes, uploads and creates a batch with the client in context.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const batch = BatchClient.submit(
 *   [{ customId: "r-1", body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] } }],
 *   { endpoint: "/v1/chat/completions" }
 * )
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const submit = (requests: Requests, options: SubmitOptions): Effect.Effect<Batch, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.submit(requests, options))

/**
 * A batch's results from the client in context, one per `customId`.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Stream from "effect/Stream"
 *
 * const failed = BatchClient.results("batch_abc123").pipe(
 *   Stream.filter((result) => result.outcome !== "succeeded"),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const results = (batch: Batch | string, options?: ResultsOptions): Stream.Stream<BatchResult, UnibatchError, BatchClient> =>
  Stream.unwrap(BatchClient.useSync((client) => client.results(batch, options)))

/**
 * A batch on every change, from the client in context, until it ends.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Stream from "effect/Stream"
 *
 * const statuses = BatchClient.watch("batch_abc123").pipe(Stream.map((batch) => batch.status), Stream.runCollect)
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const watch = (id: string, options?: WatchOptions): Stream.Stream<Batch, UnibatchError, BatchClient> =>
  Stream.unwrap(BatchClient.useSync((client) => client.watch(id, options)))

/**
 * A batch once it ends, from the client in context.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 *
 * const finished = BatchClient.waitForCompletion("batch_abc123", { timeout: "2 hours" })
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const waitForCompletion = (id: string, options?: WaitOptions): Effect.Effect<Batch, UnibatchError, BatchClient> =>
  BatchClient.use((client) => client.waitForCompletion(id, options))
