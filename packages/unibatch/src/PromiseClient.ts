/**
 * The Promise API: the Effect client behind plain functions, for code that does not use Effect.
 * Values are the canonical JSON form (plain objects, ISO-8601 strings), exactly what the
 * `unibatch` command prints; every failure rejects with one of the `UnibatchApiError` classes;
 * every call takes an `AbortSignal`, and breaking out of `for await` stops fetching.
 *
 * Importing it is cheap: it loads no Effect module until the first call needs one.
 *
 * @module unibatch/PromiseClient
 * @since 0.1.0
 */
import type { BatchJson, BatchPageJson } from "@unibatch/core/Batch"
import type { CreateOptions, ListAllOptions, ListFilesOptions, SubmitOptions, UploadOptions } from "@unibatch/core/BatchClient"
import type { BatchFileJson } from "@unibatch/core/BatchFile"
import type { BatchRequest } from "@unibatch/core/BatchRequest"
import type { Provider } from "@unibatch/core/Provider"
import { apiKeyEnvs, isKnown, type ProviderName, refused, unknownProvider } from "./internal/names.js"
import type { BatchResultJson, Call, Pulls, Session } from "./internal/session.js"

/** @since 0.1.0 */
export type { BatchJson, BatchPageJson }

/** @since 0.3.0 */
export type { BatchFileJson, BatchRequest, BatchResultJson }

/**
 * Options of {@link Client.submit}: the batch's `endpoint` (one the vendor documents, e.g.
 * `/v1/chat/completions`), `completionWindow` (default the vendor's first, `24h`), `metadata`,
 * the uploaded file's `filename`, and a `signal`.
 *
 * @example
 * ```ts
 * import type { SubmitCallOptions } from "unibatch"
 *
 * const options: SubmitCallOptions = { endpoint: "/v1/chat/completions", metadata: { job: "nightly" } }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type SubmitCallOptions = CallOptions & SubmitOptions

/**
 * Options of {@link Client.wait}: `onProgress` is called with the batch on every change of status
 * or counts (its last call is the final batch); `timeoutMs` is the longest wait (then a
 * `TransportError` with `reason: "Timeout"`); aborting `signal` stops polling at once.
 *
 * @example
 * ```ts
 * import type { WaitCallOptions } from "unibatch"
 *
 * const options: WaitCallOptions = { timeoutMs: 3_600_000, onProgress: (batch) => console.error(batch.status, batch.requestCounts) }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface WaitCallOptions extends CallOptions {
  readonly onProgress?: ((batch: BatchJson) => void) | undefined
  readonly timeoutMs?: number | undefined
}

/**
 * Options of {@link Client.results}: with `strict`, the first malformed result line ends the
 * loop with its `DecodeError`; without (the default) every good line is delivered first, then
 * one `DecodeError` names the malformed ones.
 *
 * @example
 * ```ts
 * import type { ResultsCallOptions } from "unibatch"
 *
 * const options: ResultsCallOptions = { strict: true }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface ResultsCallOptions extends CallOptions {
  readonly strict?: boolean | undefined
}

/**
 * The vendor's files, as {@link Client.files}.
 *
 * - `upload(source, options)`: a path (read from disk as it is sent: `fs.openAsBlob`, Node only)
 *   or a `Blob`; the vendor's batch purpose unless `purpose` says otherwise; `filename` defaults
 *   to the path's base name.
 * - `retrieve(id)`: one file.
 * - `list(options)`: every file, page after page (`purpose`, `limit` as the page size,
 *   `maxPages`); `break` stops fetching.
 * - `content(id)`: the bytes as they arrive, an `AsyncIterable<Uint8Array>` (chunks of any
 *   size); `break` stops the download.
 *
 * @example
 * ```ts
 * import { createClient } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * const file = await client.files.upload("requests.jsonl")
 * let bytes = 0
 * for await (const chunk of client.files.content(file.id)) bytes += chunk.length
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface Files {
  readonly upload: (source: string | Blob, options?: CallOptions & UploadOptions) => Promise<BatchFileJson>
  readonly retrieve: (id: string, options?: CallOptions) => Promise<BatchFileJson>
  readonly list: (options?: CallOptions & ListFilesOptions) => AsyncIterable<BatchFileJson>
  readonly content: (id: string, options?: CallOptions) => AsyncIterable<Uint8Array>
}

/**
 * Options of {@link createClient}.
 *
 * @example
 * ```ts
 * import { createClient, type CreateClientOptions } from "unibatch"
 *
 * const options: CreateClientOptions = { provider: "respan", apiKey: "rs-...", maxRetries: 4, timeoutMs: 30_000 }
 * const client = createClient(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateClientOptions {
  /**
   * `"openai"`, `"respan"` or `"neosantara"`. Any other string is refused with an
   * `InvalidRequestError` naming these, before anything is sent.
   */
  readonly provider: ProviderName | (Provider & {})
  /**
   * Defaults to the vendor's variable: `OPENAI_API_KEY`, `RESPAN_API_KEY` or `NEOSANTARA_API_KEY`.
   * A key with a line break or another character an HTTP header cannot carry makes `createClient`
   * throw, with a message that does not show the key.
   */
  readonly apiKey?: string | undefined
  /** Replaces the vendor's API root. */
  readonly baseUrl?: string | undefined
  /** Retries after a failed attempt; default 2. An integer of 0 or more (else `createClient` throws). */
  readonly maxRetries?: number | undefined
  /**
   * Time allowed for each request, in milliseconds; default 600000. Above 0 and at most
   * 2147483647 (the longest timer): 0, a negative number, NaN or more make `createClient` throw.
   */
  readonly timeoutMs?: number | undefined
  /**
   * The largest response body read, in bytes; default 67108864 (64 MiB, far above any real page).
   * A larger page (an endless body included) rejects with a `DecodeError` at `$`, reading no more
   * than the limit. An integer of 1 or more: 0, a negative number, NaN or a fraction make
   * `createClient` throw an `InvalidRequestError`, before anything is sent.
   *
   * @example
   * ```ts
   * import { createClient } from "unibatch"
   *
   * const client = createClient({ provider: "openai", maxResponseBytes: 8 * 1024 * 1024 })
   * ```
   *
   * @since 0.2.0
   */
  readonly maxResponseBytes?: number | undefined
}

/**
 * Every call accepts an `AbortSignal`.
 *
 * @example
 * ```ts
 * import { createClient, type CallOptions } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * const options: CallOptions = { signal: AbortSignal.timeout(5_000) }
 * const batch = await client.retrieve("batch_abc123", options) // rejects with the signal's reason after 5 s
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined
}

/**
 * The Promise client.
 *
 * @example
 * ```ts
 * import type { Client } from "unibatch"
 *
 * const countFailed = async (client: Client): Promise<number> => {
 *   let failed = 0
 *   for await (const batch of client.listAll({ limit: 100, maxPages: 5 })) {
 *     if (batch.status === "failed") failed++
 *   }
 *   return failed
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Client {
  readonly provider: ProviderName
  /** One page of batches, in the vendor's order. */
  readonly list: (
    options?: CallOptions & { readonly limit?: number | undefined; readonly after?: string | undefined }
  ) => Promise<BatchPageJson>
  /** One batch by canonical or native ID. */
  readonly retrieve: (id: string, options?: CallOptions) => Promise<BatchJson>
  /**
   * Every batch, page after page. The next page is requested while the loop works on the current
   * one (`readAhead: false` waits until the loop asks); `break` stops fetching.
   */
  readonly listAll: (options?: CallOptions & ListAllOptions) => AsyncIterable<BatchJson>
  /**
   * Writes the requests (an array, any iterable or async iterable of `{ customId, body, method?,
   * url? }`) as the vendor's JSONL, checked as they pass (a duplicate `customId` or a line past
   * the vendor's limits rejects, naming the line), uploads them as they are written, then creates
   * the batch; resolves with it (usually `validating`).
   *
   * @since 0.3.0
   */
  readonly submit: (requests: Iterable<BatchRequest> | AsyncIterable<BatchRequest>, options: SubmitCallOptions) => Promise<BatchJson>
  /**
   * Creates a batch from a file already uploaded (`files.upload`): `inputFileId`, `endpoint`,
   * `completionWindow`, `metadata`, checked against the vendor's limits before anything is sent.
   *
   * @since 0.3.0
   */
  readonly create: (options: CallOptions & CreateOptions) => Promise<BatchJson>
  /**
   * Asks the vendor to cancel a batch; resolves with the batch as the vendor answers (often
   * `cancelling`; `wait` follows it to `cancelled`).
   *
   * @since 0.3.0
   */
  readonly cancel: (id: string, options?: CallOptions) => Promise<BatchJson>
  /**
   * Polls the batch until it ends (`completed`, `failed`, `expired` or `cancelled`) and resolves
   * with it, whatever the end: check `status`. Polls after 1 s, backing off to 60 s (with jitter,
   * honouring the vendor's `retry-after`). Aborting the signal rejects with its reason, and no
   * request is left running.
   *
   * @since 0.3.0
   */
  readonly wait: (id: string, options?: WaitCallOptions) => Promise<BatchJson>
  /**
   * The batch's results, one per `customId` (joined from the output and error files), as they
   * are read: `outcome` (`succeeded`, `failed`, `expired`, `cancelled`), `statusCode`, `body`
   * (the vendor's, verbatim), `error` and `requestId`. `break` stops the download.
   *
   * @since 0.3.0
   */
  readonly results: (id: string, options?: ResultsCallOptions) => AsyncIterable<BatchResultJson>
  /**
   * The vendor's files: `upload`, `retrieve`, `list`, `content` ({@link Files}).
   *
   * @since 0.3.0
   */
  readonly files: Files
  /**
   * Releases the client. Calls in flight, and every call after it, reject with an
   * `InvalidRequestError` (`status: null`) that says the client is closed.
   */
  readonly close: () => Promise<void>
}

/** The longest timer `setTimeout` keeps: a longer one fires at once (Node) or never (some runtimes). */
const maxTimeoutMs = 2 ** 31 - 1

/**
 * A header value HTTP can carry (tab, printable ASCII, Latin-1). A key with anything else (a line
 * break above all) would be quoted by `fetch` in its error, so it is refused without being shown.
 */
const headerValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/

/** What JavaScript says a value is, for a message that must not quote it. */
const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`

/** A number, shown in a message (NaN and Infinity included); any other value by its kind only. */
const shown = (value: unknown): string => (typeof value === "number" ? String(value) : kindOf(value))

/** What is wrong with the options of {@link createClient}, checked before anything is loaded or sent. */
const optionsProblem = (options: CreateClientOptions, apiKey: unknown): string | undefined => {
  const { baseUrl, maxResponseBytes, maxRetries, timeoutMs } = options
  if (typeof apiKey !== "string") return `apiKey must be a string, got ${kindOf(apiKey)}.`
  // Never quote the key: the message says what is wrong with it, not what it is.
  if (!headerValuePattern.test(apiKey)) {
    return "apiKey contains a character an HTTP header cannot carry (a line break or other control character, or one beyond Latin-1)."
  }
  if (baseUrl !== undefined && typeof baseUrl !== "string") return `baseUrl must be a string, got ${kindOf(baseUrl)}.`
  if (maxRetries !== undefined && !(typeof maxRetries === "number" && Number.isSafeInteger(maxRetries) && maxRetries >= 0)) {
    return `maxRetries must be an integer of 0 or more, got ${shown(maxRetries)}.`
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0 && timeoutMs <= maxTimeoutMs)) {
    return `timeoutMs must be a number of milliseconds above 0 and at most ${maxTimeoutMs}, got ${shown(timeoutMs)}.`
  }
  if (
    maxResponseBytes !== undefined &&
    !(typeof maxResponseBytes === "number" && Number.isSafeInteger(maxResponseBytes) && maxResponseBytes >= 1)
  ) {
    return `maxResponseBytes must be an integer of 1 or more, got ${shown(maxResponseBytes)}.`
  }
  return undefined
}

/** What is wrong with a call's arguments as JavaScript may pass them (the types say strings and numbers). */
const argumentsProblem = (
  options: unknown,
  fields: {
    readonly id?: unknown
    readonly fileId?: unknown
    readonly limit?: unknown
    readonly after?: unknown
    readonly maxPages?: unknown
    readonly endpoint?: unknown
    readonly onProgress?: unknown
    readonly timeoutMs?: unknown
  }
): string | undefined => {
  if (options !== undefined && (options === null || typeof options !== "object")) return `the options must be an object, got ${kindOf(options)}.`
  if ("id" in fields && typeof fields.id !== "string") return `the batch ID must be a string, got ${kindOf(fields.id)}.`
  if ("fileId" in fields && typeof fields.fileId !== "string") return `the file ID must be a string, got ${kindOf(fields.fileId)}.`
  if ("endpoint" in fields && typeof fields.endpoint !== "string") return `endpoint must be a string (e.g. "/v1/chat/completions"), got ${kindOf(fields.endpoint)}.`
  if (fields.onProgress !== undefined && typeof fields.onProgress !== "function") return `onProgress must be a function, got ${kindOf(fields.onProgress)}.`
  if (fields.timeoutMs !== undefined && !(typeof fields.timeoutMs === "number" && fields.timeoutMs > 0 && fields.timeoutMs <= maxTimeoutMs)) {
    return `timeoutMs must be a number of milliseconds above 0 and at most ${maxTimeoutMs}, got ${shown(fields.timeoutMs)}.`
  }
  if (fields.limit !== undefined && typeof fields.limit !== "number") return `limit must be a number, got ${kindOf(fields.limit)}.`
  if (fields.after !== undefined && typeof fields.after !== "string") return `after must be a batch ID string, got ${kindOf(fields.after)}.`
  if (fields.maxPages !== undefined && typeof fields.maxPages !== "number") return `maxPages must be a number, got ${kindOf(fields.maxPages)}.`
  return undefined
}

const environmentKey = (provider: ProviderName): string | undefined =>
  typeof process === "undefined" ? undefined : process.env?.[apiKeyEnvs[provider]]

/**
 * Creates a Promise client for one vendor. Without `apiKey` the vendor's environment variable is
 * used; with neither, the real vendor is refused at once, while a `baseUrl` stand-in is called
 * without a key. A provider that is not `"openai"`, `"respan"` or `"neosantara"` throws an
 * `InvalidRequestError` that names them; so do bad options (`timeoutMs`, `maxRetries`,
 * `maxResponseBytes`, a key a header cannot carry), before anything is sent. A call whose arguments have the wrong type
 * (`retrieve(123)`, `list({ after: 5 })`, from JavaScript) rejects with an `InvalidRequestError`.
 *
 * @example
 * ```ts
 * import { createClient } from "unibatch"
 *
 * const client = createClient({ provider: "neosantara" })
 * const page = await client.list({ limit: 10 })
 * for await (const batch of client.listAll({ limit: 100 })) {
 *   if (batch.status === "failed") break
 * }
 * await client.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const createClient = (options: CreateClientOptions): Client => {
  const { provider } = options
  if (!isKnown(provider)) throw unknownProvider(provider, "createClient")
  const apiKey = options.apiKey ?? environmentKey(provider) ?? ""
  const problem = optionsProblem(options, apiKey)
  if (problem !== undefined) throw refused(provider, "createClient", problem)
  if (apiKey === "" && options.baseUrl === undefined) {
    throw refused(provider, "createClient", `No API key: pass apiKey or set ${apiKeyEnvs[provider]}.`)
  }

  // Aborted by close(): interrupts the calls in flight.
  const closing = new AbortController()
  const closedError = (operation: string) => refused(provider, operation, "The client is closed: create another with createClient.")
  let session: Promise<Session> | undefined
  // The streams not finished yet (listings, results, downloads): close() ends them.
  const listings = new Set<Pulls<unknown>>()

  /** The Effect side, loaded and built by the first call. */
  const open = (): Promise<Session> =>
    (session ??= import("./internal/session.js").then((module) =>
      module.open(provider, {
        apiKey,
        baseUrl: options.baseUrl,
        maxRetries: options.maxRetries,
        timeoutMs: options.timeoutMs,
        maxResponseBytes: options.maxResponseBytes
      })
    ))

  /** Throws when the call must not start: its signal is aborted, or the client closed. */
  const refuse = (operation: string, signal: AbortSignal | undefined): void => {
    if (signal?.aborted === true) throw signal.reason
    if (closing.signal.aborted) throw closedError(operation)
  }

  /** Refuses before anything is sent (aborted or closed), then runs `call` with one signal for both. */
  const guarded = async <A>(
    operation: string,
    signal: AbortSignal | undefined,
    call: (session: Session, call: Call) => Promise<A>
  ): Promise<A> => {
    refuse(operation, signal)
    const opened = await open()
    // Loading took a while the first time: the signal or close() may have come meanwhile.
    refuse(operation, signal)
    return call(opened, {
      signal: signal === undefined ? closing.signal : AbortSignal.any([signal, closing.signal]),
      interrupted: () => (signal?.aborted === true ? signal.reason : closedError(operation))
    })
  }

  /** Rejects, before anything is sent, arguments of the wrong type (from JavaScript). */
  const checked = (operation: string, options: unknown, fields: Parameters<typeof argumentsProblem>[1]): void => {
    const problem = argumentsProblem(options, fields)
    if (problem !== undefined) throw refused(provider, operation, problem)
  }

  /**
   * A stream of the Effect side as an async generator: one chunk pulled when the loop has used the
   * last. `break`, a failure or the end closes the stream: nothing more is fetched.
   */
  const iterate = async function*<A>(
    operation: string,
    signal: AbortSignal | undefined,
    openPulls: (session: Session) => Promise<Pulls<A>>
  ): AsyncGenerator<A> {
    let pulls: Pulls<A> | undefined
    try {
      for (;;) {
        const values = await guarded(operation, signal, async (opened, call) => {
          if (pulls === undefined) {
            pulls = await openPulls(opened)
            listings.add(pulls)
          }
          return pulls.next(call)
        })
        if (values === undefined) return
        for (const value of values) {
          // A chunk in hand ends with the client too.
          if (closing.signal.aborted) throw closedError(operation)
          yield value
        }
      }
    } finally {
      if (pulls !== undefined) {
        listings.delete(pulls)
        await pulls.close()
      }
    }
  }

  // Async generators: arguments are checked by the first `next`, as a failed request would reject it.
  const listAll = async function*(listOptions: CallOptions & ListAllOptions = {}): AsyncGenerator<BatchJson> {
    checked("listAll", listOptions, listOptions ?? {})
    const { signal, ...pageOptions } = listOptions
    yield* iterate("listAll", signal, (opened) => opened.pages(pageOptions))
  }

  const files: Files = {
    upload: async (source, options = {}) => {
      checked("upload", options, {})
      if (typeof source !== "string" && !(typeof Blob !== "undefined" && source instanceof Blob)) {
        throw refused(provider, "upload", `the source must be a file path or a Blob, got ${kindOf(source)}.`)
      }
      const { signal, ...uploadOptions } = options
      const filename = uploadOptions.filename ?? (typeof source === "string" ? source.split(/[\\/]/).pop() || undefined : undefined)
      return guarded("upload", signal, (opened, call) => opened.upload(source, { ...uploadOptions, filename }, call))
    },
    retrieve: async (id, options = {}) => {
      checked("retrieveFile", options, { fileId: id })
      return guarded("retrieveFile", options.signal, (opened, call) => opened.retrieveFile(id, call))
    },
    list: async function*(options = {}) {
      checked("listFiles", options, options ?? {})
      const { signal, ...listOptions } = options
      yield* iterate("listFiles", signal, (opened) => opened.files(listOptions))
    },
    content: async function*(id, options = {}) {
      checked("fileContent", options, { fileId: id })
      yield* iterate("fileContent", options.signal, (opened) => opened.content(id))
    }
  }

  return {
    provider,
    list: async (options = {}) => {
      checked("list", options, options ?? {})
      const { signal, ...listOptions } = options
      return guarded("list", signal, (opened, call) => opened.list(listOptions, call))
    },
    retrieve: async (id, options = {}) => {
      checked("retrieve", options, { id })
      return guarded("retrieve", options.signal, (opened, call) => opened.retrieve(id, call))
    },
    listAll,
    submit: async (requests, options) => {
      checked("submit", options, { endpoint: options?.endpoint })
      if (requests === null || typeof requests !== "object" || !(Symbol.iterator in requests || Symbol.asyncIterator in requests)) {
        throw refused(provider, "submit", `the requests must be an array, an iterable or an async iterable, got ${kindOf(requests)}.`)
      }
      const { signal, ...submitOptions } = options
      return guarded("submit", signal, (opened, call) => opened.submit(requests, submitOptions, call))
    },
    create: async (options) => {
      checked("create", options, { endpoint: options?.endpoint, fileId: options?.inputFileId })
      const { signal, ...createOptions } = options
      return guarded("create", signal, (opened, call) => opened.create(createOptions, call))
    },
    cancel: async (id, options = {}) => {
      checked("cancel", options, { id })
      return guarded("cancel", options.signal, (opened, call) => opened.cancel(id, call))
    },
    wait: async (id, options = {}) => {
      checked("wait", options, { id, onProgress: options?.onProgress, timeoutMs: options?.timeoutMs })
      const { signal, onProgress, timeoutMs } = options
      return guarded("wait", signal, (opened, call) => opened.wait(id, { onProgress, timeoutMs }, call))
    },
    results: async function*(id, options = {}) {
      checked("results", options, { id })
      yield* iterate("results", options.signal, (opened) => opened.results(id, { strict: options.strict }))
    },
    files,
    close: async () => {
      closing.abort()
      const open = [...listings]
      listings.clear()
      await Promise.all(open.map((pages) => pages.close()))
    }
  }
}
