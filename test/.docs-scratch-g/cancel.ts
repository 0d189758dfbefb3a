import * as BatchClient from "@unibatch/core/BatchClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"

const requests = Array.from({ length: 10 }, (_, i) => ({ customId: `r-${i + 1}`, body: { model: "m", messages: [{ role: "user", content: `n ${i}` }] } }))
const job = Effect.gen(function*() {
  const submitted = yield* BatchClient.submit(requests, { endpoint: "/v1/chat/completions" })
  // watch until some completed
  yield* BatchClient.watch(submitted.id, { schedule: Schedule.spaced("100 millis") }).pipe(
    Stream.tap((b) => Effect.sync(() => console.log("watch", b.status, JSON.stringify(b.requestCounts)))),
    Stream.takeUntil((b) => (b.requestCounts?.completed ?? 0) >= 4),
    Stream.runDrain)
  const cancelling = yield* BatchClient.cancel(submitted.id)
  console.log("cancel ->", cancelling.status, cancelling.nativeStatus, cancelling.createdAt, cancelling.inputFileId, JSON.stringify(cancelling.requestCounts))
  const done = yield* BatchClient.waitForCompletion(submitted.id, { schedule: Schedule.spaced("100 millis") })
  console.log("final", done.status, done.nativeStatus, JSON.stringify(done.requestCounts), done.outputFileId, done.errorFileId)
  const results = yield* BatchClient.results(done).pipe(Stream.runCollect)
  for (const r of results) console.log(r.customId, r.outcome, r.statusCode, JSON.stringify(r.error))
})
for (const [server, layer] of [
  [await FakeVendor.start({ provider: "openai", batchDurationMs: 2000 }), (u: string) => OpenAi.layer({ apiKey: "k", baseUrl: u })],
  [await FakeVendor.start({ provider: "neosantara", batchDurationMs: 2000 }), (u: string) => Neosantara.layer({ apiKey: "k", baseUrl: u })]
] as const) {
  await Effect.runPromise(job.pipe(Effect.provide(layer(server.baseUrl).pipe(Layer.provide(FetchHttpClient.layer)))))
  await server.close()
}
