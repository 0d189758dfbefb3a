/**
 * The OpenAI Batch API: its {@link definition} (`Authorization: Bearer`, `GET /batches` and
 * `GET /batches/{id}` under `https://api.openai.com/v1`, the key in `OPENAI_API_KEY`) and the client
 * built from it, with OpenAI's own options: the `OpenAI-Organization` and `OpenAI-Project` headers.
 *
 * @module \@unibatch/openai/OpenAi
 * @since 0.1.0
 */
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as VendorClient from "@unibatch/core/VendorClient"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { fakeServer } from "./OpenAiFakeServer.js"
import { contract } from "./OpenAiWire.js"

/**
 * Everything unibatch knows about OpenAI, as one value: the OpenAI family's wire shape (unix
 * seconds, `limit` 1 to 100 and `after`, `batch_` IDs, `x-request-id`) with OpenAI's name, URL, key
 * variable, documented contract and fake-server profile.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * OpenAi.definition.provider // => "openai"
 * OpenAi.definition.defaultBaseUrl // => "https://api.openai.com/v1"
 * OpenAi.definition.apiKeyEnv // => "OPENAI_API_KEY"
 * OpenAi.definition.paging.maxLimit // => 100
 * ```
 *
 * @since 0.2.0
 * @category definition
 */
export const definition = OpenAiFamily.definition({
  provider: "openai",
  displayName: "OpenAI",
  defaultBaseUrl: "https://api.openai.com/v1",
  apiKeyEnv: "OPENAI_API_KEY",
  contract,
  fakeServer
})

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
export const defaultBaseUrl: string = definition.defaultBaseUrl

/**
 * Options of the OpenAI client.
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

/** What the shared client takes: OpenAI's two headers among the other headers. */
const clientOptions = (options: OpenAiOptions): VendorClient.Options => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.organization !== undefined) headers["openai-organization"] = options.organization
  if (options.project !== undefined) headers["openai-project"] = options.project
  return { ...options, headers }
}

/**
 * Builds an OpenAI client.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
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
export const make = (options: OpenAiOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> =>
  VendorClient.make(definition, clientOptions(options))

/**
 * The OpenAI client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
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
 * The OpenAI client as a Layer, with the key read from `OPENAI_API_KEY` (kept `Redacted`). Without
 * it, building the Layer fails with a `ConfigError` that says to set `OPENAI_API_KEY`.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const OpenAiFromEnv = OpenAi.layerConfig({ organization: "org_123" }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list().pipe(Effect.provide(OpenAiFromEnv))
 * // without the variable: ConfigError "OPENAI_API_KEY is not set: set it to your OpenAI API key, or pass apiKey to layer."
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<OpenAiOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, Effect.flatMap(VendorClient.apiKeyConfig(definition), (apiKey) => make({ ...options, apiKey })))

