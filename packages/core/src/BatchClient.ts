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
import type { Batch, BatchPage } from "./Batch.js"
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
