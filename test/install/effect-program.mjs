// Installed from the tarballs: the Effect API against a fake vendor, as a user's program would run.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import assert from "node:assert/strict"

const adapters = { openai: OpenAi, respan: Respan, neosantara: Neosantara }
const program = Effect.gen(function* () {
  const page = yield* BatchClient.list({ limit: 3 })
  const batch = yield* BatchClient.retrieve(page.data[1].id)
  return { page, batch }
})

for (const [provider, adapter] of Object.entries(adapters)) {
  const server = await FakeVendor.start({ provider, count: 10 })
  const live = adapter.layer({ apiKey: "install-test-key", baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer))
  const { batch, page } = await Effect.runPromise(program.pipe(Effect.provide(live)))
  assert.equal(page.data.length, 3)
  assert.equal(batch.id, page.data[1].id)
  assert.match(batch.id, /^batch_/)
  console.log(`effect ${provider}: listed ${page.data.length}, retrieved ${batch.id} (${batch.status})`)
  await server.close()
}
