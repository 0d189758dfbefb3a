// Installed from the tarballs: the Promise API against a fake vendor, as a non-Effect user would.
import { FakeVendor } from "@unibatch/testkit"
import { createClient, NotFoundError } from "unibatch"
import assert from "node:assert/strict"

for (const provider of ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"]) {
  const server = await FakeVendor.start({ provider, count: 25 })
  const client = createClient({ provider, apiKey: "install-test-key", baseUrl: server.baseUrl })
  const page = await client.list({ limit: 5 })
  const batch = await client.retrieve(page.data[0].id)
  assert.equal(batch.id, page.firstId)
  assert.match(batch.createdAt, /Z$/)
  server.clearRequests()
  let seen = 0
  for await (const _ of client.listAll({ limit: 10, readAhead: false })) if (++seen === 12) break
  assert.equal(server.requests().length, 2)
  const missing = await client.retrieve("batch_missing").catch((error) => error)
  assert.ok(missing instanceof NotFoundError)
  console.log(`promise ${provider}: listed ${page.data.length}, retrieved ${batch.id}, 12 via for-await in 2 requests, ${missing.name}`)
  await client.close()
  await server.close()
}

// A provider unibatch does not know is an error that names the known ones, before any request
// (it used to fall through to the last vendor, with the key).
const server = await FakeVendor.start({ provider: "openai" })
const unknown = await (async () => createClient({ provider: "OpenAI", apiKey: "install-test-key", baseUrl: server.baseUrl }).list({ limit: 1 }))().then(
  () => undefined,
  (error) => error
)
assert.ok(unknown instanceof Error, "an unknown provider is refused")
for (const known of ["openai", "respan", "neosantara", "azure", "compatible", "anthropic"]) assert.match(unknown.message, new RegExp(known))
assert.equal(server.requests().length, 0, "nothing was sent")
console.log(`promise "OpenAI": refused before any request (${unknown.name}: ${unknown.message.split("\n")[0]})`)
await server.close()
