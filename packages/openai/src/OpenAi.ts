/**
 * The OpenAI Batch API adapter: `Authorization: Bearer`, optional `OpenAI-Organization` and
 * `OpenAI-Project` headers, `GET /batches` and `GET /batches/{id}` under `https://api.openai.com/v1`.
 *
 * @module \@unibatch/openai/OpenAi
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
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * OpenAi.defaultBaseUrl // => "https://api.openai.com/v1"
 * const viaProxy = OpenAi.layer({ apiKey: "sk-...", baseUrl: "https://llm-proxy.example.com/v1" })
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.openai.com/v1"

/**
 * Options of the OpenAI adapter.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as Redacted from "effect/Redacted"
 *
 * const options: OpenAi.OpenAiOptions = {
 *   apiKey: Redacted.make("sk-..."),
 *   organization: "org_123",
 *   project: "proj_123",
 *   timeout: "30 seconds",
 *   maxRetries: 4
 * }
 * const OpenAiLive = OpenAi.layer(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface OpenAiOptions extends VendorClient.ClientOptions {
  /** The API key; a plain string is wrapped in `Redacted` at once. */
  readonly apiKey: Redacted.Redacted<string> | string
  /** Replaces `https://api.openai.com/v1` (a proxy, a fake server). */
  readonly baseUrl?: string | undefined
  /** Sent as `OpenAI-Organization`. */
  readonly organization?: string | undefined
  /** Sent as `OpenAI-Project`. */
  readonly project?: string | undefined
}

/**
 * Builds an OpenAI client.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* OpenAi.make({ apiKey: "sk-..." })
 *   return yield* client.list({ limit: 5 })
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: OpenAiOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> => {
  const apiKey = typeof options.apiKey === "string" ? Redacted.make(options.apiKey) : options.apiKey
  const extraHeaders: Record<string, string> = {}
  if (options.organization !== undefined) extraHeaders["openai-organization"] = options.organization
  if (options.project !== undefined) extraHeaders["openai-project"] = options.project
  return VendorClient.make(
    {
      provider: "openai",
      baseUrl: options.baseUrl ?? defaultBaseUrl,
      listPath: "/batches",
      retrievePath: (id) => `/batches/${id}`,
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
 * The OpenAI client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const OpenAiLive = OpenAi.layer({ apiKey: "sk-...", project: "proj_123" }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(OpenAiLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: OpenAiOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, make(options))

/**
 * The OpenAI client as a Layer, reading the key from `OPENAI_API_KEY` (kept `Redacted`).
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * const OpenAiFromEnv = OpenAi.layerConfig({ organization: "org_123" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<OpenAiOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(Config.redacted("OPENAI_API_KEY"), (apiKey) => layer({ ...options, apiKey })))
