/**
 * The Neosantara Batch API adapter: the key goes in `x-api-key` (never `Authorization`), IDs are
 * written `batch-<rest>` (translated to and from the canonical `batch_<rest>`), and the list is
 * newest first, under `https://api.neosantara.xyz/v1`.
 *
 * @module \@unibatch/neosantara/Neosantara
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import * as VendorClient from "@unibatch/core/VendorClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/**
 * The default API root.
 *
 * @example
 * ```ts
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 *
 * Neosantara.defaultBaseUrl // => "https://api.neosantara.xyz/v1"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.neosantara.xyz/v1"

/**
 * Options of the Neosantara adapter.
 *
 * @example
 * ```ts
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 * import * as Redacted from "effect/Redacted"
 *
 * const options: Neosantara.NeosantaraOptions = { apiKey: Redacted.make("nst-..."), timeout: "1 minute" }
 * const NeosantaraLive = Neosantara.layer(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface NeosantaraOptions extends VendorClient.ClientOptions {
  /** The API key; a plain string is wrapped in `Redacted` at once. */
  readonly apiKey: Redacted.Redacted<string> | string
  /** Replaces `https://api.neosantara.xyz/v1`. */
  readonly baseUrl?: string | undefined
}

/**
 * Builds a Neosantara client.
 *
 * @example
 * ```ts
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 *
 * const client = Neosantara.make({ apiKey: "nst-..." })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: NeosantaraOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> => {
  const apiKey = typeof options.apiKey === "string" ? Redacted.make(options.apiKey) : options.apiKey
  return VendorClient.make(
    {
      provider: "neosantara",
      baseUrl: options.baseUrl ?? defaultBaseUrl,
      listPath: "/batches",
      retrievePath: (id) => `/batches/${id}`,
      authorize: (request) => {
        // An empty key sends no auth header at all, so a stand-in server sees "missing", not "wrong".
        const key = Redacted.value(apiKey)
        return key === "" ? request : HttpClientRequest.setHeader(request, "x-api-key", key)
      }
    },
    options
  )
}

/**
 * The Neosantara client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const NeosantaraLive = Neosantara.layer({ apiKey: "nst-..." }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.retrieve("batch_abc123").pipe(Effect.provide(NeosantaraLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: NeosantaraOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, make(options))

/**
 * The Neosantara client as a Layer, reading the key from `NEOSANTARA_API_KEY` (kept `Redacted`).
 *
 * @example
 * ```ts
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 *
 * const NeosantaraFromEnv = Neosantara.layerConfig()
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<NeosantaraOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(Config.redacted("NEOSANTARA_API_KEY"), (apiKey) => layer({ ...options, apiKey })))
