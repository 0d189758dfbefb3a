/**
 * The registry: the one list of the vendors unibatch serves, built from the vendor packages'
 * definitions. A provider name is looked up here (by the Promise API, the `unibatch` command and
 * any program that picks its vendor at run time); a name that is not here is an
 * `InvalidRequestError` that names the known ones, before any request is sent. Adding a vendor is
 * one line in {@link definitions}.
 *
 * @module unibatch/Providers
 * @since 0.1.0
 */
import { BatchClient, type BatchClientService } from "@unibatch/core/BatchClient"
import { invalidInput, type InvalidRequestError } from "@unibatch/core/UnibatchError"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Anthropic from "@unibatch/anthropic/Anthropic"
import * as Azure from "@unibatch/azure/Azure"
import * as Compatible from "@unibatch/compatible/Compatible"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { unknownProviderMessage } from "./internal/names.js"

/**
 * Every vendor's definition, by provider name. Each key is its definition's own `provider` (the
 * compiler checks it), so the name a user types always reaches the vendor of that name.
 *
 * @example
 * ```ts
 * import { definitions } from "unibatch/Providers"
 *
 * definitions.neosantara.apiKeyEnv // => "NEOSANTARA_API_KEY"
 * Object.keys(definitions) // => ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"]
 * ```
 *
 * @since 0.2.0
 * @category registry
 */
export const definitions = {
  openai: OpenAi.definition,
  respan: Respan.definition,
  neosantara: Neosantara.definition,
  azure: Azure.definition,
  // The default form (bearer, `batch_` IDs, OpenAI's limits); its base URL is the user's to give.
  compatible: Compatible.definition(),
  anthropic: Anthropic.definition
} as const

// The registry's check: every key is the provider name of the definition it holds.
definitions satisfies { readonly [Name in keyof typeof definitions]: VendorDefinition & { readonly provider: Name } }

/**
 * The name of a vendor in the registry. `Provider` (from `@unibatch/core/Provider`) is any string;
 * this is the ones that exist.
 *
 * @example
 * ```ts
 * import type { ProviderName } from "unibatch/Providers"
 *
 * const everyVendor: ReadonlyArray<ProviderName> = ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"]
 * ```
 *
 * @since 0.2.0
 * @category registry
 */
export type ProviderName = keyof typeof definitions

/**
 * The known provider names, in registry order.
 *
 * @example
 * ```ts
 * import { names } from "unibatch/Providers"
 *
 * names // => ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"]
 * ```
 *
 * @since 0.2.0
 * @category registry
 */
export const names = Object.keys(definitions) as ReadonlyArray<ProviderName>

/**
 * Tells whether a string names a vendor of the registry (exactly: `"OpenAI"` does not).
 *
 * @example
 * ```ts
 * import { isKnown } from "unibatch/Providers"
 *
 * isKnown("openai") // => true
 * isKnown("OpenAI") // => false
 * ```
 *
 * @since 0.2.0
 * @category registry
 */
export const isKnown = (provider: string): provider is ProviderName => Object.hasOwn(definitions, provider)

/**
 * The definition of a provider, or `undefined` for a name that is not in the registry.
 *
 * @example
 * ```ts
 * import { find } from "unibatch/Providers"
 *
 * find("respan")?.paths.list // => "/batches/"
 * find("OpenAI") // => undefined
 * ```
 *
 * @since 0.2.0
 * @category registry
 */
export const find = (provider: string): VendorDefinition | undefined => (isKnown(provider) ? definitions[provider] : undefined)

/**
 * The error for a name that is not in the registry: an `InvalidRequestError` with `status: null`
 * whose message names the known providers (and the one meant, when only the spelling differs).
 *
 * @example
 * ```ts
 * import { unknownProvider } from "unibatch/Providers"
 *
 * unknownProvider("OpenAI", "list").message
 * // => 'Unknown provider "OpenAI": the provider is one of "openai", "respan", "neosantara", "azure", "compatible" or "anthropic" (did you mean "openai"?).'
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export const unknownProvider = (provider: string, operation: string): InvalidRequestError =>
  invalidInput(provider, operation, unknownProviderMessage(provider, names))

/**
 * The definition of a provider, or an {@link unknownProvider} error.
 *
 * @example
 * ```ts
 * import * as Providers from "unibatch/Providers"
 * import * as Effect from "effect/Effect"
 *
 * const keyVariable = (provider: string) => Effect.map(Providers.lookup(provider), (definition) => definition.apiKeyEnv)
 * ```
 *
 * @since 0.2.0
 * @category registry
 */
export const lookup = (provider: string, operation = "lookup"): Effect.Effect<VendorDefinition, InvalidRequestError> =>
  isKnown(provider) ? Effect.succeed(definitions[provider]) : Effect.fail(unknownProvider(provider, operation))

/**
 * What every vendor accepts: the key, an optional base URL and headers, retries and timeout.
 * (Options only one vendor has, such as OpenAI's `organization`, are its package's own.)
 *
 * @example
 * ```ts
 * import type { ProviderOptions } from "unibatch/Providers"
 *
 * const options: ProviderOptions = { apiKey: "sk-test", baseUrl: "http://127.0.0.1:4010/v1", maxRetries: 0 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ProviderOptions extends VendorClient.ClientOptions {
  /** The API key; a plain string is wrapped in `Redacted` at once. */
  readonly apiKey: Redacted.Redacted<string> | string
}

/**
 * The client of a provider chosen by name; an unknown name fails before anything is sent.
 *
 * @example
 * ```ts
 * import * as Providers from "unibatch/Providers"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const firstPage = (provider: string, apiKey: string) =>
 *   Effect.gen(function* () {
 *     const client = yield* Providers.make(provider, { apiKey })
 *     return yield* client.list({ limit: 10 })
 *   }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  provider: string,
  options: ProviderOptions
): Effect.Effect<BatchClientService, InvalidRequestError, HttpClient.HttpClient> =>
  Effect.flatMap(lookup(provider, "make"), (definition) =>
    VendorClient.make(definition, options))

/**
 * The client of a provider chosen by name, as a Layer; it still needs an `HttpClient`. An unknown
 * name fails the Layer with an `InvalidRequestError` before anything is sent.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as Providers from "unibatch/Providers"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 *
 * const live = Providers.layer("respan", { apiKey: "rs-test" }).pipe(Layer.provide(FetchHttpClient.layer))
 * const program = BatchClient.list({ limit: 5 }).pipe(Effect.provide(live))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  provider: string,
  options: ProviderOptions
): Layer.Layer<BatchClient, InvalidRequestError, HttpClient.HttpClient> => Layer.effect(BatchClient, make(provider, options))
