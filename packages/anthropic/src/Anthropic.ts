/**
 * Anthropic's Message Batches API: its {@link definition} (`https://api.anthropic.com/v1`, the
 * key in `x-api-key`, in `ANTHROPIC_API_KEY`, with `anthropic-version: 2023-06-01`) and the client
 * built from it. The API version is an option: `2026-10-21` sends the key as
 * `Authorization: Bearer` instead (what the official SDK sends since its 1.0.0).
 *
 * The canonical mapping keeps everything: `processing_status` `ended` is split by what ended the
 * batch (`cancelled` once a cancel was asked for, `expired` when every request expired, else
 * `completed`), `request_counts` are kept whole (`processing`, `cancelled` and `expired` included,
 * `total` their sum), `msgbatch_X` is `batch_X`, and the batch has no files (`inputFileId` and
 * `outputFileId` are `null`) but a `resultsUrl` once ended.
 *
 * @module \@unibatch/anthropic/Anthropic
 * @since 0.3.0
 */
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import type { BatchStatus } from "@unibatch/core/BatchStatus"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Timestamp from "@unibatch/core/Timestamp"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { Auth, MappedFields, VendorDefinition } from "@unibatch/core/VendorDefinition"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { fakeServer } from "./AnthropicFakeServer.js"
import { contract, nativePrefix, WireBatch } from "./AnthropicWire.js"
import { resultCodec } from "./internal/results.js"

/**
 * The API versions this adapter speaks, each with how it sends the key: `2023-06-01` in
 * `x-api-key` (what the batch docs describe), `2026-10-21` as `Authorization: Bearer` (the
 * official SDK's 1.x line). The batch objects are the same in both.
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 *
 * Anthropic.apiVersions["2023-06-01"].header // => "x-api-key"
 * Anthropic.apiVersions["2026-10-21"].scheme // => "Bearer"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const apiVersions = {
  "2023-06-01": { header: "x-api-key", headers: { "anthropic-version": "2023-06-01" } },
  "2026-10-21": { header: "authorization", scheme: "Bearer", headers: { "anthropic-version": "2026-10-21" } }
} as const satisfies Record<string, Auth>

/**
 * An API version of {@link apiVersions}.
 *
 * @example
 * ```ts
 * import type { ApiVersion } from "@unibatch/anthropic/Anthropic"
 *
 * const version: ApiVersion = "2026-10-21"
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type ApiVersion = keyof typeof apiVersions

/**
 * The default API version, `2023-06-01`.
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 *
 * Anthropic.defaultApiVersion // => "2023-06-01"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultApiVersion: ApiVersion = "2023-06-01"

const countKeys = ["processing", "succeeded", "errored", "canceled", "expired"] as const

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const countOf = (counts: Readonly<Record<string, unknown>>, key: string): number | null =>
  typeof counts[key] === "number" ? counts[key] : null

/**
 * The canonical status of a batch: `in_progress`, `canceling` → `cancelling`, and `ended` split
 * by what ended it: `cancelled` when `cancel_initiated_at` is set, `expired` when every request
 * expired, else `completed` (errored requests included: the batch ran).
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 *
 * Anthropic.status("ended", { cancel_initiated_at: "2024-09-24T18:40:00Z" }) // => "cancelled"
 * Anthropic.status("ended", { request_counts: { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 3 } }) // => "expired"
 * Anthropic.status("ended", { request_counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 } }) // => "completed"
 * ```
 *
 * @since 0.3.0
 * @category codec
 */
export const status = (nativeStatus: string, raw: Readonly<Record<string, unknown>>): BatchStatus => {
  switch (nativeStatus) {
    case "in_progress":
      return "in_progress"
    case "canceling":
      return "cancelling"
    case "ended": {
      if (typeof raw.cancel_initiated_at === "string") return "cancelled"
      const counts = raw.request_counts
      if (isRecord(counts)) {
        const expired = countOf(counts, "expired") ?? 0
        const others = countKeys.filter((key) => key !== "expired").reduce((sum, key) => sum + (countOf(counts, key) ?? 0), 0)
        if (expired > 0 && others === 0) return "expired"
      }
      return "completed"
    }
    default:
      return "unknown"
  }
}

const utc = Timestamp.toUtc(Timestamp.rfc3339)

/** The largest create body: 256 MB. */
const maxBodyBytes = 256 * 1024 * 1024

/**
 * The canonical fields of a type-checked batch object (core fills id, status and extensions).
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 *
 * const fields = Anthropic.read({
 *   id: "msgbatch_1", processing_status: "in_progress", created_at: "2024-09-24T18:37:24Z",
 *   request_counts: { processing: 3, succeeded: 0, errored: 0, canceled: 0, expired: 0 }
 * })
 * fields.requestCounts // => { total: 3, completed: 0, failed: 0, processing: 3, cancelled: 0, expired: 0 }
 * fields.inputFileId // => null
 * ```
 *
 * @since 0.3.0
 * @category codec
 */
export const read = (raw: Readonly<Record<string, unknown>>): MappedFields => {
  const nativeStatus = typeof raw.processing_status === "string" ? raw.processing_status : ""
  const canonical = status(nativeStatus, raw)
  const endedAt = utc(raw.ended_at)
  const counts = isRecord(raw.request_counts) ? raw.request_counts : null
  const outcome = (key: string) => (counts === null ? null : countOf(counts, key))
  return {
    endpoint: null,
    inputFileId: null,
    outputFileId: null,
    errorFileId: null,
    resultsUrl: typeof raw.results_url === "string" ? raw.results_url : null,
    completionWindow: null,
    model: null,
    createdAt: utc(raw.created_at)!,
    inProgressAt: null,
    expiresAt: utc(raw.expires_at),
    finalizingAt: null,
    completedAt: canonical === "completed" ? endedAt : null,
    failedAt: null,
    expiredAt: canonical === "expired" ? endedAt : null,
    cancellingAt: utc(raw.cancel_initiated_at),
    cancelledAt: canonical === "cancelled" ? endedAt : null,
    requestCounts: counts === null ? null : {
      total: countKeys.reduce((sum, key) => sum + (outcome(key) ?? 0), 0),
      completed: outcome("succeeded"),
      failed: outcome("errored"),
      processing: outcome("processing"),
      cancelled: outcome("canceled"),
      expired: outcome("expired")
    },
    errors: [],
    metadata: {},
    usage: null
  }
}

/**
 * Everything unibatch knows about Anthropic's Message Batches, as one value (the default API
 * version, `2023-06-01` with `x-api-key`).
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 *
 * Anthropic.definition.provider // => "anthropic"
 * Anthropic.definition.apiKeyEnv // => "ANTHROPIC_API_KEY"
 * Anthropic.definition.paths // => { list: "/messages/batches", retrieve: "/messages/batches/{id}" }
 * ```
 *
 * @since 0.3.0
 * @category definition
 */
export const definition: VendorDefinition & { readonly provider: "anthropic"; readonly apiKeyEnv: "ANTHROPIC_API_KEY" } = {
  provider: "anthropic",
  displayName: "Anthropic",
  defaultBaseUrl: "https://api.anthropic.com/v1",
  apiKeyEnv: "ANTHROPIC_API_KEY",
  auth: apiVersions[defaultApiVersion],
  paths: { list: "/messages/batches", retrieve: "/messages/batches/{id}" },
  ids: { nativePrefix },
  timestamps: Timestamp.rfc3339,
  paging: { limitParam: "limit", cursorParam: "after_id", defaultLimit: 20, maxLimit: 1000, nextCursor: "lastIdField", order: "newestFirst" },
  list: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
  batch: {
    schema: WireBatch,
    required: { id: "id", status: "processing_status", createdAt: "created_at" },
    status,
    read
  },
  lifecycle: {
    ...OpenAiFamily.lifecycle,
    paths: {
      ...OpenAiFamily.lifecycle.paths,
      create: "/messages/batches",
      cancel: "/messages/batches/{id}/cancel",
      results: "/messages/batches/{id}/results"
    },
    limits: {
      endpoints: ["/v1/messages"],
      completionWindows: ["24h"],
      metadata: null,
      maxFileBytes: maxBodyBytes,
      maxRequests: 100_000
    },
    // `{custom_id, result: {type: succeeded | errored | canceled | expired, ...}}`, from `results_url`.
    results: resultCodec,
    // No files: the requests go in the create body, `{requests: [{custom_id, params}]}`.
    inline: {
      body: (requests) => ({ requests: requests.map((request) => ({ custom_id: request.customId, params: request.body })) }),
      maxBodyBytes,
      customId: { pattern: /^[a-zA-Z0-9_-]{1,64}$/, description: "1 to 64 letters, digits, _ or -" }
    }
  },
  requestIdHeader: "request-id",
  contract,
  fakeServer
}

/**
 * The definition for an API version: the same vendor, the key sent as that version sends it.
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 *
 * Anthropic.definitionFor("2026-10-21").auth // => { header: "authorization", scheme: "Bearer", headers: { "anthropic-version": "2026-10-21" } }
 * ```
 *
 * @since 0.3.0
 * @category definition
 */
export const definitionFor = (apiVersion: ApiVersion): VendorDefinition =>
  apiVersion === defaultApiVersion ? definition : { ...definition, auth: apiVersions[apiVersion] }

/**
 * Options of the Anthropic client: the key and, optionally, the API version (`2023-06-01`, the
 * default, sends it as `x-api-key`; `2026-10-21` as `Authorization: Bearer`).
 *
 * @example
 * ```ts
 * import type { AnthropicOptions } from "@unibatch/anthropic/Anthropic"
 *
 * const options: AnthropicOptions = { apiKey: "sk-ant-...", apiVersion: "2026-10-21" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface AnthropicOptions extends VendorClient.ClientOptions {
  /** A plain string is wrapped in `Redacted` at once. */
  readonly apiKey: Redacted.Redacted<string> | string
  readonly apiVersion?: ApiVersion | undefined
}

/**
 * Builds an Anthropic client. An API version this adapter does not know is refused on every
 * call, naming the known ones.
 *
 * @example
 * ```ts
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* Anthropic.make({ apiKey: "sk-ant-..." })
 *   return yield* client.list({ limit: 5 }) // GET https://api.anthropic.com/v1/messages/batches?limit=5
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: AnthropicOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> => {
  const { apiVersion = defaultApiVersion, ...client } = options
  if (!Object.hasOwn(apiVersions, apiVersion)) {
    // A client whose every call is refused, as for any other wrong option: a base URL that says why.
    return VendorClient.make(definition, {
      ...client,
      baseUrl: `unknown apiVersion ${JSON.stringify(apiVersion)}: use ${Object.keys(apiVersions).join(" or ")}`
    })
  }
  return VendorClient.make(definitionFor(apiVersion), client)
}

/**
 * The Anthropic client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const AnthropicLive = Anthropic.layer({ apiKey: "sk-ant-..." }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(AnthropicLive))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: AnthropicOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, make(options))

/**
 * The Anthropic client as a Layer, the key read from `ANTHROPIC_API_KEY` (kept `Redacted`); a
 * missing variable fails the Layer with a `ConfigError` that names it.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Anthropic from "@unibatch/anthropic/Anthropic"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const AnthropicFromEnv = Anthropic.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list().pipe(Effect.provide(AnthropicFromEnv))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<AnthropicOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, Effect.flatMap(VendorClient.apiKeyConfig(definition), (apiKey) => make({ ...options, apiKey })))
