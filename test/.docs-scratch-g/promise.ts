import { FakeVendor } from "@unibatch/testkit"
import { createClient, TransportError } from "unibatch"

let clock = Date.parse("2026-01-05T09:00:00Z")
const server = await FakeVendor.start({ provider: "neosantara", batchDurationMs: 60_000, now: () => clock })
const client = createClient({ provider: "neosantara", apiKey: "nst-test", baseUrl: server.baseUrl })

const requests = ["alpha", "beta", "gamma-fail"].map((word) => ({
  customId: word,
  body: { model: "nusantara-base", messages: [{ role: "user", content: `Spell ${word}.` }] }
}))
const batch = await client.submit(requests, { endpoint: "/v1/chat/completions", metadata: { job: "spelling" } })
console.log(batch.id, batch.status, batch.nativeId)

try {
  await client.wait(batch.id, { signal: AbortSignal.timeout(300) })
} catch (error) {
  console.log("aborted:", (error as Error).name, String(error))
}
try {
  await client.wait(batch.id, { timeoutMs: 300 })
} catch (error) {
  if (error instanceof TransportError) console.log(error.name, error.reason, error.message)
}

clock += 60_000
const done = await client.wait(batch.id, { onProgress: (b) => console.log("progress:", b.status, JSON.stringify(b.requestCounts)) })
console.log(done.status)
const outcomes: Record<string, number> = {}
for await (const result of client.results(done.id)) {
  outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1
}
console.log(outcomes)
await client.close()
await server.close()
