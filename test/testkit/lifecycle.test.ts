/**
 * The fake vendors run the batch lifecycle as each vendor documents it, over real loopback HTTP
 * with `fetch`: upload, create, the states over a duration driven by `TestClock`, output and error
 * files with planted failures and expiries, cancel with partial output, every refusal in the
 * vendor's own error shape, and faults on the new routes.
 */
import { assert, describe, it } from "@effect/vitest"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/testing/TestClock"

const KEY = "sk-lifecycle-test-key"
const DURATION = 10_000
const START = 1_750_000_000_000

type Vendor = FakeVendor.ServedVendor & { readonly lifecycle: NonNullable<FakeVendor.ServedVendor["lifecycle"]> }

interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

const definitionOf = (server: FakeVendor.FakeVendorServer): Vendor => server.definition as Vendor

const authHeaders = (vendor: FakeVendor.ServedVendor): Record<string, string> => ({
  ...vendor.auth.headers,
  [vendor.auth.header]: vendor.auth.scheme === undefined ? KEY : `${vendor.auth.scheme} ${KEY}`
})

const pathUrl = (server: FakeVendor.FakeVendorServer, path: string, id = ""): string =>
  `${server.baseUrl}${path.replace("{id}", encodeURIComponent(id))}`

const call = (url: string, init: RequestInit = {}) =>
  Effect.promise(async (): Promise<Answer> => {
    const response = await fetch(url, { redirect: "manual", ...init })
    return { status: response.status, headers: response.headers, text: await response.text() }
  })

const parse = (answer: Answer): any => JSON.parse(answer.text)

const get = (server: FakeVendor.FakeVendorServer, path: string, id?: string) =>
  call(pathUrl(server, path, id), { headers: authHeaders(server.definition) })

const post = (server: FakeVendor.FakeVendorServer, path: string, id?: string, body?: unknown) =>
  call(pathUrl(server, path, id), {
    method: "POST",
    headers: { ...authHeaders(server.definition), "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })

const requestLine = (customId: string, endpoint = "/v1/chat/completions", body: unknown = { model: "gpt-4o-mini", messages: [] }) =>
  JSON.stringify({ custom_id: customId, method: "POST", url: endpoint, body })

const jsonl = (customIds: ReadonlyArray<string>, endpoint?: string): string =>
  customIds.map((customId) => requestLine(customId, endpoint)).join("\n") + "\n"

const upload = (
  server: FakeVendor.FakeVendorServer,
  content: string,
  options: { readonly purpose?: string | null; readonly filename?: string; readonly withFile?: boolean } = {}
) => {
  const form = new FormData()
  if (options.purpose !== null) form.append("purpose", options.purpose ?? "batch")
  if (options.withFile !== false) form.append("file", new Blob([content]), options.filename ?? "input.jsonl")
  return call(pathUrl(server, definitionOf(server).lifecycle.paths.files), {
    method: "POST",
    headers: authHeaders(server.definition),
    body: form
  })
}

const uploaded = (server: FakeVendor.FakeVendorServer, content: string) =>
  Effect.gen(function*() {
    const answer = yield* upload(server, content)
    assert.strictEqual(answer.status, 200, answer.text)
    return parse(answer)
  })

const createBatch = (server: FakeVendor.FakeVendorServer, body: Record<string, unknown>) =>
  post(server, definitionOf(server).lifecycle.paths.create, undefined, body)

/** Uploads the requests and creates a batch of them; the created batch's wire object. */
const submit = (server: FakeVendor.FakeVendorServer, customIds: ReadonlyArray<string>, endpoint = "/v1/chat/completions") =>
  Effect.gen(function*() {
    const file = yield* uploaded(server, jsonl(customIds, endpoint))
    const answer = yield* createBatch(server, { input_file_id: file.id, endpoint, completion_window: "24h" })
    assert.strictEqual(answer.status, 200, answer.text)
    return parse(answer)
  })

const retrieve = (server: FakeVendor.FakeVendorServer, id: string) =>
  Effect.gen(function*() {
    const answer = yield* get(server, server.definition.paths.retrieve, id)
    assert.strictEqual(answer.status, 200, answer.text)
    return parse(answer)
  })

/** The lines of a file's content; none for a `null` (or `{}`) file id. */
const contentLines = (server: FakeVendor.FakeVendorServer, fileId: unknown) =>
  Effect.gen(function*() {
    if (typeof fileId !== "string") return []
    const answer = yield* get(server, definitionOf(server).lifecycle.paths.fileContent, fileId)
    assert.strictEqual(answer.status, 200, answer.text)
    return answer.text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line))
  })

/** A fake vendor on a clock the test drives with `TestClock`. */
const start = (options: FakeVendor.Options) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(START)
    const clock = yield* Clock.Clock
    return yield* FakeVendor.make({ apiKey: KEY, batchDurationMs: DURATION, now: () => clock.currentTimeMillisUnsafe(), ...options })
  })

const statusOf = (batch: any): string => batch.status

/** The error shape each vendor answers. */
const ERROR_SHAPES: Record<FakeVendor.Provider, (body: any, status: number) => void> = {
  openai: (body) => assert.deepStrictEqual(Object.keys(body.error), ["message", "type", "param", "code"]),
  // Its gateway answers a missing or wrong key with `{error: {code: "401", message}}`.
  azure: (body, status) =>
    assert.deepStrictEqual(Object.keys(body.error), status === 401 ? ["code", "message"] : ["message", "type", "param", "code"]),
  compatible: (body) => assert.deepStrictEqual(Object.keys(body.error), ["message", "type", "param", "code"]),
  anthropic: (body) => {
    assert.strictEqual(body.type, "error")
    assert.deepStrictEqual(Object.keys(body.error), ["type", "message"])
  },
  // Its lifecycle refusals carry a code of their own (checked where it is documented).
  neosantara: (body, status) => {
    assert.deepStrictEqual(Object.keys(body.error), ["message", "type", "param", "code"])
    if (status < 500 && status !== 429) assert.isString(body.error.code)
  },
  respan: (body) =>
    assert.isTrue(
      typeof body.error === "string" || (Object.keys(body.error).join() === "message,type" && typeof body.error.message === "string"),
      JSON.stringify(body)
    )
}

const messageOf = (body: any): string => typeof body.error === "string" ? body.error : body.error.message

// The file-based lifecycle (upload, create from a file, output and error files); a vendor that
// takes its requests inline (Anthropic) is tested in test/vendors/anthropic*.test.ts.
const fileVendors = FakeVendor.providers.filter((provider) => FakeVendor.definitionOf(provider).lifecycle.inline === undefined)

describe.each(fileVendors)("%s fake: the lifecycle", (provider) => {
  const errorShape = ERROR_SHAPES[provider]

  it.effect("a whole job: upload, create, states over time, output and error files", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      const customIds = ["q-1", "q-2", "q-fail-3", "q-4", "q-5", "q-fail-6", "q-7", "q-8", "q-fail-9", "q-10"]
      const content = jsonl(customIds)

      const file = yield* uploaded(server, content)
      assert.match(file.id, /^file-/)
      assert.strictEqual(file.object, "file")
      assert.strictEqual(file.bytes, Buffer.byteLength(content))
      assert.strictEqual(file.purpose, vendor.lifecycle.filePurpose)
      assert.strictEqual(file.filename, "input.jsonl")
      assert.strictEqual(file.created_at, Math.floor(START / 1000))
      if (provider === "neosantara") {
        assert.strictEqual(file.status, "uploaded")
        assert.property(file, "status_details")
      }
      assert.deepStrictEqual(parse(yield* get(server, vendor.lifecycle.paths.file, file.id)), file)
      assert.strictEqual((yield* get(server, vendor.lifecycle.paths.fileContent, file.id)).text, content)

      const createdAnswer = yield* createBatch(server, {
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
        metadata: { project: "lifecycle" }
      })
      assert.strictEqual(createdAnswer.status, 200, createdAnswer.text)
      const created = parse(createdAnswer)
      assert.isTrue(created.id.startsWith(vendor.ids.nativePrefix))
      assert.strictEqual(statusOf(created), "validating")
      assert.strictEqual(created.input_file_id, file.id)
      assert.strictEqual(created.endpoint, "/v1/chat/completions")

      // It is the newest batch, before the generated ones, which do not change.
      const page = parse(yield* get(server, server.definition.paths.list))
      assert.strictEqual(page.data[0].id, created.id)
      assert.deepStrictEqual(page.data.slice(1), server.batches.slice(0, page.data.length - 1))

      yield* TestClock.adjust(DURATION * 0.2)
      const running = yield* retrieve(server, created.id)
      assert.strictEqual(statusOf(running), "in_progress")
      assert.strictEqual(running.in_progress_at, Math.floor((START + DURATION * 0.1) / 1000))
      assert.strictEqual(running.request_counts.total, customIds.length)
      yield* TestClock.adjust(DURATION * 0.4)
      const halfway = yield* retrieve(server, created.id)
      const doneHalfway = halfway.request_counts.completed + halfway.request_counts.failed
      assert.isAbove(doneHalfway, running.request_counts.completed + running.request_counts.failed)
      assert.isBelow(doneHalfway, customIds.length)
      yield* TestClock.adjust(DURATION * 0.25)
      const finalizing = yield* retrieve(server, created.id)
      assert.strictEqual(statusOf(finalizing), "finalizing")
      yield* TestClock.adjust(DURATION * 0.15)
      const completed = yield* retrieve(server, created.id)
      assert.strictEqual(statusOf(completed), "completed")
      assert.strictEqual(completed.completed_at, Math.floor((START + DURATION) / 1000))
      assert.deepStrictEqual(completed.request_counts, { total: 10, completed: 7, failed: 3 })

      const output = yield* contentLines(server, completed.output_file_id)
      const errors = yield* contentLines(server, completed.error_file_id)
      // Every request exactly once across the two files, not in input order.
      assert.deepStrictEqual([...output, ...errors].map((line) => line.custom_id).sort(), [...customIds].sort())
      assert.notDeepEqual(output.map((line) => line.custom_id), customIds.filter((id) => !id.includes("fail")))
      for (const line of output) {
        assert.match(line.id, /^batch_req_/)
        assert.isNull(line.error)
        assert.strictEqual(line.response.status_code, 200)
        assert.strictEqual(line.response.body.object, "chat.completion")
        assert.strictEqual(line.response.body.model, "gpt-4o-mini")
        assert.include(line.response.body.choices[0].message.content, line.custom_id)
      }
      assert.sameMembers(errors.map((line) => line.custom_id), ["q-fail-3", "q-fail-6", "q-fail-9"])
      const ownErrors = errors.filter((line) => line.error !== null)
      const inBody = errors.filter((line) => line.error === null)
      assert.isAbove(ownErrors.length, 0)
      assert.isAbove(inBody.length, 0)
      for (const line of ownErrors) assert.isNull(line.response)
      for (const line of inBody) {
        assert.strictEqual(line.response.status_code, 400)
        assert.isString(line.response.body.error.message)
      }

      // The same again: deterministic.
      assert.deepStrictEqual(yield* contentLines(server, completed.output_file_id), output)

      // The batch's files are listed with purpose batch_output.
      const outputs = parse(yield* call(`${pathUrl(server, vendor.lifecycle.paths.files)}?purpose=batch_output`, {
        headers: authHeaders(vendor)
      }))
      assert.sameMembers(outputs.data.map((listed: any) => listed.id), [completed.output_file_id, completed.error_file_id])
      assert.isTrue(outputs.data.every((listed: any) => listed.purpose === "batch_output"))
    }))

  it.effect("expiry: a request containing `expire` never runs, the batch ends expired with partial output", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const customIds = ["e-1", "e-expire-2", "e-3", "e-fail-4", "e-5", "e-expire-6"]
      const created = yield* submit(server, customIds)
      yield* TestClock.adjust(DURATION * 0.9)
      assert.strictEqual(statusOf(yield* retrieve(server, created.id)), "in_progress")
      yield* TestClock.adjust(DURATION * 0.1)
      const expired = yield* retrieve(server, created.id)
      assert.strictEqual(statusOf(expired), "expired")
      assert.strictEqual(expired.expired_at, Math.floor((START + DURATION) / 1000))
      assert.deepStrictEqual(expired.request_counts, { total: 6, completed: 3, failed: 1 })
      const output = yield* contentLines(server, expired.output_file_id)
      const errors = yield* contentLines(server, expired.error_file_id)
      assert.sameMembers(output.map((line) => line.custom_id), ["e-1", "e-3", "e-5"])
      const expiredLines = errors.filter((line) => line.error?.code === "batch_expired")
      assert.sameMembers(expiredLines.map((line) => line.custom_id), ["e-expire-2", "e-expire-6"])
      assert.sameMembers(errors.map((line) => line.custom_id), ["e-expire-2", "e-expire-6", "e-fail-4"])
    }))

  it.effect("cancel mid-run: cancelling, then cancelled with partial output; a second cancel is refused", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      const customIds = Array.from({ length: 20 }, (_, index) => (index === 3 ? `c-fail-${index}` : `c-${index}`))
      const created = yield* submit(server, customIds)
      yield* TestClock.adjust(DURATION / 2)
      const answer = yield* post(server, vendor.lifecycle.paths.cancel, created.id)
      assert.strictEqual(answer.status, 200, answer.text)
      const cancelAnswer = parse(answer)
      if (provider === "neosantara") {
        // Its documented partial answer.
        assert.deepStrictEqual(Object.keys(cancelAnswer), ["id", "object", "endpoint", "status", "cancelled_at", "request_counts"])
        assert.strictEqual(cancelAnswer.status, "canceled")
        assert.strictEqual(cancelAnswer.cancelled_at, Math.floor((START + DURATION / 2) / 1000))
      } else {
        assert.strictEqual(cancelAnswer.status, "cancelling")
        assert.strictEqual(cancelAnswer.cancelling_at, Math.floor((START + DURATION / 2) / 1000))
      }
      assert.strictEqual(statusOf(yield* retrieve(server, created.id)), "cancelling")
      yield* TestClock.adjust(DURATION / 4)
      const cancelled = yield* retrieve(server, created.id)
      assert.strictEqual(statusOf(cancelled), "cancelled")
      assert.isNumber(cancelled.cancelled_at)
      const output = yield* contentLines(server, cancelled.output_file_id)
      const errors = yield* contentLines(server, cancelled.error_file_id)
      assert.strictEqual(output.length, cancelled.request_counts.completed)
      assert.isAbove(output.length, 0)
      assert.isBelow(output.length, customIds.length - 1)
      assert.sameMembers([...output, ...errors].map((line) => line.custom_id), customIds)
      const notRun = errors.filter((line) => line.error?.code === "batch_cancelled")
      assert.strictEqual(notRun.length, customIds.length - cancelled.request_counts.completed - cancelled.request_counts.failed)

      const again = yield* post(server, vendor.lifecycle.paths.cancel, created.id)
      assert.strictEqual(again.status, 409)
      errorShape(parse(again), 409)
      assert.include(messageOf(parse(again)), "cancelled")
      if (provider === "neosantara") assert.strictEqual(parse(again).error.code, "batch_not_cancellable")
    }))

  it.effect("cancel while validating: every request is counted and reported cancelled", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      const customIds = ["v-1", "v-2", "v-3"]
      const created = yield* submit(server, customIds)
      assert.strictEqual(statusOf(created), "validating")
      assert.strictEqual((yield* post(server, vendor.lifecycle.paths.cancel, created.id)).status, 200)
      yield* TestClock.adjust(DURATION / 4)
      const cancelled = yield* retrieve(server, created.id)
      assert.strictEqual(statusOf(cancelled), "cancelled")
      assert.deepStrictEqual(cancelled.request_counts, { total: 3, completed: 0, failed: 0 })
      const errors = yield* contentLines(server, cancelled.error_file_id)
      assert.sameMembers(errors.map((line) => `${line.custom_id} ${line.error?.code}`), customIds.map((id) => `${id} batch_cancelled`))
    }))

  it.effect("with no duration a batch has ended when it is created", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider, batchDurationMs: 0 })
      const created = yield* submit(server, ["now-1", "now-fail-2"])
      assert.strictEqual(statusOf(created), "completed")
      assert.lengthOf(yield* contentLines(server, created.output_file_id), 1)
      assert.lengthOf(yield* contentLines(server, created.error_file_id), 1)
      // No failures: no error file at all.
      const clean = yield* submit(server, ["clean-1"])
      assert.isTrue(clean.error_file_id === null || (typeof clean.error_file_id === "object" && provider === "neosantara"))
      assert.lengthOf(yield* contentLines(server, clean.error_file_id), 0)
    }))

  it.effect("every check answers in the vendor's error shape", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      const expectProblem = (answer: Answer, status: number, mentions: string) => {
        assert.strictEqual(answer.status, status, answer.text)
        const body = parse(answer)
        errorShape(body, status)
        assert.include(messageOf(body), mentions)
        return body
      }

      const noFile = yield* upload(server, "", { withFile: false })
      assert.strictEqual(noFile.status, 400)
      errorShape(parse(noFile), 400)
      if (provider === "neosantara") assert.strictEqual(parse(noFile).error.code, "missing_file")
      expectProblem(yield* upload(server, jsonl(["p"]), { purpose: "fine-tune" }), 400, "fine-tune")
      expectProblem(yield* upload(server, jsonl(["p"]), { purpose: null }), 400, "batch")
      expectProblem(yield* upload(server, `${requestLine("ok")}\n{not json\n`), 400, "Line 2")
      expectProblem(yield* upload(server, `${JSON.stringify({ method: "POST", url: "/v1/chat/completions", body: {} })}\n`), 400, "custom_id")
      expectProblem(
        yield* upload(server, `${JSON.stringify({ custom_id: "a", method: "POST", url: "/v1/chat/completions" })}\n`),
        400,
        "body"
      )
      expectProblem(yield* upload(server, jsonl(["twice", "twice"])), 400, "Line 2")
      expectProblem(yield* upload(server, "\n\n"), 400, "no requests")
      const notMultipart = yield* post(server, vendor.lifecycle.paths.files, undefined, { file: "x" })
      assert.strictEqual(notMultipart.status, 400)
      errorShape(parse(notMultipart), 400)

      const missing = expectProblem(yield* get(server, vendor.lifecycle.paths.file, "file-missing"), 404, "file-missing")
      if (provider === "neosantara") assert.strictEqual(missing.error.code, "file_not_found")
      expectProblem(yield* get(server, vendor.lifecycle.paths.fileContent, "file-missing"), 404, "file-missing")

      const file = yield* uploaded(server, jsonl(["x-1", "x-2"]))
      const create = (body: Record<string, unknown>) => createBatch(server, body)
      const valid = { input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" }
      expectProblem(yield* create({ ...valid, input_file_id: "file-nope" }), 404, "file-nope")
      expectProblem(yield* create({ endpoint: "/v1/chat/completions" }), 400, "input_file_id")
      expectProblem(yield* create({ ...valid, endpoint: "/v1/images/generations" }), 400, "/v1/images/generations")
      expectProblem(yield* create({ ...valid, completion_window: "48h" }), 400, "48h")
      const pairs = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`key${index}`, "value"]))
      expectProblem(yield* create({ ...valid, metadata: pairs }), 400, "17")
      expectProblem(yield* create({ ...valid, metadata: { ["k".repeat(65)]: "v" } }), 400, "65")
      expectProblem(yield* create({ ...valid, metadata: { note: "v".repeat(513) } }), 400, "513")
      const notJson = yield* call(pathUrl(server, vendor.lifecycle.paths.create), {
        method: "POST",
        headers: { ...authHeaders(vendor), "content-type": "application/json" },
        body: "{nope"
      })
      expectProblem(notJson, 400, "JSON")
      if (vendor.lifecycle.limits.endpoints.includes("/v1/embeddings")) {
        // Each line's url must be the batch's endpoint.
        expectProblem(yield* create({ ...valid, endpoint: "/v1/embeddings" }), 400, "Line 1")
      } else {
        expectProblem(yield* create({ ...valid, endpoint: "/v1/embeddings" }), 400, "/v1/embeddings")
      }
      const unknownBatch = yield* post(server, vendor.lifecycle.paths.cancel, `${vendor.ids.nativePrefix}missing`)
      assert.strictEqual(unknownBatch.status, 404)

      // A wrong key is refused before the upload is read.
      const wrongKey = yield* call(pathUrl(server, vendor.lifecycle.paths.files), {
        method: "POST",
        headers: { [vendor.auth.header]: vendor.auth.scheme === undefined ? "nope" : `${vendor.auth.scheme} nope` },
        body: new FormData()
      })
      assert.strictEqual(wrongKey.status, 401)
    }))

  it.effect("faults reach the new routes, one route at a time", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      server.inject({ route: "upload", status: 503 })
      server.inject({ route: "create", status: 429, headers: { "retry-after": "2" } })
      server.inject({ route: "files", status: 500 })
      server.inject({ route: "file", status: 502 })
      server.inject({ route: "content", truncate: true })
      server.inject({ route: "cancel", status: 500 })

      const faulted = yield* upload(server, jsonl(["f-1"]))
      assert.strictEqual(faulted.status, 503)
      errorShape(parse(faulted), 503)
      const file = yield* uploaded(server, jsonl(["f-1", "f-2"]))

      const limited = yield* createBatch(server, { input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.headers.get("retry-after"), "2")
      const created = parse(
        yield* createBatch(server, { input_file_id: file.id, endpoint: "/v1/chat/completions", completion_window: "24h" })
      )
      assert.strictEqual(statusOf(created), "validating")

      assert.strictEqual((yield* get(server, vendor.lifecycle.paths.files)).status, 500)
      assert.strictEqual((yield* get(server, vendor.lifecycle.paths.files)).status, 200)
      const gateway = yield* get(server, vendor.lifecycle.paths.file, file.id)
      assert.strictEqual(gateway.status, 502)
      assert.include(gateway.text, "<html>")
      const cut = yield* get(server, vendor.lifecycle.paths.fileContent, file.id)
      assert.strictEqual(cut.text, jsonl(["f-1", "f-2"]).slice(0, Math.floor(Buffer.byteLength(jsonl(["f-1", "f-2"])) / 2)))
      assert.strictEqual((yield* get(server, vendor.lifecycle.paths.fileContent, file.id)).text, jsonl(["f-1", "f-2"]))

      assert.strictEqual((yield* post(server, vendor.lifecycle.paths.cancel, created.id)).status, 500)
      assert.strictEqual((yield* post(server, vendor.lifecycle.paths.cancel, created.id)).status, 200)
      // A delayed upload still reads the whole body; a reset content request gets no answer.
      server.inject({ route: "upload", delayMs: 30 })
      const delayed = yield* uploaded(server, jsonl(["d-1"]))
      assert.strictEqual((yield* get(server, vendor.lifecycle.paths.fileContent, delayed.id)).text, jsonl(["d-1"]))
      server.inject({ route: "content", reset: true })
      const reset = yield* Effect.promise(() =>
        fetch(pathUrl(server, vendor.lifecycle.paths.fileContent, delayed.id), { headers: authHeaders(vendor) }).then(
          () => "answered",
          () => "reset"
        )
      )
      assert.strictEqual(reset, "reset")
      // A fault on list did not touch the others, and still waits for a list.
      server.inject({ route: "list", status: 503 })
      assert.strictEqual((yield* get(server, vendor.lifecycle.paths.files)).status, 200)
      assert.strictEqual((yield* get(server, server.definition.paths.list)).status, 503)
    }))

  it.effect("the generated batches' files are served by id, consistent with their counts, and not listed", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      const batch: any = server.batches.find((wire) =>
        wire["status"] === "completed" && typeof wire["output_file_id"] === "string" && typeof wire["error_file_id"] === "string"
      )
      assert.isDefined(batch)
      const input = yield* contentLines(server, batch.input_file_id)
      const output = yield* contentLines(server, batch.output_file_id)
      const errors = yield* contentLines(server, batch.error_file_id)
      assert.lengthOf(input, batch.request_counts.total)
      assert.lengthOf(output, batch.request_counts.completed)
      assert.lengthOf(errors, batch.request_counts.failed)
      assert.sameMembers([...output, ...errors].map((line) => line.custom_id), input.map((line) => line.custom_id))
      for (const line of input) assert.strictEqual(line.url, batch.endpoint)
      const file = parse(yield* get(server, vendor.lifecycle.paths.file, batch.output_file_id))
      assert.strictEqual(file.purpose, "batch_output")
      assert.strictEqual(file.bytes, Buffer.byteLength((yield* get(server, vendor.lifecycle.paths.fileContent, batch.output_file_id)).text))
      const listed = parse(yield* get(server, vendor.lifecycle.paths.files))
      assert.deepStrictEqual(listed.data, [])
      // A generated input file can be run again.
      const rerun = parse(yield* createBatch(server, { input_file_id: batch.input_file_id, endpoint: batch.endpoint, completion_window: "24h" }))
      assert.strictEqual(rerun.input_file_id, batch.input_file_id)
    }))

  it.effect("files are listed newest first, paged by the vendor's envelope, filtered by purpose", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider })
      const vendor = definitionOf(server)
      const ids: Array<string> = []
      for (let index = 0; index < 3; index++) {
        ids.push((yield* uploaded(server, jsonl([`l-${index}`]))).id)
        yield* TestClock.adjust(1_000)
      }
      const paging = vendor.lifecycle.filePaging
      const envelope = vendor.lifecycle.fileList
      const first = parse(yield* call(`${pathUrl(server, vendor.lifecycle.paths.files)}?${paging.limitParam}=2`, { headers: authHeaders(vendor) }))
      assert.deepStrictEqual(first[envelope.data].map((file: any) => file.id), [ids[2], ids[1]])
      assert.isTrue(first[envelope.hasMore])
      if (envelope.lastId === null) assert.notProperty(first, "last_id")
      else assert.strictEqual(first[envelope.lastId], ids[1])
      const second = parse(
        yield* call(`${pathUrl(server, vendor.lifecycle.paths.files)}?${paging.limitParam}=2&${paging.cursorParam}=${ids[1]}`, {
          headers: authHeaders(vendor)
        })
      )
      assert.deepStrictEqual(second[envelope.data].map((file: any) => file.id), [ids[0]])
      assert.isFalse(second[envelope.hasMore])
      const none = parse(yield* call(`${pathUrl(server, vendor.lifecycle.paths.files)}?purpose=batch_output`, { headers: authHeaders(vendor) }))
      assert.deepStrictEqual(none[envelope.data], [])
      const badLimit = yield* call(`${pathUrl(server, vendor.lifecycle.paths.files)}?${paging.limitParam}=0`, { headers: authHeaders(vendor) })
      assert.strictEqual(badLimit.status, 400)
      errorShape(parse(badLimit), 400)
    }))
})

describe("the lifecycle, vendor by vendor", () => {
  it.effect("each endpoint's answers are shaped like that endpoint's", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider: "openai", batchDurationMs: 0 })
      const shapes: Record<string, (body: any) => void> = {
        "/v1/chat/completions": (body) => assert.strictEqual(body.choices[0].message.role, "assistant"),
        "/v1/embeddings": (body) => {
          assert.strictEqual(body.object, "list")
          assert.strictEqual(body.data[0].object, "embedding")
          assert.isArray(body.data[0].embedding)
        },
        "/v1/responses": (body) => {
          assert.strictEqual(body.object, "response")
          assert.strictEqual(body.output[0].content[0].type, "output_text")
        },
        "/v1/completions": (body) => assert.strictEqual(body.object, "text_completion"),
        "/v1/moderations": (body) => assert.isBoolean(body.results[0].flagged)
      }
      for (const endpoint of OpenAi.definition.lifecycle.limits.endpoints) {
        const created = yield* submit(server, ["shape-1"], endpoint)
        const [line] = yield* contentLines(server, created.output_file_id)
        shapes[endpoint]!(line.response.body)
      }
    }))

  it.effect("respan: GETs without the slash are redirected; POSTs are not found (Django cannot redirect a POST)", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider: "respan" })
      const headers = authHeaders(server.definition)
      const file = yield* uploaded(server, jsonl(["r-1"]))
      const listing = yield* call(`${server.baseUrl}/files?purpose=batch`, { headers })
      assert.strictEqual(listing.status, 301)
      assert.strictEqual(listing.headers.get("location"), "/api/v1/files/?purpose=batch")
      const content = yield* call(`${server.baseUrl}/files/${file.id}/content`, { headers })
      assert.strictEqual(content.headers.get("location"), `/api/v1/files/${file.id}/content/`)
      const upload = yield* call(`${server.baseUrl}/files`, { method: "POST", headers, body: new FormData() })
      assert.strictEqual(upload.status, 404)
      assert.deepStrictEqual(parse(upload), { error: "Not found." })
      const create = yield* call(`${server.baseUrl}/batches`, { method: "POST", headers, body: "{}" })
      assert.strictEqual(create.status, 404)
    }))

  it.effect("an upload over the vendor's size limit is refused, naming the size and the limit", () =>
    Effect.gen(function*() {
      const definition = {
        ...OpenAi.definition,
        lifecycle: { ...OpenAi.definition.lifecycle, limits: { ...OpenAi.definition.lifecycle.limits, maxFileBytes: 100 } }
      }
      const server = yield* start({ definition })
      const content = jsonl(["big-1", "big-2"])
      const refused = yield* upload(server, content)
      assert.strictEqual(refused.status, 400)
      assert.include(parse(refused).error.message, `${Buffer.byteLength(content)} bytes`)
      assert.include(parse(refused).error.message, "100 bytes")
      assert.strictEqual(parse(refused).error.param, "file")
    }))

  it.effect("more requests than the vendor's limit are refused at upload, naming the line", () =>
    Effect.gen(function*() {
      const definition = {
        ...OpenAi.definition,
        lifecycle: { ...OpenAi.definition.lifecycle, limits: { ...OpenAi.definition.lifecycle.limits, maxRequests: 2 } }
      }
      const server = yield* start({ definition })
      const refused = yield* upload(server, jsonl(["m-1", "m-2", "m-3"]))
      assert.strictEqual(refused.status, 400)
      assert.include(parse(refused).error.message, "Line 3")
      assert.include(parse(refused).error.message, "2 requests")
    }))

  it.effect("a large upload arrives whole: every byte kept, every line checked", () =>
    Effect.gen(function*() {
      const server = yield* start({ provider: "openai" })
      const customIds = Array.from({ length: 20_000 }, (_, index) => `large-${index}-ü`)
      const content = jsonl(customIds)
      const file = yield* uploaded(server, content)
      assert.strictEqual(file.bytes, Buffer.byteLength(content))
      const back = yield* get(server, definitionOf(server).lifecycle.paths.fileContent, file.id)
      assert.strictEqual(back.text, content)
    }))

  it("refuses a batch duration that is not a number of 0 or more", async () => {
    for (const batchDurationMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await FakeVendor.start({ provider: "openai", batchDurationMs }).catch((caught: unknown) => caught)
      assert.instanceOf(error, RangeError)
      assert.include((error as RangeError).message, "batchDurationMs")
    }
  })

  it.effect("a profile that says nothing of its lifecycle: the family's answers, refusals in its own error shape", () =>
    Effect.gen(function*() {
      const { lifecycle: _lifecycle, ...profile } = OpenAi.definition.fakeServer
      const definition = {
        ...OpenAi.definition,
        fakeServer: {
          ...profile,
          error: (problem: { readonly _tag: string }) => ({ type: "error", error: { type: problem._tag, message: "message" in problem ? problem.message : "" } })
        }
      }
      const server = yield* start({ definition, batchDurationMs: 0 })
      const created = yield* submit(server, ["plain-1"])
      assert.strictEqual(statusOf(created), "completed")
      const [line] = yield* contentLines(server, created.output_file_id)
      assert.strictEqual(line.response.body.object, "chat.completion")
      const missing = yield* get(server, OpenAi.definition.lifecycle.paths.file, "file-missing")
      assert.strictEqual(missing.status, 404)
      assert.deepStrictEqual(parse(missing), { type: "error", error: { type: "Fault", message: "No such File object: file-missing" } })
    }))

  it.effect("a vendor served without a lifecycle answers only list and retrieve", () =>
    Effect.gen(function*() {
      const { lifecycle: _lifecycle, ...withoutLifecycle } = OpenAi.definition
      const server = yield* start({ definition: withoutLifecycle })
      const answer = yield* call(`${server.baseUrl}/files`, { headers: authHeaders(server.definition) })
      assert.strictEqual(answer.status, 404)
    }))
})
