/**
 * The adapters behind one switch: which Layer serves a provider and where its key comes from.
 * Only the live commands (`list`, `get`, `demo`) load this module.
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { BatchClient } from "@unibatch/core/BatchClient"
import type { Provider } from "@unibatch/core/Provider"
import * as Layer from "effect/Layer"
import * as Providers from "unibatch/Providers"
import type * as Duration from "effect/Duration"
import type * as Redacted from "effect/Redacted"

/**
 * The environment variable each provider's key is read from.
 *
 * @since 0.1.0
 * @category constants
 */
export const keyVariable = Providers.keyVariable

/**
 * Where to reach a vendor and with which key.
 *
 * @since 0.1.0
 * @category models
 */
export interface Connection {
  readonly apiKey: Redacted.Redacted<string>
  readonly baseUrl?: string | undefined
  readonly maxRetries?: number | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The `BatchClient` for a provider, over `fetch`. This is the only place the provider matters:
 * every command runs the same program on whichever Layer this returns.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (provider: Provider, connection: Connection): Layer.Layer<BatchClient> =>
  Layer.provide(Providers.layer(provider, connection), NodeHttpClient.layerUndici)
