import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as OpenAi from "@unibatch/openai/OpenAi"
const definition = { ...OpenAi.definition, lifecycle: { ...OpenAi.definition.lifecycle, limits: { ...OpenAi.definition.lifecycle.limits, maxRequests: 100_000 } } }
const server = await FakeVendor.start({ definition })
const lines = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ custom_id: `r-${i}`, method: "POST", url: "/v1/chat/completions", body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hello" }] } })).join("\n")
const form = new FormData(); form.append("purpose", "batch"); form.append("file", new Blob([lines]), "in.jsonl")
const file = await (await fetch(`${server.baseUrl}/files`, { method: "POST", headers: { authorization: "Bearer k" }, body: form })).json() as any
let t = performance.now()
const batch = await (await fetch(`${server.baseUrl}/batches`, { method: "POST", headers: { authorization: "Bearer k" }, body: JSON.stringify({ input_file_id: file.id, endpoint: "/v1/chat/completions" }) })).json() as any
console.log("create", Math.round(performance.now() - t)); 
await server.close()
