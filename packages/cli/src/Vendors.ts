/**
 * The adapters behind one switch: which Layer serves a provider and where its key comes from.
 * Only the live commands (`list`, `get`, `demo`) load this module.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
import type { BatchClient } from "@unibatch/core/BatchClient"
import type { Provider } from "@unibatch/core/Provider"
import * as Effect from "effect/Effect"
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
 * The command's HTTP client: undici's `request`, without WHATWG `fetch` on top (about 0.3 ms less
 * CPU a page when listing), following redirects as `fetch` does: up to 20, and undici drops the
 * `Authorization` header when one leaves the origin. (Unlike `fetch`, it neither asks for nor
 * decompresses compressed bodies; undici's `decompress` interceptor would print an experimental
 * warning on every run.)
 *
 * @since 0.1.0
 * @category layers
 */
export const transport: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerUndiciWithoutDispatcher.pipe(
  Layer.provide(Layer.scoped(
    NodeHttpClient.Dispatcher,
    Effect.acquireRelease(
      Effect.sync(() => new Undici.Agent().compose(Undici.interceptors.redirect({ maxRedirections: 20 }))),
      (dispatcher) => Effect.promise(() => dispatcher.destroy())
    )
  ))
)

/**
 * The HTTP client of `list --all`: requests from a worker thread, so that the main thread only
 * parses, decodes and prints while the next page is on its way (docs/performance.md). The other
 * commands make one request or a few, and do not pay the worker's start (about 25 ms).
 *
 * @since 0.1.0
 * @category layers
 */
export const listingTransport: Layer.Layer<HttpClient.HttpClient> = WorkerHttpClient.layer

/**
 * The `BatchClient` for a provider, over {@link transport} unless told otherwise. This is the
 * only place the provider matters: every command runs the same program on whichever Layer this
 * returns.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (provider: Provider, connection: Connection, http: Layer.Layer<HttpClient.HttpClient> = transport): Layer.Layer<BatchClient> =>
  Layer.provide(Providers.layer(provider, connection), http)
