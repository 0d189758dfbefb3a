import * as BatchClient from "@unibatch/core/BatchClient"
import * as Decoder from "@unibatch/core/Decoder"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { fork } from "node:child_process"

const count = 50_000
const child = fork(new URL("./fakeServer.ts", import.meta.url).pathname, ["openai", String(count), "11"], { stdio: "inherit" })
const baseUrl: string = await new Promise((resolve) => child.once("message", (m: any) => resolve(m.baseUrl)))
const apiKey = "sk-bench"
const bare = async (signal: boolean, decode: boolean) => {
  let after: string | undefined
  let n = 0
  for (;;) {
    const q = after === undefined ? `limit=100` : `limit=100&after=${encodeURIComponent(after)}`
    const r = await fetch(`${baseUrl}/batches?${q}`, { headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" }, ...(signal ? { signal: new AbortController().signal } : {}) })
    const page = JSON.parse(await r.text())
    if (decode) Decoder.decodePage(OpenAi.definition, page, { provider: "openai", operation: "list" })
    n += page.data.length
    if (!page.has_more) break
    after = page.data[page.data.length - 1].id
  }
  return n
}
const rt = ManagedRuntime.make(Layer.merge(OpenAi.layer({ apiKey, baseUrl }), Layer.empty).pipe(Layer.provideMerge(FetchHttpClient.layer)))
const effectLoop = () => rt.runPromise(Effect.gen(function*() {
  const http = yield* HttpClient.HttpClient
  let after: string | undefined
  let n = 0
  for (;;) {
    const response = yield* http.get(`${baseUrl}/batches`, { urlParams: after === undefined ? { limit: "100" } : { limit: "100", after }, headers: { authorization: `Bearer ${apiKey}` }, acceptJson: true })
    const page = JSON.parse(yield* response.text)
    n += page.data.length
    if (!page.has_more) break
    after = page.data[page.data.length - 1].id
  }
  return n
}).pipe(Effect.provideService(HttpClient.TracerDisabledWhen, () => true)))
const variants: Record<string, () => Promise<number>> = {
  bare: () => bare(false, false),
  bareSignal: () => bare(true, false),
  bareDecode: () => bare(false, true),
  effectLoop,
  listLoop: () => rt.runPromise(Effect.gen(function*() {
    let after: string | undefined
    let n = 0
    for (;;) {
      const page = yield* BatchClient.list({ limit: 100, after })
      n += page.data.length
      if (!page.hasMore) break
      after = page.lastId!
    }
    return n
  })),
  listAll: () => rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100 }))),
  listAllNoRA: () => rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100, readAhead: false })))
}
const which = process.argv.slice(2)
const results: Record<string, number[]> = {}
const wall: Record<string, number[]> = {}
for (let round = 0; round < 9; round++) {
  for (const name of which.length ? which : Object.keys(variants)) {
    const cpu = process.cpuUsage()
    const t = performance.now()
    const n = await variants[name]!()
    const c = process.cpuUsage(cpu)
    if (n !== count) throw new Error(`${name} ${n}`)
    if (round > 1) { (results[name] ??= []).push((c.user + c.system) / 1000 / (count / 100)); (wall[name] ??= []).push((performance.now() - t) / (count / 100)) }
  }
}
const med = (xs: number[]) => { xs.sort((a, b) => a - b); return xs[Math.floor(xs.length / 2)]! }
for (const name of Object.keys(results)) console.log(`${name}: cpu median ${med(results[name]!).toFixed(3)} min ${Math.min(...results[name]!).toFixed(3)} ms/page; wall median ${med(wall[name]!).toFixed(3)}`)
await rt.dispose()
child.disconnect()
