/**
 * The adapters behind one switch: which Layer serves a provider and where its key comes from.
 * Only the live commands (`list`, `get`, `demo`) load this module.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
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
 * The command's HTTP client: `WorkerHttpClient`, requests from a worker thread, so that while
 * `list --all` parses, decodes and prints one page the next is on its way (docs/performance.md).
 * It follows redirects as `fetch` does (up to 20; leaving the origin drops the key's headers) and
 * neither asks for nor decompresses compressed bodies. Its worker starts in ~25 ms, which is less
 * than loading undici took (~130 ms for its 545 KiB chunk), so every live command uses it.
 *
 * @since 0.1.0
 * @category layers
 */
export const transport: Layer.Layer<HttpClient.HttpClient> = WorkerHttpClient.layer

/**
 * The `BatchClient` for a provider, over {@link transport}. This is the only place the provider
 * matters: every command runs the same program on whichever Layer this returns.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (provider: Provider, connection: Connection): Layer.Layer<BatchClient> =>
  Layer.provide(Providers.layer(provider, connection), transport)
