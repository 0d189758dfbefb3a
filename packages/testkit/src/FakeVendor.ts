/**
 * Fake vendor Batch API servers on loopback: real HTTP (`node:http`), seeded data, the vendor's
 * routes, auth, paging and error bodies, plus fault injection. Where the definition has a
 * `lifecycle`, the server also runs it: uploads (`purpose` and JSONL checked, files kept in
 * memory), create (the input file checked against the limits), batches that move
 * `validating -> in_progress -> finalizing -> completed` over `batchDurationMs` on the `now`
 * clock, cancel, and output and error files with deterministic answers shaped like the
 * endpoint's. Requests are planted by `customId`: one containing `fail` fails, one containing
 * `expire` never runs (its batch ends `expired`). The generated batches' input, output and error
 * files are served by id too (made from their counts on first request), but not listed. Everything about the vendor comes
 * from its definition (`VendorDefinition`: base path, paths, auth header, ID prefix, timestamps,
 * paging, list envelope, request-id header) and the definition's `fakeServer` profile (batch
 * shape, error bodies, limit rule, slash redirect); the server has no code of its own for any
 * vendor. The built-in vendors are served by name; any other from its definition.
 *
 * @module \@unibatch/testkit/FakeVendor
 * @since 0.1.0
 */
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as BuiltIns from "./internal/builtIns.js"
import * as Seed from "./internal/seed.js"
import * as Server from "./internal/server.js"

/**
 * The vendors a fake server plays by name: those whose packages the test kit depends on.
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
export type Provider = BuiltIns.BuiltIn

/**
 * The names of the built-in vendors, in the order unibatch shows them.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * FakeVendor.providers // => ["openai", "respan", "neosantara"]
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const providers: ReadonlyArray<Provider> = BuiltIns.names

/**
 * The built-in definition of a provider name; throws, naming the built-in ones, for any other.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * FakeVendor.definitionOf("respan").paths.list // => "/batches/"
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const definitionOf: (provider: string) => VendorDefinition = BuiltIns.lookup

/**
 * What a fake server reads of a vendor's definition. Every `VendorDefinition` is one; a test can
 * also write just these parts to serve a vendor that has no package.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * const served: FakeVendor.ServedVendor = OpenAi.definition
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface ServedVendor extends
  Pick<
    VendorDefinition,
    "provider" | "defaultBaseUrl" | "auth" | "paths" | "ids" | "timestamps" | "paging" | "list" | "requestIdHeader" | "fakeServer"
  >
{
  /** Only the wire name of the batch ID is read. */
  readonly batch: { readonly required: { readonly id: string } }
  /**
   * The routes past list and retrieve (files, create, cancel) and their limits; without it the
   * server plays only list and retrieve.
   *
   * @since 0.3.0
   */
  readonly lifecycle?: VendorDefinition["lifecycle"] | undefined
}

/**
 * A fault applied to the next `times` (default 1) requests matching `route` (default `"any"`),
 * after letting `skip` (default 0) of them through.
 * Faults apply before authentication and routing. Routes: `list` and `retrieve` (GET), `create`
 * and `cancel` (POST), `upload` (POST to the files path), `files` (GET the file list), `file`
 * (GET one file) and `content` (GET its bytes).
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
  readonly route?: "list" | "retrieve" | "create" | "cancel" | "upload" | "files" | "file" | "content" | "results" | "any"
  /** How many matching requests it applies to; default 1. */
  readonly times?: number
  /** How many matching requests to answer normally first, e.g. 1 to fail the second page; default 0. */
  readonly skip?: number
  /** Answer with this status instead of the normal response. */
  readonly status?: number
  /** The raw body to send with `status`; default the vendor's error body (HTML for 502 and 504). */
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
  /** Answer a list as if the cursor had not been given, so the client sees the same cursor again. */
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
 * How to start a fake vendor: a built-in `provider` by name, or any vendor's `definition`.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * const byName: FakeVendor.Options = { provider: "respan", count: 60, apiKey: "test-key", seed: 7 }
 * const byDefinition: FakeVendor.Options = { definition: Respan.definition, count: 60 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Options = CommonOptions & (
  | { readonly provider: Provider; readonly definition?: undefined }
  | { readonly definition: ServedVendor; readonly provider?: undefined }
)

/**
 * The options every fake vendor takes, whichever way the vendor is named.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const common: FakeVendor.CommonOptions = { count: 250, seed: 3, apiKey: "sk-test" }
 * const server = FakeVendor.start({ provider: "openai", ...common })
 *
 * // Batches that take 3 s of a clock the test moves by hand.
 * let now = Date.parse("2026-01-01T00:00:00Z")
 * const timed: FakeVendor.CommonOptions = { batchDurationMs: 3_000, now: () => now }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface CommonOptions {
  /** How many batches to generate; default 45. Ignored when `batches` is given. */
  readonly count?: number | undefined
  /** When given only this key is accepted; otherwise any non-empty key is. */
  readonly apiKey?: string | undefined
  /** Default 0: a free port. */
  readonly port?: number | undefined
  /** Default "127.0.0.1". */
  readonly host?: string | undefined
  /** Seed for the generated batches; default 1. */
  readonly seed?: number | undefined
  /** Serve these wire objects (already in list order, newest first) instead of generated ones. */
  readonly batches?: ReadonlyArray<Record<string, unknown>> | undefined
  /**
   * How many of the latest requests {@link FakeVendorServer.requests} keeps; default
   * {@link defaultRequestLogSize} (1,000). The log is a ring: a long-running server (`unibatch
   * serve`) keeps this many entries, however many requests it answers. `Infinity` keeps every
   * request; 0 keeps none. Anything else than an integer of 0 or more, or `Infinity`, is refused.
   *
   * @since 0.2.0
   */
  readonly requestLogSize?: number | undefined
  /**
   * How long a created batch takes from `validating` to its end, in milliseconds of `now`:
   * `validating` for the first tenth, `in_progress` until eight tenths (its requests finishing
   * one by one), `finalizing`, then `completed` (or `expired`). A cancel is `cancelling` for a
   * quarter of it, then `cancelled`. Default 0: a batch has ended when it is created. Anything
   * else than a finite number of 0 or more is refused.
   *
   * @since 0.3.0
   */
  readonly batchDurationMs?: number | undefined
  /**
   * The clock the lifecycle reads, epoch milliseconds; default `Date.now`. A test drives it (from
   * Effect's `TestClock`, say) to move batches through their states without waiting.
   *
   * @since 0.3.0
   */
  readonly now?: (() => number) | undefined
}

/**
 * How many of the latest requests a fake vendor keeps in its log unless told otherwise.
 *
 * @example
 * ```ts
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * FakeVendor.defaultRequestLogSize // => 1000
 * const everything = FakeVendor.start({ provider: "openai", requestLogSize: Infinity })
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultRequestLogSize = 1_000

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
  /** The definition's provider name. */
  readonly provider: string
  /** The definition the server plays. */
  readonly definition: ServedVendor
  /** The vendor's base URL on loopback: the definition's base path on this host, e.g. `http://127.0.0.1:PORT/v1`. */
  readonly baseUrl: string
  /** The wire objects served, in list order (newest first). */
  readonly batches: ReadonlyArray<Record<string, unknown>>
  /**
   * The requests received so far, oldest first, faulted ones included: the latest
   * `requestLogSize` of them (default 1,000); older ones have left the log.
   */
  readonly requests: () => ReadonlyArray<RecordedRequest>
  readonly clearRequests: () => void
  /** Queue a fault; queued faults are matched in the order they were injected. */
  readonly inject: (fault: FaultSpec) => void
  /** Stop listening and destroy every open socket, hung ones included. Safe to call twice. */
  readonly close: () => Promise<void>
}

const servedVendor = (options: Options): ServedVendor => options.definition ?? BuiltIns.lookup(options.provider)

/**
 * Starts a fake vendor server; a plain Promise for non-Effect code (and the `unibatch serve`
 * command). Rejects for a `provider` name that is not built in, a `requestLogSize` that is not
 * an integer of 0 or more (or `Infinity`), or a `batchDurationMs` that is not a number of 0 or more.
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
export const start = async (options: Options): Promise<FakeVendorServer> =>
  Server.start({
    vendor: servedVendor(options),
    count: options.count ?? 45,
    seed: options.seed ?? 1,
    apiKey: options.apiKey,
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    batches: options.batches,
    requestLogSize: options.requestLogSize ?? defaultRequestLogSize,
    batchDurationMs: options.batchDurationMs ?? 0,
    now: options.now ?? Date.now
  })

/**
 * Starts a fake vendor server for the life of the current scope. A server that cannot start (a
 * port in use, a `provider` name that is not built in) is a defect: a test set-up error.
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
 * const baseUrl = Effect.gen(function*() {
 *   const server = yield* FakeVendor.FakeVendor
 *   return server.baseUrl
 * })
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class FakeVendor extends Context.Service<FakeVendor, FakeVendorServer>()("@unibatch/testkit/FakeVendor") {}

/**
 * A layer that runs a fake vendor while the layer is in use.
 *
 * @example
 * ```ts
 * import * as Effect from "effect/Effect"
 * import * as FakeVendor from "@unibatch/testkit/FakeVendor"
 *
 * const program = FakeVendor.FakeVendor.useSync((server) => server.baseUrl).pipe(
 *   Effect.provide(FakeVendor.layer({ provider: "respan" }))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<FakeVendor> => Layer.effect(FakeVendor, make(options))

/**
 * The wire objects a server would serve for a vendor (a built-in name or a definition), newest
 * first; the same `seed` (default 1) always gives the same batches.
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
export const generateBatches = (
  vendor: Provider | ServedVendor,
  count: number,
  seed?: number
): Array<Record<string, unknown>> => Seed.generateBatches(typeof vendor === "string" ? BuiltIns.lookup(vendor) : vendor, count, seed)
