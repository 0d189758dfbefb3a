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
import type { ListAllOptions } from "@unibatch/core/BatchClient"
import type { Provider } from "@unibatch/core/Provider"
import { apiKeyEnvs, isKnown, type ProviderName, refused, unknownProvider } from "./internal/names.js"
import type { Call, Pages, Session } from "./internal/session.js"

/** @since 0.1.0 */
export type { BatchJson, BatchPageJson }

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
  fields: { readonly id?: unknown; readonly limit?: unknown; readonly after?: unknown; readonly maxPages?: unknown }
): string | undefined => {
  if (options !== undefined && (options === null || typeof options !== "object")) return `the options must be an object, got ${kindOf(options)}.`
  if ("id" in fields && typeof fields.id !== "string") return `the batch ID must be a string, got ${kindOf(fields.id)}.`
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
  // The listings not finished yet: close() drops what they read ahead.
  const listings = new Set<Pages>()

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

  const listAll = async function*(listOptions: CallOptions & ListAllOptions = {}): AsyncGenerator<BatchJson> {
    checked("listAll", listOptions, listOptions ?? {})
    const { signal, ...pageOptions } = listOptions
    let pages: Pages | undefined
    try {
      for (;;) {
        const batches = await guarded("listAll", signal, async (opened, call) => {
          if (pages === undefined) {
            pages = await opened.pages(pageOptions)
            listings.add(pages)
          }
          return pages.next(call)
        })
        if (batches === undefined) return
        for (const batch of batches) {
          // A page in hand ends with the client too.
          if (closing.signal.aborted) throw closedError("listAll")
          yield batch
        }
      }
    } finally {
      // `break`, a failure or the end: the pages read ahead are dropped and nothing more is fetched.
      if (pages !== undefined) {
        listings.delete(pages)
        await pages.close()
      }
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
    close: async () => {
      closing.abort()
      const open = [...listings]
      listings.clear()
      await Promise.all(open.map((pages) => pages.close()))
    }
  }
}
