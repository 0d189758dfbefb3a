/**
 * Azure OpenAI's Batch API: its {@link definition} (OpenAI's batch and file routes under
 * `https://{resource}.openai.azure.com/openai/v1`, the key in the `api-key` header, in
 * `AZURE_OPENAI_API_KEY`; the resource endpoint in `AZURE_OPENAI_ENDPOINT`) and the client built
 * from it, with Azure's own options: a Microsoft Entra token (`Authorization: Bearer`) instead of
 * the key, and the older dated API (`/openai/batches?api-version=...`).
 *
 * Azure's documented differences: every request line's `model` names the same global-batch
 * deployment (refused client-side, naming the line, before the batch is created); jobs that run
 * long are not expired; over the deployment's enqueued-token quota the batch fails with
 * `token_limit_exceeded` in its `errors` ({@link tokenLimitError} makes that a typed error).
 *
 * @module \@unibatch/azure/Azure
 * @since 0.3.0
 */
import type { Batch } from "@unibatch/core/Batch"
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import { RateLimitError } from "@unibatch/core/UnibatchError"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { fakeServer } from "./AzureFakeServer.js"
import { contract, tokenLimitExceeded } from "./AzureWire.js"

/**
 * Everything unibatch knows about Azure OpenAI, as one value: the OpenAI family's wire shape with
 * the `api-key` header, the `/openai/v1` root of a resource (a template: the resource is the
 * user's), Azure's endpoints spelled both ways (`/chat/completions` and `/v1/chat/completions`),
 * at most 100,000 requests and 200 MB a file, and one model (deployment) per batch.
 *
 * @example
 * ```ts
 * import * as Azure from "@unibatch/azure/Azure"
 *
 * Azure.definition.provider // => "azure"
 * Azure.definition.auth // => { header: "api-key" }
 * Azure.definition.apiKeyEnv // => "AZURE_OPENAI_API_KEY"
 * Azure.definition.lifecycle.limits.sameModel // => true
 * ```
 *
 * @since 0.3.0
 * @category definition
 */
export const definition = OpenAiFamily.definition({
  provider: "azure",
  displayName: "Azure OpenAI",
  defaultBaseUrl: "https://{resource}.openai.azure.com/openai/v1",
  apiKeyEnv: "AZURE_OPENAI_API_KEY",
  auth: { header: "api-key" },
  lifecycle: {
    limits: {
      endpoints: [
        "/chat/completions",
        "/responses",
        "/embeddings",
        "/v1/chat/completions",
        "/v1/responses",
        "/v1/embeddings"
      ],
      completionWindows: ["24h"],
      maxFileBytes: 200 * 1024 * 1024,
      maxRequests: 100_000,
      // Each line's `model` is the global-batch deployment, the same on every line.
      sameModel: true
    }
  },
  contract,
  fakeServer
})

/**
 * The environment variable that holds the resource endpoint (`https://{resource}.openai.azure.com/`),
 * as Azure's own tools read it.
 *
 * @example
 * ```ts
 * import * as Azure from "@unibatch/azure/Azure"
 *
 * Azure.endpointEnv // => "AZURE_OPENAI_ENDPOINT"
 * ```
 *
 * @since 0.3.0
 * @category constants
 */
export const endpointEnv = "AZURE_OPENAI_ENDPOINT"

/**
 * Options of the Azure OpenAI client. Where the requests go: `baseUrl` (the whole API root), else
 * `endpoint` (the resource endpoint, `https://{resource}.openai.azure.com/`), else `resource` (its
 * name); `/openai/v1` is added to an endpoint or resource, or `/openai` with `apiVersion`, which
 * also sends `?api-version=` on every request (the dated API). The key goes in `api-key`; with
 * `entraToken`, a Microsoft Entra token goes in `Authorization: Bearer` instead.
 *
 * @example
 * ```ts
 * import * as Azure from "@unibatch/azure/Azure"
 *
 * const withKey: Azure.AzureOptions = { apiKey: "azure-key", resource: "my-resource" }
 * const withEntra: Azure.AzureOptions = { entraToken: "eyJ0eXAi...", endpoint: "https://my-resource.openai.azure.com/" }
 * const dated: Azure.AzureOptions = { apiKey: "azure-key", resource: "my-resource", apiVersion: "2024-10-21" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface AzureOptions extends VendorClient.ClientOptions {
  /** The resource's key, sent as `api-key`; a plain string is wrapped in `Redacted` at once. */
  readonly apiKey?: Redacted.Redacted<string> | string | undefined
  /** A Microsoft Entra access token, sent as `Authorization: Bearer` (then `apiKey` is not sent). */
  readonly entraToken?: Redacted.Redacted<string> | string | undefined
  /** The resource endpoint, `https://{resource}.openai.azure.com/` (what `AZURE_OPENAI_ENDPOINT` holds). */
  readonly endpoint?: string | undefined
  /** The resource name: `https://{resource}.openai.azure.com/`. */
  readonly resource?: string | undefined
  /** The whole API root (a proxy, a fake server); replaces `endpoint` and `resource`. */
  readonly baseUrl?: string | undefined
  /** The dated API: its version (`2024-10-21`), sent as `?api-version=` under `/openai`. */
  readonly apiVersion?: string | undefined
}

/**
 * The API root the options name: `baseUrl` as given, else the endpoint's (or resource's)
 * `/openai/v1`, or `/openai` for the dated API; the definition's template when none is given
 * (every call is then refused, naming the `{resource}` to fill).
 *
 * @example
 * ```ts
 * import * as Azure from "@unibatch/azure/Azure"
 *
 * Azure.baseUrlOf({ resource: "my-resource" }) // => "https://my-resource.openai.azure.com/openai/v1"
 * Azure.baseUrlOf({ endpoint: "https://my-resource.openai.azure.com/", apiVersion: "2024-10-21" }) // => "https://my-resource.openai.azure.com/openai"
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const baseUrlOf = (options: Pick<AzureOptions, "baseUrl" | "endpoint" | "resource" | "apiVersion">): string => {
  if (options.baseUrl !== undefined) return options.baseUrl
  const root = options.endpoint !== undefined
    ? options.endpoint.replace(/\/+$/, "")
    : options.resource !== undefined
    ? `https://${options.resource}.openai.azure.com`
    : undefined
  if (root === undefined) return options.apiVersion === undefined ? definition.defaultBaseUrl : definition.defaultBaseUrl.replace(/\/v1$/, "")
  return options.apiVersion === undefined ? `${root}/openai/v1` : `${root}/openai`
}

/** With an Entra token: the same vendor, the token in `Authorization: Bearer`. */
const entraDefinition: VendorDefinition = { ...definition, auth: { header: "authorization", scheme: "Bearer" } }

/**
 * Builds an Azure OpenAI client.
 *
 * @example
 * ```ts
 * import * as Azure from "@unibatch/azure/Azure"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function* () {
 *   const client = yield* Azure.make({ apiKey: "azure-key", resource: "my-resource" })
 *   return yield* client.list({ limit: 5 }) // GET https://my-resource.openai.azure.com/openai/v1/batches?limit=5
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: AzureOptions): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> => {
  const { apiKey, apiVersion, endpoint: _endpoint, entraToken, resource: _resource, ...client } = options
  const shared: VendorClient.Options = {
    ...client,
    apiKey: entraToken ?? apiKey ?? "",
    baseUrl: baseUrlOf(options),
    query: apiVersion === undefined ? client.query : { ...client.query, "api-version": apiVersion }
  }
  return VendorClient.make(entraToken === undefined ? definition : entraDefinition, shared)
}

/**
 * The Azure OpenAI client as a Layer.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Azure from "@unibatch/azure/Azure"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const AzureLive = Azure.layer({ apiKey: "azure-key", resource: "my-resource" }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(AzureLive))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: AzureOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(BatchClient, make(options))

const missing = (variable: string, what: string, instead: string) =>
  Config.orElse((error: Config.ConfigError) =>
    Config.fail(
      error.cause._tag === "SchemaError"
        ? new ConfigProvider.SourceError({ message: `${variable} is not set: set it to ${what}, or pass ${instead} to layerConfig.` })
        : error.cause
    )
  )

/**
 * The Azure OpenAI client as a Layer, configured from the environment: the key from
 * `AZURE_OPENAI_API_KEY` (kept `Redacted`; not read when `entraToken` is given) and the resource
 * endpoint from `AZURE_OPENAI_ENDPOINT` (not read when `baseUrl`, `endpoint` or `resource` is
 * given). A missing variable fails the Layer with a `ConfigError` that names it.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Azure from "@unibatch/azure/Azure"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const AzureFromEnv = Azure.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list().pipe(Effect.provide(AzureFromEnv))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<AzureOptions, "apiKey"> = {}
): Layer.Layer<BatchClient, Config.ConfigError, HttpClient.HttpClient> => {
  const apiKey = options.entraToken === undefined ? VendorClient.apiKeyConfig(definition) : Config.succeed(undefined)
  const endpoint = options.baseUrl !== undefined || options.endpoint !== undefined || options.resource !== undefined
    ? Config.succeed(options.endpoint)
    : Config.String(endpointEnv).pipe(missing(endpointEnv, "your Azure OpenAI resource endpoint (https://{resource}.openai.azure.com/)", "endpoint, resource or baseUrl"))
  return Layer.effect(
    BatchClient,
    Effect.flatMap(Config.all({ apiKey, endpoint }), ({ apiKey, endpoint }) => make({ ...options, apiKey, endpoint }))
  )
}

/**
 * A failed batch whose `errors` carry `token_limit_exceeded` (the deployment's enqueued-token
 * quota was exceeded) as a typed `RateLimitError` (`code: "token_limit_exceeded"`, `status: null`:
 * no HTTP answer said it, the batch did); `undefined` for any other batch. Retry once earlier
 * batches on the deployment have finished.
 *
 * @example
 * ```ts
 * import * as Azure from "@unibatch/azure/Azure"
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Effect from "effect/Effect"
 *
 * const finished = (id: string) =>
 *   Effect.flatMap(BatchClient.waitForCompletion(id), (batch) => {
 *     const quota = Azure.tokenLimitError(batch)
 *     return quota === undefined ? Effect.succeed(batch) : Effect.fail(quota)
 *   })
 * ```
 *
 * @since 0.3.0
 * @category errors
 */
export const tokenLimitError = (batch: Batch): RateLimitError | undefined => {
  if (batch.status !== "failed") return undefined
  const error = batch.errors.find((each) => each.code === tokenLimitExceeded)
  if (error === undefined) return undefined
  return new RateLimitError({
    provider: batch.provider,
    operation: "batch",
    status: null,
    message: `${definition.displayName} batch ${batch.id} failed with ${tokenLimitExceeded} (the deployment's enqueued-token quota): ${error.message ?? "no message"}`,
    requestId: null,
    type: null,
    code: tokenLimitExceeded,
    retryAfterSeconds: null,
    attempts: 1
  })
}
