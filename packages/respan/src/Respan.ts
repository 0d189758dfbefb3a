/**
 * The Respan Batch API adapter: `Authorization: Bearer`, paths with a trailing slash
 * (`GET /batches/`, `GET /batches/{id}/`) under `https://api.respan.ai/api/v1`, and the optional
 * `X-Data-Respan-Params` tracking header.
 *
 * @module \@unibatch/respan/Respan
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import * as VendorClient from "@unibatch/core/VendorClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Encoding from "effect/Encoding"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

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
export const defaultBaseUrl = "https://api.respan.ai/api/v1"

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
 * Options of the Respan adapter.
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
  return encoding === "base64" ? Encoding.encodeBase64(json) : json
}

/**
 * Builds a Respan client.
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * const client = Respan.make({ apiKey: "rs-...", params: { customer_identifier: "user123" } })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: RespanOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> => {
  const apiKey = typeof options.apiKey === "string" ? Redacted.make(options.apiKey) : options.apiKey
  const extraHeaders: Record<string, string> = {}
  if (options.params !== undefined) {
    extraHeaders["x-data-respan-params"] = encodeParams(options.params, options.paramsEncoding ?? "json")
  }
  return VendorClient.make(
    {
      provider: "respan",
      baseUrl: options.baseUrl ?? defaultBaseUrl,
      // Respan's API answers on the slashed paths; the unslashed ones redirect.
      listPath: "/batches/",
      retrievePath: (id) => `/batches/${id}/`,
      authorize: (request) => {
        // An empty key sends no auth header at all, so a stand-in server sees "missing", not "wrong".
        const key = Redacted.value(apiKey)
        return HttpClientRequest.setHeaders(key === "" ? request : HttpClientRequest.bearerToken(request, key), extraHeaders)
      }
    },
    options
  )
}

/**
 * The Respan client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Respan from "@unibatch/respan/Respan"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
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
 * The Respan client as a Layer, reading the key from `RESPAN_API_KEY` (kept `Redacted`).
 *
 * @example
 * ```ts
 * import * as Respan from "@unibatch/respan/Respan"
 *
 * const RespanFromEnv = Respan.layerConfig({ params: { customer_identifier: "user123" } })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<RespanOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(Config.redacted("RESPAN_API_KEY"), (apiKey) => layer({ ...options, apiKey })))
