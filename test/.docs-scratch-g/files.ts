import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as BatchClient from "@unibatch/core/BatchClient"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { openAsBlob, writeFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const dir = mkdtempSync(join(tmpdir(), "unibatch-docs-"))
const path = join(dir, "requests.jsonl")
const line = (id: string) => JSON.stringify({ custom_id: id, method: "POST", url: "/v1/chat/completions", body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] } }) + "\n"
writeFileSync(path, line("a-1") + line("a-2"))

const server = await FakeVendor.start({ provider: "openai" })
const OpenAiLive = OpenAi.layer({ apiKey: "sk-test", baseUrl: server.baseUrl }).pipe(Layer.provide(FetchHttpClient.layer))

const program = Effect.gen(function*() {
  const fromBlob = yield* BatchClient.upload(yield* Effect.promise(() => openAsBlob(path)), { filename: "requests.jsonl" })
  const fromStream = yield* BatchClient.upload(Stream.make(new TextEncoder().encode(line("b-1"))), { filename: "streamed.jsonl" })
  const fromPath = yield* BatchClient.upload({ path })
  for (const f of [fromBlob, fromStream, fromPath]) console.log(f.id, f.filename, f.bytes, f.purpose, f.status, f.createdAt, f.expiresAt, JSON.stringify(f.extensions))
  const again = yield* BatchClient.retrieveFile(fromBlob.id)
  console.log(again.id === fromBlob.id, again.filename)
  const all = yield* BatchClient.listFiles({ purpose: "batch" }).pipe(Stream.runCollect)
  console.log(all.length, all.map((f) => f.filename).join(","))
  const text = yield* BatchClient.fileContent(fromStream.id).pipe(Stream.decodeText(), Stream.mkString)
  console.log(text)
})
await Effect.runPromise(program.pipe(Effect.provide(Layer.merge(OpenAiLive, NodeFileSystem.layer))))
await server.close()
