/**
 * The Promise API: the Effect client behind plain functions, for code that does not use Effect.
 * Values are the canonical JSON form (plain objects, ISO-8601 strings), exactly what the
 * `unibatch` command prints; failures reject with the `UnibatchApiError` classes;
 * `AbortSignal` interrupts, and breaking out of `for await` stops fetching.
 *
 * @module unibatch/PromiseClient
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { type Batch, pageToJson, toJson } from "@unibatch/core/Batch"
import { BatchClient, type BatchClientService, type ListAllOptions } from "@unibatch/core/BatchClient"
import type { Provider } from "@unibatch/core/Provider"
import { errorToJson, invalidInput, isUnibatchError, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { fromJson } from "./PromiseErrors.js"
import * as Providers from "./Providers.js"

/**
 * A canonical batch in its JSON form.
 *
 * @example
 * ```ts
 * import { createClient, type BatchJson } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * const batch: BatchJson = await client.retrieve("batch_abc123")
 * const createdAt = new Date(batch.createdAt) // an ISO-8601 string in the JSON form
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BatchJson = typeof Batch.Encoded

/**
 * A canonical page in its JSON form.
 *
 * @example
 * ```ts
 * import { createClient, type BatchPageJson } from "unibatch"
 *
 * const client = createClient({ provider: "openai" })
 * const page: BatchPageJson = await client.list({ limit: 20 })
 * const next = page.hasMore && page.lastId !== null ? await client.list({ limit: 20, after: page.lastId }) : undefined
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type BatchPageJson = ReturnType<typeof pageToJson>

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
  readonly provider: Provider
  /** Defaults to `OPENAI_API_KEY`, `RESPAN_API_KEY` or `NEOSANTARA_API_KEY`. */
  readonly apiKey?: string | undefined
  /** Replaces the vendor's API root. */
  readonly baseUrl?: string | undefined
  /** Retries after a failed attempt; default 2. */
  readonly maxRetries?: number | undefined
  /** Time allowed for each request, in milliseconds; default 600000. */
  readonly timeoutMs?: number | undefined
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
  readonly provider: Provider
  /** One page of batches, newest first. */
  readonly list: (options?: CallOptions & { readonly limit?: number | undefined; readonly after?: string | undefined }) => Promise<BatchPageJson>
  /** One batch by canonical or native ID. */
  readonly retrieve: (id: string, options?: CallOptions) => Promise<BatchJson>
  /**
   * Every batch, page after page. The next page is requested while the loop works on the current
   * one (`readAhead: false` waits until the loop asks); `break` stops fetching.
   */
  readonly listAll: (
    options?: CallOptions & ListAllOptions
  ) => AsyncIterable<BatchJson>
  /** Releases the client's resources; calls after it reject. */
  readonly close: () => Promise<void>
}

const environmentKey = (provider: Provider): string | undefined =>
  typeof process === "undefined" ? undefined : process.env?.[Providers.keyVariable[provider]]

const adapterLayer = (options: CreateClientOptions, apiKey: string): Layer.Layer<BatchClient> =>
  Layer.provide(
    Providers.layer(options.provider, {
      apiKey,
      baseUrl: options.baseUrl,
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs === undefined ? undefined : Duration.millis(options.timeoutMs)
    }),
    FetchHttpClient.layer
  )

/** Turns how an Effect ended into what a Promise user expects: the value, or one thrown error. */
const settle = <A>(exit: Exit.Exit<A, UnibatchError>, signal: AbortSignal | undefined): A => {
  if (Exit.isSuccess(exit)) return exit.value
  if (signal?.aborted === true && Cause.isInterruptedOnly(exit.cause)) throw signal.reason
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && isUnibatchError(failure.value)) throw fromJson(errorToJson(failure.value))
  throw new Error(`unibatch: unexpected failure: ${Cause.pretty(exit.cause)}`)
}

/**
 * Creates a Promise client for one vendor. Without `apiKey` the vendor's environment variable
 * is used; with neither, the real vendor is refused at once, while a `baseUrl` stand-in is called
 * without a key.
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
  const apiKey = options.apiKey ?? environmentKey(provider) ?? ""
  if (apiKey === "" && options.baseUrl === undefined) {
    throw fromJson(errorToJson(invalidInput(provider, "createClient", `No API key: pass apiKey or set ${Providers.keyVariable[provider]}.`)))
  }
  const runtime = ManagedRuntime.make(adapterLayer(options, apiKey))

  const run = async <A>(call: (client: BatchClientService) => Effect.Effect<A, UnibatchError>, signal: AbortSignal | undefined) => {
    if (signal?.aborted === true) throw signal.reason
    const exit = await runtime.runPromiseExit(Effect.flatMap(BatchClient, call), signal === undefined ? undefined : { signal })
    return settle(exit, signal)
  }

  const listAll = async function*(
    listOptions: CallOptions & ListAllOptions = {}
  ): AsyncGenerator<BatchJson> {
    const { signal } = listOptions
    const scope = await runtime.runPromise(Scope.make())
    try {
      // One pull is one page; with read-ahead, up to two more are on their way in the scope meanwhile.
      const pull = await runtime.runPromise(
        Effect.flatMap(BatchClient, (client) => Scope.extend(Stream.toPull(client.listAll({ limit: listOptions.limit, after: listOptions.after, maxPages: listOptions.maxPages, readAhead: listOptions.readAhead })), scope))
      )
      for (;;) {
        if (signal?.aborted === true) throw signal.reason
        const exit = await runtime.runPromiseExit(pull, signal === undefined ? undefined : { signal })
        if (Exit.isFailure(exit)) {
          const failure = Cause.failureOption(exit.cause)
          if (Option.isSome(failure) && Option.isNone(failure.value)) return
          settle(Exit.failCause(Cause.map(exit.cause, (error) => Option.getOrThrow(error))), signal)
        } else {
          for (const batch of Chunk.toReadonlyArray(exit.value)) yield toJson(batch)
        }
      }
    } finally {
      await runtime.runPromise(Scope.close(scope, Exit.void))
    }
  }

  return {
    provider,
    list: (listOptions = {}) => run((client) => Effect.map(client.list({ limit: listOptions.limit, after: listOptions.after }), pageToJson), listOptions.signal),
    retrieve: (id, callOptions = {}) => run((client) => Effect.map(client.retrieve(id), toJson), callOptions.signal),
    listAll,
    close: () => runtime.dispose()
  }
}

