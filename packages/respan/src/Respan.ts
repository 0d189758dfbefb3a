/**
 * The Respan Batch API: its {@link definition} (`Authorization: Bearer`, paths with a trailing
 * slash, `GET /batches/` and `GET /batches/{id}/`, under `https://api.respan.ai/api/v1`, the key in
 * `RESPAN_API_KEY`) and the client built from it, with Respan's own option: the
 * `X-Data-Respan-Params` tracking header, as JSON or Base64.
 *
 * @module \@unibatch/respan/Respan
 * @since 0.1.0
 */
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as VendorClient from "@unibatch/core/VendorClient"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { fakeServer } from "./RespanFakeServer.js"
import { contract } from "./RespanWire.js"

/**
 * Everything unibatch knows about Respan, as one value: the OpenAI family's wire shape (unix
 * seconds, `limit` and `after`, `batch_` IDs, `x-request-id`) on Respan's slashed paths, with its
 * name, URL, key variable, documented contract and fake-server profile.
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * Respan.definition.provider // => "respan"
 * Respan.definition.paths // => { list: "/batches/", retrieve: "/batches/{id}/" }
 * Respan.definition.apiKeyEnv // => "RESPAN_API_KEY"
 * ```
 *
 * @since 0.2.0
 * @category definition
 */
export const definition = OpenAiFamily.definition({
  provider: "respan",
  displayName: "Respan",
  defaultBaseUrl: "https://api.respan.ai/api/v1",
  apiKeyEnv: "RESPAN_API_KEY",
  // Respan's API answers on the slashed paths; the unslashed ones redirect.
  paths: { list: "/batches/", retrieve: "/batches/{id}/" },
  lifecycle: {
    // Its create page shows the slashed path like its other batch pages; its file routes are
    // linked from the retrieve page but not documented: assumed OpenAI's, slashed the same way.
    paths: {
      create: "/batches/",
      cancel: "/batches/{id}/cancel/",
      files: "/files/",
      file: "/files/{id}/",
      fileContent: "/files/{id}/content/"
    },
    // Documented: `/v1/chat/completions` and `24h` only; other limits as OpenAI (it proxies OpenAI).
    limits: { endpoints: ["/v1/chat/completions"], completionWindows: ["24h"] }
  },
  contract,
  fakeServer
})

/**
 * The default API root.
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * Respan.defaultBaseUrl // => "https://api.respan.ai/api/v1"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl: string = definition.defaultBaseUrl

/**
 * Respan's tracking parameters, sent in the `X-Data-Respan-Params` header.
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * const params: Respan.RespanParams = { customer_identifier: "user123", metadata: { team: "evals" } }
 * const RespanLive = Respan.layer({ apiKey: "rs-...", params })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RespanParams {
  /** Who the requests are for, in Respan's dashboards. */
  readonly customer_identifier?: string | undefined
  readonly customer_email?: string | undefined
  readonly customer_name?: string | undefined
  readonly thread_identifier?: string | undefined
  readonly custom_identifier?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
  /** Other parameters Respan may add; sent as given. */
  readonly [name: string]: unknown
}

/**
 * Options of the Respan client.
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * const options: Respan.RespanOptions = {
 *   apiKey: "rs-...",
 *   params: { customer_identifier: "user123" },
 *   paramsEncoding: "base64",
 *   maxRetries: 4
 * }
 * const RespanLive = Respan.layer(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RespanOptions extends VendorClient.ClientOptions {
  /** The API key; a plain string is wrapped in `Redacted` at once. */
  readonly apiKey: Redacted.Redacted<string> | string
  /** Replaces `https://api.respan.ai/api/v1`. */
  readonly baseUrl?: string | undefined
  /** Tracking parameters for the `X-Data-Respan-Params` header. */
  readonly params?: RespanParams | undefined
  /**
   * How the header value is written. Respan's pages show raw JSON in their examples and Base64 in
   * places, so both are offered; `"json"` (the examples' form) is the default.
   */
  readonly paramsEncoding?: "json" | "base64" | undefined
}

/**
 * The `X-Data-Respan-Params` header value for some parameters.
 *
 * @example
 * ```ts
 * import { encodeParams } from "@unibatch/respan/Respan"
 *
 * encodeParams({ customer_identifier: "user123" }, "json") // => '{"customer_identifier":"user123"}'
 * encodeParams({ customer_identifier: "user123" }, "base64") // => 'eyJjdXN0b21lcl9pZGVudGlmaWVyIjoidXNlcjEyMyJ9'
 * ```
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeParams = (params: RespanParams, encoding: "json" | "base64"): string => {
  const json = JSON.stringify(params)
  return encoding === "base64" ? Base64.encode(json) : json
}

/** What the shared client takes: the tracking header among the other headers. */
const clientOptions = (options: RespanOptions): VendorClient.Options => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.params !== undefined) headers["x-data-respan-params"] = encodeParams(options.params, options.paramsEncoding ?? "json")
  return { ...options, headers }
}

/**
 * Builds a Respan client.
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* Respan.make({ apiKey: "rs-...", params: { customer_identifier: "user123" } })
 *   return yield* client.list({ limit: 5 })
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: RespanOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> =>
  VendorClient.make(definition, clientOptions(options))

/**
 * The Respan client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Respan from "@unibatch/respan/Respan"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const RespanLive = Respan.layer({ apiKey: "rs-..." }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(RespanLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: RespanOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, make(options))

/**
 * The Respan client as a Layer, with the key read from `RESPAN_API_KEY` (kept `Redacted`). Without
 * it, building the Layer fails with a `ConfigError` that says to set `RESPAN_API_KEY`.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Respan from "@unibatch/respan/Respan"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const RespanFromEnv = Respan.layerConfig({ params: { customer_identifier: "user123" } }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list().pipe(Effect.provide(RespanFromEnv))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<RespanOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, Effect.flatMap(VendorClient.apiKeyConfig(definition), (apiKey) => make({ ...options, apiKey })))

