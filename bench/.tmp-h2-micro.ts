import * as BatchClient from "@unibatch/core/BatchClient"
import * as Decoder from "@unibatch/core/Decoder"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"

const pages = 2000
const server = await FakeVendor.start({ provider: "openai", count: 100 })
const res = await fetch(`${server.baseUrl}/batches?limit=100`, { headers: { authorization: "Bearer x" } })
const body = JSON.parse(await res.text())
await server.close()
// Each page: same items, has_more true until the last, ids made unique per page by a suffix on the last item.
const bodies = Array.from({ length: pages }, (_, i) => JSON.stringify({ ...body, data: body.data.map((b: any, j: number) => ({ ...b, id: `${b.id}_${i}_${j}` })), has_more: i < pages - 1 }))
let index = 0
const fake = HttpClient.make((request) => Effect.sync(() => HttpClientResponse.fromWeb(request, new Response(bodies[index++ % pages], { status: 200, headers: { "content-type": "application/json", "x-request-id": "req_1" } }))))
const rt = ManagedRuntime.make(OpenAi.layer({ apiKey: "sk", baseUrl: "http://127.0.0.1:1/v1" }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, fake))))
const raw = async () => {
  let n = 0
  for (let i = 0; i < pages; i++) {
    const text = await new Response(bodies[i]).text()
    const page = Decoder.decodePage(OpenAi.definition, JSON.parse(text), { provider: "openai", operation: "list" })
    n += (page as any).success.data.length
  }
  return n
}
const parseOnly = async () => {
  let n = 0
  for (let i = 0; i < pages; i++) {
    const text = await new Response(bodies[i]).text()
    n += JSON.parse(text).data.length
  }
  return n
}
const variants: Record<string, () => Promise<number>> = {
  parseOnly,
  raw,
  listAll: () => { index = 0; return rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100 }))) },
  listAllNoRA: () => { index = 0; return rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100, readAhead: false }))) },
  listLoop: () => { index = 0; return rt.runPromise(Effect.gen(function*() {
    let n = 0
    for (let i = 0; i < pages; i++) { n += (yield* BatchClient.list({ limit: 100 })).data.length }
    return n
  })) }
}
const which = process.argv.slice(2)
const results: Record<string, number[]> = {}
for (let round = 0; round < 8; round++) {
  for (const name of which.length ? which : Object.keys(variants)) {
    const cpu = process.cpuUsage()
    const n = await variants[name]!()
    const c = process.cpuUsage(cpu)
    if (n !== pages * 100) throw new Error(`${name} ${n}`)
    if (round > 2) (results[name] ??= []).push((c.user + c.system) / 1000 / pages)
  }
}
for (const [name, xs] of Object.entries(results)) { xs.sort((a, b) => a - b); console.log(`${name}: median ${xs[Math.floor(xs.length / 2)]!.toFixed(3)} ms/page, min ${xs[0]!.toFixed(3)}`) }
await rt.dispose()
