import * as BatchClient from "@unibatch/core/BatchClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

const questions = ["What is 2 + 2?", "Name a prime.", "Say hello.", "fail this one", "expire this one"]
const requests = questions.map((question, index) => ({
  customId: `q-${index + 1}${question.startsWith("fail") ? "-fail" : question.startsWith("expire") ? "-expire" : ""}`,
  body: { model: "gpt-4o-mini", messages: [{ role: "user", content: question }] }
}))

const job = Effect.gen(function*() {
  const submitted = yield* BatchClient.submit(requests, { endpoint: "/v1/chat/completions", metadata: { job: "docs" } })
  console.log(submitted.provider, submitted.id, submitted.status)
  const done = yield* BatchClient.waitForCompletion(submitted.id)
  console.log(done.status, JSON.stringify(done.requestCounts))
  const results = yield* BatchClient.results(done).pipe(Stream.runCollect)
  for (const r of results) console.log(r.customId, r.outcome, r.statusCode, JSON.stringify(r.error), JSON.stringify(r.body).slice(0, 200))
})

for (const provider of ["openai", "respan", "neosantara"] as const) {
  const server = await FakeVendor.start({ provider, batchDurationMs: 300 })
  const layer = provider === "openai" ? OpenAi.layer({ apiKey: "k", baseUrl: server.baseUrl })
    : provider === "respan" ? Respan.layer({ apiKey: "k", baseUrl: server.baseUrl })
    : Neosantara.layer({ apiKey: "k", baseUrl: server.baseUrl })
  const t = Date.now()
  await Effect.runPromise(job.pipe(Effect.provide(layer.pipe(Layer.provide(FetchHttpClient.layer)))))
  console.log(Date.now() - t, "ms")
  await server.close()
}
