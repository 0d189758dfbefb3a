/**
 * The Neosantara Batch API: its {@link definition} (the key in `x-api-key`, never `Authorization`;
 * IDs written `batch-<rest>`, translated to and from the canonical `batch_<rest>`; the list newest
 * first; under `https://api.neosantara.xyz/v1`, the key in `NEOSANTARA_API_KEY`) and the client
 * built from it.
 *
 * @module \@unibatch/neosantara/Neosantara
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
import { fakeServer } from "./NeosantaraFakeServer.js"
import { contract } from "./NeosantaraWire.js"

/**
 * Everything unibatch knows about Neosantara, as one value: the OpenAI family's wire shape (unix
 * seconds, `limit` and `after`, `x-request-id`) with `x-api-key` auth, `batch-` IDs and a
 * newest-first list, its name, URL, key variable, documented contract and fake-server profile.
 *
 * @example
 * ```ts
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 *
 * Neosantara.definition.provider // => "neosantara"
 * Neosantara.definition.auth // => { header: "x-api-key" }
 * Neosantara.definition.ids.nativePrefix // => "batch-"
 * Neosantara.definition.paging.order // => "newestFirst"
 * ```
 *
 * @since 0.2.0
 * @category definition
 */
export const definition = OpenAiFamily.definition({
  provider: "neosantara",
  displayName: "Neosantara",
  defaultBaseUrl: "https://api.neosantara.xyz/v1",
  apiKeyEnv: "NEOSANTARA_API_KEY",
  auth: { header: "x-api-key" },
  ids: { nativePrefix: "batch-" },
  // "ordered by creation time (newest first)", its list page says.
  paging: { order: "newestFirst" },
  lifecycle: {
    limits: {
      endpoints: ["/v1/chat/completions", "/v1/embeddings", "/v1/responses"],
      completionWindows: ["24h"],
      maxFileBytes: 100 * 1024 * 1024
    },
    // Its file list has no first_id / last_id: the cursor is the last item's id.
    fileList: { data: "data", hasMore: "has_more", firstId: null, lastId: null },
    // Its cancel answers id, object, endpoint, status ("canceled"), cancelled_at and request_counts only.
    partialCancel: true
  },
  contract,
  fakeServer
})

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
export const defaultBaseUrl: string = definition.defaultBaseUrl

/**
 * Options of the Neosantara client.
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
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* Neosantara.make({ apiKey: "nst-..." })
 *   return yield* client.retrieve("batch_abc123") // sent as GET /batches/batch-abc123
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: NeosantaraOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> =>
  VendorClient.make(definition, options)

/**
 * The Neosantara client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
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
 * The Neosantara client as a Layer, with the key read from `NEOSANTARA_API_KEY` (kept `Redacted`).
 * Without it, building the Layer fails with a `ConfigError` that says to set `NEOSANTARA_API_KEY`.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const NeosantaraFromEnv = Neosantara.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list().pipe(Effect.provide(NeosantaraFromEnv))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<NeosantaraOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, Effect.flatMap(VendorClient.apiKeyConfig(definition), (apiKey) => make({ ...options, apiKey })))

