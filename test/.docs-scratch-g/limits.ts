import * as BatchClient from "@unibatch/core/BatchClient"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { openAsBlob, truncateSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

for (const d of [OpenAi.definition, Respan.definition, Neosantara.definition]) console.log(d.provider, JSON.stringify(d.lifecycle.limits))

const server = await FakeVendor.start({ provider: "neosantara" })
const NeosantaraLive = Neosantara.layer({ apiKey: "nst-test", baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer))
const big = join(mkdtempSync(join(tmpdir(), "ub-")), "big.jsonl")
writeFileSync(big, "")
truncateSync(big, 100 * 1024 * 1024 + 1)
const refused = <A>(effect: Effect.Effect<A, any, any>) => effect.pipe(Effect.flip, Effect.map((e: any) => `${e._tag} ${e.operation} ${e.status}: ${e.message}`))
const program = Effect.gen(function*() {
  console.log(yield* refused(BatchClient.create({ inputFileId: "file-1", endpoint: "/v1/completions" })))
  console.log(yield* refused(BatchClient.create({ inputFileId: "file-1", endpoint: "/v1/chat/completions", completionWindow: "48h" })))
  console.log(yield* refused(BatchClient.create({ inputFileId: "file-1", endpoint: "/v1/chat/completions", metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) })))
  console.log(yield* refused(BatchClient.create({ inputFileId: "file-1", endpoint: "/v1/chat/completions", metadata: { note: "x".repeat(513) } })))
  console.log(yield* refused(BatchClient.upload(yield* Effect.promise(() => openAsBlob(big)))))
  console.log(yield* refused(BatchClient.submit([{ customId: "a", body: {} }, { customId: "b", body: {} }, { customId: "a", body: {} }], { endpoint: "/v1/chat/completions" })))
  console.log(yield* refused(BatchClient.submit(Array.from({ length: 50_001 }, (_, i) => ({ customId: `r-${i}`, body: {} })), { endpoint: "/v1/chat/completions" })))
  console.log("requests sent:", JSON.stringify(server.requests().map((r) => r.method + " " + r.path)))
  console.log("files kept:", (yield* Stream.runCollect(BatchClient.listFiles())).length)
})
await Effect.runPromise(program.pipe(Effect.provide(NeosantaraLive)))
await server.close()
