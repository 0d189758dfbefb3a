// Installed from the tarballs into an app that depends on its own `effect`: the Effect API against
// fake vendors, with Layers the app builds from its own copy of effect (its fetch, its
// FetchHttpClient layer), as a user's program would run.
import * as Anthropic from "@unibatch/anthropic/Anthropic"
import * as Azure from "@unibatch/azure/Azure"
import * as Compatible from "@unibatch/compatible/Compatible"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import assert from "node:assert/strict"

// The app's own transport: fetch that counts what it sends, given to the app's FetchHttpClient layer.
let sent = 0
const countingFetch = (input, init) => {
  sent++
  return globalThis.fetch(input, init)
}
const AppHttpClient = FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, countingFetch)))

const adapters = { openai: OpenAi, respan: Respan, neosantara: Neosantara, azure: Azure, compatible: Compatible, anthropic: Anthropic }
const program = Effect.gen(function* () {
  const page = yield* BatchClient.list({ limit: 3 })
  const batch = yield* BatchClient.retrieve(page.data[1].id)
  const all = yield* Stream.runCollect(BatchClient.listAll({ limit: 4 }))
  return { page, batch, all: Array.from(all) }
})

for (const [provider, adapter] of Object.entries(adapters)) {
  const server = await FakeVendor.start({ provider, count: 10 })
  const sentBefore = sent
  const live = adapter.layer({ apiKey: "install-test-key", baseUrl: server.baseUrl }).pipe(Layer.provide(AppHttpClient))
  const { all, batch, page } = await Effect.runPromise(program.pipe(Effect.provide(live)))
  assert.equal(page.data.length, 3)
  assert.equal(batch.id, page.data[1].id)
  assert.match(batch.id, /^batch_/)
  assert.equal(all.length, 10)
  assert.equal(sent - sentBefore, server.requests().length, "every request went through the app's fetch")
  console.log(`effect ${provider}: listed ${page.data.length}, retrieved ${batch.id} (${batch.status}), listAll ${all.length} in ${sent - sentBefore} requests through the app's layer`)
  await server.close()
}
