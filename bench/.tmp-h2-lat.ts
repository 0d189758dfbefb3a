import * as BatchClient from "@unibatch/core/BatchClient"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import * as Effect from "effect/Effect"

const server = await FakeVendor.start({ provider: "openai", count: 20_000 })
server.inject({ route: "list", delayMs: 3, times: 1e9 })
const rt = ManagedRuntime.make(OpenAi.layer({ apiKey: "sk", baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer)))
// a consumer that spends ~2 ms of CPU per page (busy loop every 100th batch)
const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) {} }
for (let round = 0; round < 3; round++) {
  for (const readAhead of [true, false]) {
    const t = performance.now()
    const n = await rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100, readAhead }).pipe(Stream.mapEffect((b, i) => Effect.sync(() => { if (i % 100 === 99) busy(2); return b })))))
    console.log(`readAhead ${readAhead}: ${n} in ${((performance.now() - t) / 200).toFixed(2)} ms/page`)
  }
}
await rt.dispose()
await server.close()
