/**
 * The adapters behind one switch: which Layer serves a provider and where its key comes from.
 * Only the live commands (`list`, `get`, `demo`) load this module.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { BatchClient } from "@unibatch/core/BatchClient"
import type { Provider } from "@unibatch/core/Provider"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as Layer from "effect/Layer"
import type * as Duration from "effect/Duration"
import type * as Redacted from "effect/Redacted"

/**
 * The environment variable each provider's key is read from.
 *
 * @since 0.1.0
 * @category constants
 */
export const keyVariable: Record<Provider, string> = {
  openai: "OPENAI_API_KEY",
  respan: "RESPAN_API_KEY",
  neosantara: "NEOSANTARA_API_KEY"
}

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
export const layer = (provider: Provider, connection: Connection): Layer.Layer<BatchClient> => {
  const client = provider === "openai"
    ? OpenAi.layer(connection)
    : provider === "respan"
    ? Respan.layer(connection)
    : Neosantara.layer(connection)
  return Layer.provide(client, FetchHttpClient.layer)
}
