import { afterAll, assert, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import { conform, contractOf, contracts, subject } from "@unibatch/testkit/Conform"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { installMatchers, matchResponse } from "@unibatch/testkit/Matchers"
import * as Recorder from "@unibatch/testkit/Recorder"
import * as Effect from "effect/Effect"
import { mkdtempSync, readFileSync } from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

installMatchers()

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), "utf8")

describe("Conform", () => {
  it("picks each vendor's contract by name, or from a definition", () => {
    assert.strictEqual(contracts.openai, OpenAi.definition.contract)
    assert.strictEqual(contracts.respan, Respan.definition.contract)
    assert.strictEqual(contracts.neosantara, Neosantara.definition.contract)
    assert.strictEqual(contractOf("respan"), Respan.definition.contract)
    assert.strictEqual(contractOf(Neosantara.definition), Neosantara.definition.contract)
    assert.throws(() => contractOf("OpenAI" as never), /unknown provider "OpenAI".*openai, respan, neosantara, azure, compatible or anthropic/)
  })

  it("checks by definition as by name", () => {
    const body = fixture("neosantara/list.json")
    assert.deepStrictEqual(
      conform({ definition: Neosantara.definition, operation: "list", body }),
      conform({ provider: "neosantara", operation: "list", body })
    )
  })

  it("judges the same body by each vendor's own contract", () => {
    const body = fixture("neosantara/list.json")
    assert.isTrue(conform({ provider: "neosantara", operation: "list", body }).conformant)
    const asOpenAi = conform({ provider: "openai", operation: "list", body })
    assert.isFalse(asOpenAi.conformant)
    // OpenAI's IDs are batch_<rest>, and `errors`, `cancelled_at`... are its own fields too.
    assert.deepStrictEqual(asOpenAi.violations.map((violation) => [violation.path, violation.rule]), [
      ["$.data[0].id", "id-form"],
      ["$.data[1].id", "id-form"],
      ["$.first_id", "id-form"],
      ["$.last_id", "id-form"]
    ])
  })

  it("subject", () => {
    assert.strictEqual(subject({ provider: "openai", operation: "list" }), "openai list, HTTP 200")
  })
})

describe("toConformTo", () => {
  it("passes on a conformant response, raw or parsed", () => {
    expect({ body: fixture("respan/list.json") }).toConformTo("respan", "list")
    expect({ status: 404, body: JSON.parse(fixture("respan/retrieve-404.json")) }).toConformTo("respan", "retrieve")
    expect({ status: 200, body: fixture("openai/list-http-reference-corrected.json") }).toConformTo("openai", "list", { limit: 2 })
  })

  it("fails with every violation and its path", () => {
    let message = ""
    try {
      expect({ body: fixture("openai/list-python-sdk.json") }).toConformTo("openai", "list")
    } catch (error) {
      message = (error as Error).message
    }
    assert.strictEqual(
      message,
      [
        "expected the openai list, HTTP 200 response to conform to openai's documented contract:",
        "  error  $.data[0].id  id-form              batch ID \"id\" does not have openai's form batch_<id>",
        "  error  $.first_id    pagination.first-id  first_id must be the first item's id (\"id\")",
        "  error  $.last_id     pagination.last-id   last_id must be the last item's id (\"id\")",
        "  not conformant, 3 errors: openai list, HTTP 200"
      ].join("\n")
    )
  })

  it("not", () => {
    expect({ body: fixture("openai/list-http-reference.txt") }).not.toConformTo("openai", "list")
    expect(() => expect({ body: fixture("respan/list.json") }).not.toConformTo("respan", "list")).toThrow(
      "expected the respan list, HTTP 200 response not to conform to respan's documented contract, but it does"
    )
  })

  it("options: allowExtra and limit", () => {
    const body = { ...JSON.parse(fixture("respan/retrieve.json")), model: "gpt-4o" }
    expect({ body }).not.toConformTo("respan", "retrieve")
    expect({ body }).toConformTo("respan", "retrieve", { allowExtra: true })
    expect({ body: fixture("respan/list.json") }).not.toConformTo("respan", "list", { limit: 1 })
  })

  it("works as an asymmetric matcher", () => {
    expect({ recorded: { body: fixture("neosantara/list.json") } }).toEqual({ recorded: expect.toConformTo("neosantara", "list") })
  })

  it("takes a vendor definition instead of a name", () => {
    expect({ body: fixture("neosantara/list.json") }).toConformTo(Neosantara.definition, "list")
    expect({ body: fixture("neosantara/list.json") }).not.toConformTo(OpenAi.definition, "list")
  })

  it("a received value that is not a response fails, even under not", () => {
    const result = matchResponse("just a body", "openai", "list")
    assert.isFalse(result.pass)
    assert.include(result.message(false), "expects a response { status?, body }")
    expect(() => expect("just a body").toConformTo("openai", "list")).toThrow("expects a response")
    expect(() => expect("just a body").not.toConformTo("openai", "list")).toThrow("expects a response")
    expect(() => expect({ body: "{}" }).toConformTo("bedrock" as never, "list")).toThrow(
      "vendor is one of openai, respan, neosantara, azure, compatible, anthropic or a vendor definition"
    )
    expect(() => expect({ body: "{}" }).not.toConformTo("bedrock" as never, "list")).toThrow("got \"bedrock\"")
  })
})

describe("Recorder", () => {
  let server: FakeVendor.FakeVendorServer
  const directory = mkdtempSync(join(tmpdir(), "unibatch-recorder-"))

  beforeAll(async () => {
    server = await FakeVendor.start({ provider: "respan", count: 7, apiKey: "rs-test" })
  })
  afterAll(() => server.close())

  it("records one response to a fixture file that the matcher reads", async () => {
    const file = join(directory, "respan/list.json")
    const recording = await Recorder.record({ provider: "respan", operation: "list", baseUrl: server.baseUrl, apiKey: "rs-test", limit: 5, file })
    const saved = JSON.parse(readFileSync(file, "utf8")) as Recorder.Recording
    assert.deepStrictEqual(saved, recording)
    assert.strictEqual(saved.status, 200)
    assert.strictEqual(saved.headers["content-type"], "application/json")
    assert.strictEqual((saved.body as { data: Array<unknown> }).data.length, 5)
    expect(saved).toConformTo("respan", "list", { limit: 5 })
    // The request was the adapter's: Respan's slashed path and bearer auth.
    const request = server.requests().at(-1)!
    assert.strictEqual(request.path, "/api/v1/batches/")
    assert.strictEqual(request.headers.authorization, "Bearer rs-test")
  })

  it("records a vendor error as it came", async () => {
    const file = join(directory, "respan/list-401.json")
    const recording = await Recorder.record({ provider: "respan", operation: "list", baseUrl: server.baseUrl, apiKey: "wrong", file })
    assert.deepStrictEqual([recording.status, recording.body], [401, { error: "Invalid API key." }])
    expect(recording).toConformTo("respan", "list")
  })

  it("records through a definition as through a name", async () => {
    const file = join(directory, "respan/by-definition.json")
    const recording = await Recorder.record({ definition: Respan.definition, operation: "list", baseUrl: server.baseUrl, apiKey: "rs-test", limit: 2, file })
    assert.strictEqual(recording.status, 200)
    assert.strictEqual((recording.body as { data: Array<unknown> }).data.length, 2)
  })

  it("tells a recording from a bare body", () => {
    const recording = JSON.parse(JSON.stringify(Recorder.toRecording({ status: 200, headers: { "content-type": "application/json" }, text: "{\"data\":[]}" })))
    assert.isTrue(Recorder.isRecording(recording))
    assert.isTrue(Recorder.isRecording({ status: 502, headers: {}, body: "<html>502</html>" }))
    assert.isFalse(Recorder.isRecording(recording.body))
    assert.isFalse(Recorder.isRecording({ status: "200", headers: {}, body: {} }))
    assert.isFalse(Recorder.isRecording({ status: 200, headers: {}, body: {}, extra: 1 }))
    assert.isFalse(Recorder.isRecording([200, {}, {}]))
  })

  it("keeps a body that is not JSON as text", () => {
    assert.deepStrictEqual(Recorder.toRecording({ status: 502, headers: {}, text: "<html>502</html>" }).body, "<html>502</html>")
    assert.deepStrictEqual(Recorder.toRecording({ status: 200, headers: {}, text: "\"x\"" }).body, "\"x\"")
  })

  it.effect("captures every page of a list", () =>
    Effect.gen(function* () {
      const capture = yield* Recorder.capture({ provider: "respan", operation: "list", baseUrl: server.baseUrl, apiKey: "rs-test", limit: 3, all: true })
      assert.strictEqual(capture.error, undefined)
      assert.deepStrictEqual(capture.responses.map((response) => (JSON.parse(response.text) as { data: Array<unknown> }).data.length), [3, 3, 1])
      for (const response of capture.responses) {
        assert.isTrue(conform({ provider: "respan", operation: "list", body: response.text, limit: 3 }).conformant)
      }
    }))

  it.live("a capture with no response carries the error", () =>
    Effect.gen(function* () {
      const closed = yield* Effect.promise(() => FakeVendor.start({ provider: "openai" }))
      yield* Effect.promise(() => closed.close())
      const capture = yield* Recorder.capture({ provider: "openai", operation: "list", baseUrl: closed.baseUrl, apiKey: "sk-test" })
      assert.deepStrictEqual(capture.responses, [])
      assert.strictEqual(capture.error?._tag, "TransportError")
    }))

  it("an endless body stops at the client's limit: the capture ends with a DecodeError, not a memory blow-up", async () => {
    // Writes 1 MiB chunks for ever, without a content-length.
    const chunk = Buffer.alloc(1024 * 1024, "a")
    let written = 0
    const endless = Http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" })
      const pump = () => {
        while (!response.destroyed && written < 1024 * 1024 * 1024) {
          written += chunk.length
          if (!response.write(chunk)) return void response.once("drain", pump)
        }
      }
      response.write("[")
      pump()
    })
    await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve))
    try {
      const baseUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1`
      const capture = await Effect.runPromise(Recorder.capture({ provider: "openai", operation: "list", baseUrl, apiKey: "sk-test" }))
      assert.strictEqual(capture.error?._tag, "DecodeError")
      assert.strictEqual(capture.responses.length, 1)
      // Reading stopped a chunk or so past the limit (64 MiB), far below what the server would send.
      assert.isAtMost(capture.responses[0]!.text.length, 80 * 1024 * 1024)
      assert.isBelow(written, 512 * 1024 * 1024)
    } finally {
      endless.closeAllConnections()
      await new Promise((resolve) => endless.close(resolve))
    }
  }, 30_000)

  it("record rejects when nothing came back", async () => {
    const file = join(directory, "never.json")
    await expect(Recorder.record({ provider: "openai", operation: "retrieve", id: "batch_a/b", apiKey: "sk-test", file })).rejects.toMatchObject({
      _tag: "InvalidRequestError"
    })
  })
})
