/**
 * Fake vendor Batch API servers on loopback: real HTTP (`node:http`), seeded data, each vendor's
 * documented routes, auth, paging and error bodies, plus fault injection.
 *
 * @module \@unibatch/testkit/FakeVendor
 * @since 0.1.0
 */
import type { Provider as CoreProvider } from "@unibatch/core/Provider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Seed from "./internal/seed.js"
import * as Server from "./internal/server.js"

/**
 * The vendors a fake server can play: every provider unibatch has an adapter for (the same type
 * as `@unibatch/core/Provider`, so that the two cannot drift apart).
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const provider: FakeVendor.Provider = "neosantara"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Provider = CoreProvider

/**
 * A fault applied to the next `times` (default 1) requests matching `route` (default `"any"`),
 * after letting `skip` (default 0) of them through.
 * Faults apply before authentication and routing.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const rateLimited: FakeVendor.FaultSpec = { status: 429, headers: { "retry-after": "1" }, times: 2 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultSpec {
  /** Which requests the fault matches; default `"any"` (unknown routes included). */
  readonly route?: "list" | "retrieve" | "any"
  /** How many matching requests it applies to; default 1. */
  readonly times?: number
  /** How many matching requests to answer normally first, e.g. 1 to fail the second page; default 0. */
  readonly skip?: number
  /** Answer with this status instead of the normal response. */
  readonly status?: number
  /** The raw body to send with `status`; default a vendor-shaped error (HTML for 502 and 504). */
  readonly body?: string
  /** Headers added to (or overriding) the response's own. */
  readonly headers?: Record<string, string>
  /** Wait this long first, then answer as the other fields say. */
  readonly delayMs?: number
  /** Never answer; the socket stays open until `close()`. */
  readonly hang?: boolean
  /** Destroy the socket without any response. */
  readonly reset?: boolean
  /** Send only the first half of the body, then end the response (no content-length). */
  readonly truncate?: boolean
  /** Answer a list as if `after` had not been given, so the client sees the same cursor again. */
  readonly repeatCursor?: boolean
}

/**
 * One request as the server received it. Header names are lower-cased; `path` is the raw path
 * without the query string.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const lastLimit = (server: FakeVendor.FakeVendorServer) => server.requests().at(-1)?.query["limit"]
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: Record<string, string>
  readonly headers: Record<string, string>
}

/**
 * How to start a fake vendor.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const options: FakeVendor.Options = { provider: "respan", count: 60, apiKey: "test-key", seed: 7 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly provider: Provider
  /** How many batches to generate; default 45. Ignored when `batches` is given. */
  readonly count?: number
  /** When given only this key is accepted; otherwise any non-empty key is. */
  readonly apiKey?: string
  /** Default 0: a free port. */
  readonly port?: number
  /** Default "127.0.0.1". */
  readonly host?: string
  /** Seed for the generated batches; default 1. */
  readonly seed?: number
  /** Serve these wire objects (already newest first) instead of generated ones. */
  readonly batches?: ReadonlyArray<Record<string, unknown>>
}

/**
 * A running fake vendor.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const server: FakeVendor.FakeVendorServer = await FakeVendor.start({ provider: "openai" })
 * const response = await fetch(`${server.baseUrl}/batches?limit=5`, {
 *   headers: { authorization: "Bearer sk-test" }
 * })
 * await server.close()
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeVendorServer {
  readonly provider: Provider
  /** The vendor's base URL on loopback: `.../v1` (openai, neosantara) or `.../api/v1` (respan). */
  readonly baseUrl: string
  /** The wire objects served, in list order (newest first). */
  readonly batches: ReadonlyArray<Record<string, unknown>>
  /** Every request received so far, in order, faulted ones included. */
  readonly requests: () => ReadonlyArray<RecordedRequest>
  readonly clearRequests: () => void
  /** Queue a fault; queued faults are matched in the order they were injected. */
  readonly inject: (fault: FaultSpec) => void
  /** Stop listening and destroy every open socket, hung ones included. Safe to call twice. */
  readonly close: () => Promise<void>
}

/**
 * Starts a fake vendor server; a plain Promise for non-Effect code (and the CLI `serve` command).
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const server = await FakeVendor.start({ provider: "neosantara", apiKey: "nk-test" })
 * const response = await fetch(`${server.baseUrl}/batches`, { headers: { "x-api-key": "nk-test" } })
 * const page = (await response.json()) as { data: Array<unknown> }
 * console.log(page.data.length) // => 20
 * await server.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const start: (options: Options) => Promise<FakeVendorServer> = Server.start

/**
 * Starts a fake vendor server for the life of the current scope.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const program = Effect.scoped(
 *   Effect.gen(function*() {
 *     const server = yield* FakeVendor.make({ provider: "openai" })
 *     server.inject({ status: 503 })
 *     return server.baseUrl
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<FakeVendorServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (server) => Effect.promise(() => server.close())
  )

/**
 * The running fake vendor, as a service.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const baseUrl = Effect.map(FakeVendor.FakeVendor, (server) => server.baseUrl)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class FakeVendor extends Context.Tag("@unibatch/testkit/FakeVendor")<FakeVendor, FakeVendorServer>() {}

/**
 * A scoped layer that runs a fake vendor while the layer is in use.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const program = Effect.map(FakeVendor.FakeVendor, (server) => server.baseUrl).pipe(
 *   Effect.provide(FakeVendor.layer({ provider: "respan" }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<FakeVendor> => Layer.scoped(FakeVendor, make(options))

/**
 * The wire objects a server would serve for `provider`, newest first; the same `seed` (default 1)
 * always gives the same batches.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const [newest] = FakeVendor.generateBatches("neosantara", 3, 42)
 * console.log(newest?.["id"]) // => "batch-..."
 * ```
 *
 * @since 0.1.0
 * @category seed data
 */
export const generateBatches: (
  provider: Provider,
  count: number,
  seed?: number
) => Array<Record<string, unknown>> = Seed.generateBatches
