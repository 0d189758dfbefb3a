/**
 * Any endpoint that speaks OpenAI's batch and file API (Groq, vLLM, a LiteLLM proxy, a private
 * gateway): {@link definition} builds its vendor definition from a few options (base URL, auth
 * header form, ID prefix, completion windows, limits), and {@link layer} / {@link layerConfig}
 * its client. A vendor that documents its differences is a {@link presets} entry: data, not code.
 *
 * @module \@unibatch/compatible/Compatible
 * @since 0.3.0
 */
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { Auth, Limits, VendorDefinition } from "@unibatch/core/VendorDefinition"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { fakeServer } from "./CompatibleFakeServer.js"
import { contractWith } from "./CompatibleWire.js"

/**
 * How the key is sent: `Authorization: Bearer <key>` (OpenAI's, the default), `x-api-key: <key>`
 * or `api-key: <key>`.
 *
 * @example
 * ```ts
 * import type { AuthForm } from "@unibatch/compatible/Compatible"
 *
 * const forms: ReadonlyArray<AuthForm> = ["bearer", "x-api-key", "api-key"]
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type AuthForm = "bearer" | "x-api-key" | "api-key"

/**
 * What makes one compatible endpoint differ from another; everything is optional, the rest is
 * OpenAI's.
 *
 * @example
 * ```ts
 * import type { DefinitionOptions } from "@unibatch/compatible/Compatible"
 *
 * const gateway: DefinitionOptions = {
 *   baseUrl: "https://gateway.example.com/proxy/openai/v1",
 *   auth: "x-api-key",
 *   idPrefix: "batch-",
 *   completionWindows: ["24h", "48h"],
 *   limits: { maxRequests: 10_000 }
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface DefinitionOptions {
  /** The API root (where `/batches` and `/files` are); default: a `https://{host}/v1` template to fill. */
  readonly baseUrl?: string | undefined
  /** The vendor's name in messages; default `OpenAI-compatible endpoint`. */
  readonly displayName?: string | undefined
  /** The auth header form; default `bearer`. */
  readonly auth?: AuthForm | undefined
  /** How the endpoint writes batch IDs, `<idPrefix><rest>` (canonical `batch_<rest>`); default `batch_`. */
  readonly idPrefix?: string | undefined
  /** The completion windows it takes, the first the default; default `["24h"]`. */
  readonly completionWindows?: ReadonlyArray<string> | undefined
  /** Limits other than OpenAI's (endpoints, metadata, file size, requests). */
  readonly limits?: Partial<Limits> | undefined
  /** The variable {@link layerConfig} reads the key from; default `COMPATIBLE_API_KEY`. */
  readonly apiKeyEnv?: string | undefined
}

/**
 * The variable the key is read from when no other is named.
 *
 * @example
 * ```ts
 * import * as Compatible from "@unibatch/compatible/Compatible"
 *
 * Compatible.defaultApiKeyEnv // => "COMPATIBLE_API_KEY"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultApiKeyEnv = "COMPATIBLE_API_KEY"

/**
 * The auth of each form.
 *
 * @example
 * ```ts
 * import * as Compatible from "@unibatch/compatible/Compatible"
 *
 * Compatible.authForms["x-api-key"] // => { header: "x-api-key" }
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const authForms: Readonly<Record<AuthForm, Auth>> = {
  bearer: { header: "authorization", scheme: "Bearer" },
  "x-api-key": { header: "x-api-key" },
  "api-key": { header: "api-key" }
}

/**
 * Vendors that document where they differ from OpenAI, as data to spread into the options.
 * Groq: `https://api.groq.com/openai/v1`, completion windows from `24h` up to `7d`, the key in
 * `GROQ_API_KEY`.
 *
 * @example
 * ```ts
 * import * as Compatible from "@unibatch/compatible/Compatible"
 *
 * const GroqLive = Compatible.layer({ ...Compatible.presets.groq, apiKey: "gsk_..." })
 * Compatible.presets.groq.completionWindows?.at(-1) // => "7d"
 * ```
 *
 * @since 0.3.0
 * @category presets
 */
export const presets = {
  groq: {
    displayName: "Groq",
    baseUrl: "https://api.groq.com/openai/v1",
    apiKeyEnv: "GROQ_API_KEY",
    completionWindows: ["24h", "48h", "72h", "96h", "120h", "144h", "168h", "1d", "2d", "3d", "4d", "5d", "6d", "7d"]
  }
} as const satisfies Record<string, DefinitionOptions & { readonly baseUrl: string }>

/**
 * The definition of a compatible endpoint (provider `compatible`): OpenAI's wire shape with the
 * options' base URL, auth form, ID prefix, windows and limits. Without options it is the
 * registry's default form: bearer auth, `batch_` IDs, OpenAI's limits, a base URL to give.
 *
 * @example
 * ```ts
 * import * as Compatible from "@unibatch/compatible/Compatible"
 *
 * const vllm = Compatible.definition({ baseUrl: "http://127.0.0.1:8000/v1" })
 * vllm.provider // => "compatible"
 * vllm.auth // => { header: "authorization", scheme: "Bearer" }
 * Compatible.definition({ auth: "api-key", idPrefix: "batch-" }).ids // => { nativePrefix: "batch-" }
 * ```
 *
 * @since 0.3.0
 * @category definition
 */
export const definition = (options: DefinitionOptions = {}): VendorDefinition & { readonly provider: "compatible" } => {
  const nativePrefix = options.idPrefix ?? "batch_"
  return OpenAiFamily.definition({
    provider: "compatible",
    displayName: options.displayName ?? "OpenAI-compatible endpoint",
    defaultBaseUrl: options.baseUrl ?? "https://{host}/v1",
    apiKeyEnv: options.apiKeyEnv ?? defaultApiKeyEnv,
    auth: authForms[options.auth ?? "bearer"],
    ids: { nativePrefix },
    lifecycle: {
      limits: {
        ...options.limits,
        ...(options.completionWindows === undefined ? {} : { completionWindows: options.completionWindows })
      }
    },
    contract: contractWith({ nativePrefix }),
    fakeServer
  })
}

/**
 * Options of a compatible client: the {@link DefinitionOptions} (`baseUrl` required), the key
 * and the shared client options.
 *
 * @example
 * ```ts
 * import * as Compatible from "@unibatch/compatible/Compatible"
 *
 * const options: Compatible.CompatibleOptions = {
 *   baseUrl: "https://litellm.internal.example.com/v1",
 *   apiKey: "sk-litellm-...",
 *   auth: "bearer",
 *   maxRetries: 4
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface CompatibleOptions extends DefinitionOptions, VendorClient.ClientOptions {
  readonly baseUrl: string
  /** The key; a plain string is wrapped in `Redacted` at once. Absent or empty: no key header is sent. */
  readonly apiKey?: Redacted.Redacted<string> | string | undefined
}

const split = (options: CompatibleOptions) => {
  const { apiKeyEnv, auth, completionWindows, displayName, idPrefix, limits, ...client } = options
  const vendor = definition({ apiKeyEnv, auth, baseUrl: options.baseUrl, completionWindows, displayName, idPrefix, limits })
  return { vendor, client: { ...client, apiKey: options.apiKey ?? "" } }
}

/**
 * Builds a client of a compatible endpoint.
 *
 * @example
 * ```ts
 * import * as Compatible from "@unibatch/compatible/Compatible"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* Compatible.make({ baseUrl: "http://127.0.0.1:8000/v1", apiKey: "token" })
 *   return yield* client.list({ limit: 5 })
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: CompatibleOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> => {
  const { client, vendor } = split(options)
  return VendorClient.make(vendor, client)
}

/**
 * A compatible endpoint's client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Compatible from "@unibatch/compatible/Compatible"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const GatewayLive = Compatible.layer({ baseUrl: "https://gateway.example.com/proxy/openai/v1", apiKey: "k", auth: "x-api-key" })
 *   .pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(GatewayLive))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: CompatibleOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, make(options))

/**
 * A compatible endpoint's client as a Layer, the key read from `apiKeyEnv` (default
 * `COMPATIBLE_API_KEY`, kept `Redacted`). Without it, building the Layer fails with a
 * `ConfigError` that names the variable.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Compatible from "@unibatch/compatible/Compatible"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * // The key from GROQ_API_KEY, the preset's variable.
 * const GroqFromEnv = Compatible.layerConfig(Compatible.presets.groq).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list().pipe(Effect.provide(GroqFromEnv))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<CompatibleOptions, "apiKey">
): Layer.Layer<BatchClient, Config.ConfigError, HttpClient.HttpClient> => {
  const { vendor } = split(options)
  return Layer.effect(BatchClient, Effect.flatMap(VendorClient.apiKeyConfig(vendor), (apiKey) => make({ ...options, apiKey })))
}
