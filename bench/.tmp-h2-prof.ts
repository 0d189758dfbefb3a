import * as BatchClient from "@unibatch/core/BatchClient"
import * as Decoder from "@unibatch/core/Decoder"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { fork } from "node:child_process"

const count = 100_000
const child = fork(new URL("./fakeServer.ts", import.meta.url).pathname, ["openai", String(count), "11"], { stdio: "inherit" })
const baseUrl: string = await new Promise((resolve) => child.once("message", (m: any) => resolve(m.baseUrl)))
const apiKey = "sk-bench"
const bare = async (decode: boolean) => {
  let after: string | undefined
  let n = 0
  for (;;) {
    const q = after === undefined ? `limit=100` : `limit=100&after=${encodeURIComponent(after)}`
    const r = await fetch(`${baseUrl}/batches?${q}`, { headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" } })
    const text = await r.text()
    const page = JSON.parse(text)
    if (decode) Decoder.decodePage(OpenAi.definition, page, { provider: "openai", operation: "list" })
    n += page.data.length
    if (!page.has_more) break
    after = page.data[page.data.length - 1].id
  }
  return n
}
const rt = ManagedRuntime.make(OpenAi.layer({ apiKey, baseUrl }).pipe(Layer.provide(FetchHttpClient.layer)))
const variants: Record<string, () => Promise<number>> = {
  bare: () => bare(false),
  bareDecode: () => bare(true),
  listAll: () => rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100 }))),
  listAllNoReadAhead: () => rt.runPromise(Stream.runCount(BatchClient.listAll({ limit: 100, readAhead: false }))),
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
  }))
}
const which = process.argv.slice(2)
for (let round = 0; round < 4; round++) {
  for (const name of which.length ? which : Object.keys(variants)) {
    const cpu = process.cpuUsage()
    const t = performance.now()
    const n = await variants[name]!()
    const c = process.cpuUsage(cpu)
    if (round > 0) console.log(`${name}: n=${n} wall ${((performance.now() - t) / 1000).toFixed(3)} cpu ${((c.user + c.system) / 1e6).toFixed(3)}`)
  }
}
await rt.dispose()
child.disconnect()
