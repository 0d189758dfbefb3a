import { assert, describe, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Respan from "@unibatch/respan/Respan"
import * as RespanWire from "@unibatch/respan/RespanWire"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { readFileSync } from "node:fs"

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/respan/${path}`, import.meta.url), "utf8")

const check = (input: Conformance.CheckInput) => Conformance.check(RespanWire.contract, input)
const found = (report: Conformance.Report) => report.violations.map((violation) => [violation.path, violation.rule])
const retrieved = () => JSON.parse(fixture("retrieve.json")) as Record<string, unknown>

describe("RespanWire", () => {
  it("is the contract the vendor definition carries, with its ID prefix", () => {
    assert.strictEqual(Respan.definition.contract, RespanWire.contract)
    assert.strictEqual(Respan.definition.ids.nativePrefix, RespanWire.contract.nativePrefix)
    assert.strictEqual(RespanWire.contract.provider, Respan.definition.provider)
  })

  it("is built from the family's fields", () => {
    assert.strictEqual(RespanWire.Batch.fields.created_at, OpenAiFamily.batchFields.created_at)
    assert.strictEqual(RespanWire.Batch.fields.request_counts, OpenAiFamily.batchFields.request_counts)
    assert.notProperty(RespanWire.Batch.fields, "model")
    assert.notProperty(RespanWire.Batch.fields, "usage")
    assert.strictEqual(RespanWire.BatchList.fields.has_more, OpenAiFamily.WireBatchList.fields.has_more)
  })

  describe("Respan's own choices", () => {
    it("input_file_id and completion_window may be absent (its list example), but not null", () => {
      const { completion_window: _window, input_file_id: _input, ...minimal } = retrieved()
      assert.isTrue(check({ operation: "retrieve", body: minimal }).conformant)
      assert.deepStrictEqual(found(check({ operation: "retrieve", body: { ...minimal, input_file_id: null } })), [["$.input_file_id", "null"]])
    })

    it("model and usage are not documented by Respan", () => {
      const body = { ...retrieved(), model: "gpt-4o-mini" }
      assert.deepStrictEqual(found(check({ operation: "retrieve", body })), [["$.model", "undocumented"]])
      assert.isTrue(check({ operation: "retrieve", body, allowExtra: true }).conformant)
    })

    it("{} where a value is documented is a violation", () => {
      assert.deepStrictEqual(found(check({ operation: "retrieve", body: { ...retrieved(), completed_at: {} } })), [["$.completed_at", "placeholder"]])
    })

    it("the list is not judged on order (its own example is oldest first)", () => {
      const body = JSON.parse(fixture("list.json")) as { data: Array<{ created_at: number }> }
      assert.isTrue(body.data[0]!.created_at < body.data[1]!.created_at)
    })

    it("error bodies by status", () => {
      const notFound = { error: { message: "No such batch: batch_x", type: "invalid_request_error" } }
      assert.deepStrictEqual(found(check({ operation: "list", status: 401, body: notFound })), [["$.error", "error-shape"]])
      assert.deepStrictEqual(found(check({ operation: "retrieve", status: 404, body: { error: "Not found." } })), [["$.error", "error-shape"]])
      assert.deepStrictEqual(found(check({ operation: "retrieve", status: 404, body: { error: { message: "x" } } })), [["$.error.type", "error-shape"]])
      assert.deepStrictEqual(found(check({ operation: "retrieve", status: 404, body: { error: { ...notFound.error, code: null } } })), [["$.error.code", "undocumented"]])
      // Undocumented statuses accept either shape Respan uses.
      assert.isTrue(check({ operation: "list", status: 429, body: { error: "Request was throttled." } }).conformant)
      assert.isTrue(check({ operation: "list", status: 500, body: notFound }).conformant)
      assert.deepStrictEqual(found(check({ operation: "list", status: 500, body: { detail: "boom" } })), [["$.error", "error-shape"], ["$.detail", "undocumented"]])
    })
  })

  it("the fake Respan server's bodies are conformant", () => {
    const data = FakeVendor.generateBatches(Respan.definition, 30, 5)
    const body = { object: "list", data, first_id: data[0]!.id, last_id: data[29]!.id, has_more: false }
    assert.deepStrictEqual(check({ operation: "list", body }), { conformant: true, violations: [] })
  })
})
