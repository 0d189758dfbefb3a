/**
 * The official `openai` npm client against `unibatch serve --provider openai` (the built bundle,
 * a child process, its base URL read from the first line of stdout): files.create,
 * batches.create, batches.retrieve, batches.cancel and files.content run a whole job as they
 * would against the real API.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import OpenAI, { toFile } from "openai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bin, build, root } from "./harness.js"

const apiKey = "sk-official-client-SECRET"
let child: ChildProcessWithoutNullStreams
let client: OpenAI
let stderr = ""

beforeAll(async () => {
  build()
  child = spawn(process.execPath, [bin, "serve", "--provider", "openai", "--batch-duration-ms", "300", "--api-key", apiKey], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "" }
  })
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
  const lines = createInterface({ input: child.stdout })
  const baseURL = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve)
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
  expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
  client = new OpenAI({ apiKey, baseURL, maxRetries: 0 })
}, 60_000)

afterAll(async () => {
  if (child === undefined || child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once("exit", resolve))
  child.kill("SIGTERM")
  await exited
})

const jsonl = (customIds: ReadonlyArray<string>) =>
  customIds.map((customId) =>
    JSON.stringify({
      custom_id: customId,
      method: "POST",
      url: "/v1/chat/completions",
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `say ${customId}` }] }
    })
  ).join("\n") + "\n"

const untilEnded = async (id: string): Promise<OpenAI.Batches.Batch> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const batch = await client.batches.retrieve(id)
    if (["completed", "failed", "expired", "cancelled"].includes(batch.status)) return batch
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${id} did not end`)
}

describe("the official openai client against unibatch serve", () => {
  it("files.create, batches.create, batches.retrieve, files.content", async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl(["ok-1", "will-fail-2", "ok-3"])), "input.jsonl"), purpose: "batch" })
    expect(file).toMatchObject({ object: "file", purpose: "batch", filename: "input.jsonl" })
    expect(file.id).toMatch(/^file-/)

    const created = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { job: "official" } })
    expect(created).toMatchObject({ object: "batch", input_file_id: file.id, endpoint: "/v1/chat/completions", metadata: { job: "official" } })

    const ended = await untilEnded(created.id)
    expect(ended.status).toBe("completed")
    expect(ended.request_counts).toEqual({ total: 3, completed: 2, failed: 1 })
    expect(ended.output_file_id).toEqual(expect.any(String))
    expect(ended.error_file_id).toEqual(expect.any(String))

    const output = await (await client.files.content(ended.output_file_id!)).text()
    const lines = output.trimEnd().split("\n").map((line) => JSON.parse(line))
    expect(lines.map((line) => line.custom_id).sort()).toEqual(["ok-1", "ok-3"])
    for (const line of lines) {
      expect(line.response.status_code).toBe(200)
      expect(line.response.body.object).toBe("chat.completion")
    }
    const errors = await (await client.files.content(ended.error_file_id!)).text()
    expect(errors).toContain("will-fail-2")
  })

  it("batches.cancel", async () => {
    const file = await client.files.create({ file: await toFile(Buffer.from(jsonl(["c-1"])), "cancel.jsonl"), purpose: "batch" })
    const created = await client.batches.create({ input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
    const cancelled = await client.batches.cancel(created.id)
    expect(cancelled.id).toBe(created.id)
    expect(["cancelling", "cancelled"]).toContain(cancelled.status)
    expect((await untilEnded(created.id)).status).toBe("cancelled")
  })

  it("a wrong key gets OpenAI's 401, which the client raises as AuthenticationError", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong", baseURL: client.baseURL, maxRetries: 0 })
    await expect(wrong.batches.retrieve("batch_abc")).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
    expect(stderr).not.toContain(apiKey)
  })
})
