/** The three vendors, described once so every loopback suite runs against each of them. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { BatchClientService } from "@unibatch/core/BatchClient"
import type { ClientOptions } from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

export const apiKey = "sk-unibatch-SECRET-0123456789"

type Provider = "openai" | "respan" | "neosantara"

export interface VendorCase {
  readonly provider: Provider
  readonly definition: VendorDefinition
  readonly authHeader: "authorization" | "x-api-key"
  readonly authValue: string
  readonly listPath: string
  readonly retrievePath: (nativeId: string) => string
  readonly nativePrefix: string
  /** A client over the suite's HTTP client, which lives as long as the calling scope. */
  readonly make: (options: ClientOptions & { apiKey: string; baseUrl: string }) => Effect.Effect<BatchClientService, never, Scope.Scope>
}

/** An HttpClient layer the vendors are tested over. */
export interface Transport {
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
}

/**
 * `fetch` (what the Promise client uses) and undici through `@effect/platform-node` (a standard
 * Node client): the clients' behaviour must not depend on the transport.
 */
export const transports: ReadonlyArray<Transport> = [
  { name: "FetchHttpClient", layer: FetchHttpClient.layer },
  { name: "NodeHttpClient", layer: NodeHttpClient.layerUndici }
]

/** The three vendors over `transport`. */
export const vendorsOver = (transport: Transport): ReadonlyArray<VendorCase> => {
  const overTransport = <A>(make: Effect.Effect<A, never, HttpClient.HttpClient>) =>
    Effect.flatMap(Layer.build(transport.layer), (context) => Effect.provide(make, context))
  return cases.map((vendor) => ({ ...vendor, make: (options) => overTransport(vendor.make(options)) }))
}

interface VendorPackageCase extends Omit<VendorCase, "make"> {
  readonly make: (options: ClientOptions & { apiKey: string; baseUrl: string }) => Effect.Effect<BatchClientService, never, HttpClient.HttpClient>
}

const cases: ReadonlyArray<VendorPackageCase> = [
  {
    provider: "openai",
    definition: OpenAi.definition,
    authHeader: "authorization",
    authValue: `Bearer ${apiKey}`,
    listPath: "/v1/batches",
    retrievePath: (id) => `/v1/batches/${id}`,
    nativePrefix: "batch_",
    make: OpenAi.make
  },
  {
    provider: "respan",
    definition: Respan.definition,
    authHeader: "authorization",
    authValue: `Bearer ${apiKey}`,
    listPath: "/api/v1/batches/",
    retrievePath: (id) => `/api/v1/batches/${id}/`,
    nativePrefix: "batch_",
    make: Respan.make
  },
  {
    provider: "neosantara",
    definition: Neosantara.definition,
    authHeader: "x-api-key",
    authValue: apiKey,
    listPath: "/v1/batches",
    retrievePath: (id) => `/v1/batches/${id}`,
    nativePrefix: "batch-",
    make: Neosantara.make
  }
]

/** The three vendors over `fetch`. */
export const vendors: ReadonlyArray<VendorCase> = vendorsOver(transports[0]!)

/** A fake server for the vendor and a client pointed at it. */
export const setup = (vendor: VendorCase, options: FakeVendor.CommonOptions = {}, clientOptions: ClientOptions = {}) =>
  Effect.gen(function*() {
    const server = yield* FakeVendor.make({ provider: vendor.provider, count: 45, ...options })
    const client = yield* vendor.make({ apiKey, ...clientOptions, baseUrl: clientOptions.baseUrl ?? server.baseUrl })
    return { server, client }
  })
