import * as BatchClient from "@unibatch/core/BatchClient"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"

let clock = Date.parse("2026-01-05T09:00:00Z")
const server = await FakeVendor.start({ provider: "respan", batchDurationMs: 10_000, now: () => clock })
const RespanLive = Respan.layer({ apiKey: "rs-test", baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer))

const everySecond = Schedule.spaced("10 millis").pipe(Schedule.tap(() => Effect.sync(() => { clock += 1_000 })))

const program = Effect.gen(function*() {
  const requests = ["a", "b", "c", "d"].map((id) => ({ customId: id, body: { model: "gpt-4o-mini", messages: [{ role: "user", content: id }] } }))
  const batch = yield* BatchClient.submit(requests, { endpoint: "/v1/chat/completions" })
  yield* BatchClient.watch(batch.id, { schedule: everySecond }).pipe(
    Stream.runForEach((b) => Effect.sync(() => console.log(`${(clock - Date.parse("2026-01-05T09:00:00Z")) / 1000}s ${b.status} ${b.requestCounts?.completed}/${b.requestCounts?.total}`)))
  )
  const second = yield* BatchClient.submit(requests, { endpoint: "/v1/chat/completions" })
  const stuck = yield* BatchClient.waitForCompletion(second.id, { schedule: Schedule.spaced("50 millis"), timeout: "300 millis" }).pipe(Effect.flip)
  console.log(stuck._tag, stuck.message)
})
await Effect.runPromise(program.pipe(Effect.provide(RespanLive)))
await server.close()
