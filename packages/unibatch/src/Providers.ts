/**
 * The one place that knows every vendor by name: which adapter Layer serves a provider, which
 * environment variable holds its key, and which documented contract its responses are checked
 * against. The Promise API, the `unibatch` command and the testkit pick vendors through it.
 *
 * @module unibatch/Providers
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type { BatchClient } from "@unibatch/core/BatchClient"
import type * as Conformance from "@unibatch/core/Conformance"
import type { Provider } from "@unibatch/core/Provider"
import type { ClientOptions } from "@unibatch/core/VendorClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
import * as Respan from "@unibatch/respan/Respan"
import * as RespanWire from "@unibatch/respan/RespanWire"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"

/**
 * The environment variable each provider's key is read from.
 *
 * @example
 * ```ts
 * import { keyVariable } from "unibatch/Providers"
 *
 * keyVariable.neosantara // => "NEOSANTARA_API_KEY"
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const keyVariable: Readonly<Record<Provider, string>> = {
  openai: "OPENAI_API_KEY",
  respan: "RESPAN_API_KEY",
  neosantara: "NEOSANTARA_API_KEY"
}

/**
 * What every adapter accepts: the key, an optional base URL, retries and timeout.
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
export interface ProviderOptions extends ClientOptions {
  readonly apiKey: Redacted.Redacted<string> | string
  readonly baseUrl?: string | undefined
}

/**
 * The adapter Layer of a provider, chosen by name; it still needs an `HttpClient`.
 *
 * @example
 * ```ts
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import * as Providers from "unibatch/Providers"
 * import * as Layer from "effect/Layer"
 *
 * const live = Providers.layer("respan", { apiKey: "rs-test" }).pipe(Layer.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (provider: Provider, options: ProviderOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  provider === "openai" ? OpenAi.layer(options) : provider === "respan" ? Respan.layer(options) : Neosantara.layer(options)

/**
 * Each provider's documented contract, for conformance checks.
 *
 * @example
 * ```ts
 * import * as Conformance from "@unibatch/core/Conformance"
 * import { contracts } from "unibatch/Providers"
 *
 * Conformance.check(contracts.openai, { operation: "retrieve", body: "{}" }).conformant // => false
 * ```
 *
 * @since 0.1.0
 * @category conformance
 */
export const contracts: Readonly<Record<Provider, Conformance.Contract>> = {
  openai: OpenAiWire.contract,
  respan: RespanWire.contract,
  neosantara: NeosantaraWire.contract
}
