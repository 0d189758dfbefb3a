// Installed from the tarballs: the public types as a TypeScript user writes against them.
import type { Batch, BatchPage } from "@unibatch/core/Batch"
import * as BatchClient from "@unibatch/core/BatchClient"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import { type BatchJson, type Client, createClient, RateLimitError } from "unibatch"

const page: Effect.Effect<BatchPage, UnibatchError, BatchClient.BatchClient> = BatchClient.list({ limit: 5 })
const statuses = page.pipe(Effect.map((result) => result.data.map((batch: Batch) => batch.status)))
const handled = BatchClient.retrieve("batch_abc").pipe(
  Effect.catchTags({ NotFoundError: (error) => Effect.succeed(error.message), RateLimitError: (error) => Effect.succeed(String(error.retryAfterSeconds)) })
)
const layer = OpenAi.layer({ apiKey: "sk", baseUrl: "https://example.test/v1" }).pipe(Layer.provide(FetchHttpClient.layer))
const definition: VendorDefinition = OpenAi.definition
const client: Client = createClient({ provider: "respan", apiKey: "rs", maxRetries: 1, timeoutMs: 1000 })
const first = async (): Promise<BatchJson | undefined> => {
  for await (const batch of client.listAll({ limit: 10 })) return batch
  return undefined
}
const isRateLimit = (error: unknown): error is RateLimitError => error instanceof RateLimitError
export { definition, first, handled, isRateLimit, layer, statuses }
