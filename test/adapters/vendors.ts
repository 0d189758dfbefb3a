/** The three adapters, described once so every loopback suite runs against each of them. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { BatchClientService } from "@unibatch/core/BatchClient"
import type { Provider } from "@unibatch/core/Provider"
import type { ClientOptions } from "@unibatch/core/VendorClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"

export const apiKey = "sk-unibatch-SECRET-0123456789"

export interface VendorCase {
  readonly provider: Provider
  readonly authHeader: "authorization" | "x-api-key"
  readonly authValue: string
  readonly listPath: string
  readonly retrievePath: (nativeId: string) => string
  readonly nativePrefix: string
  readonly make: (options: ClientOptions & { apiKey: string; baseUrl: string }) => Effect.Effect<BatchClientService, never, never>
}

const provideHttp = <A>(effect: Effect.Effect<A, never, any>) => effect.pipe(Effect.provide(FetchHttpClient.layer)) as Effect.Effect<A>

export const vendors: ReadonlyArray<VendorCase> = [
  {
    provider: "openai",
    authHeader: "authorization",
    authValue: `Bearer ${apiKey}`,
    listPath: "/v1/batches",
    retrievePath: (id) => `/v1/batches/${id}`,
    nativePrefix: "batch_",
    make: (options) => provideHttp(OpenAi.make(options))
  },
  {
    provider: "respan",
    authHeader: "authorization",
    authValue: `Bearer ${apiKey}`,
    listPath: "/api/v1/batches/",
    retrievePath: (id) => `/api/v1/batches/${id}/`,
    nativePrefix: "batch_",
    make: (options) => provideHttp(Respan.make(options))
  },
  {
    provider: "neosantara",
    authHeader: "x-api-key",
    authValue: apiKey,
    listPath: "/v1/batches",
    retrievePath: (id) => `/v1/batches/${id}`,
    nativePrefix: "batch-",
    make: (options) => provideHttp(Neosantara.make(options))
  }
]

/** A fake server for the vendor and a client pointed at it. */
export const setup = (vendor: VendorCase, options: Partial<FakeVendor.Options> = {}, clientOptions: ClientOptions = {}) =>
  Effect.gen(function* () {
    const server = yield* FakeVendor.make({ provider: vendor.provider, count: 45, ...options })
    const client = yield* vendor.make({ apiKey, baseUrl: server.baseUrl, ...clientOptions })
    return { server, client }
  })
