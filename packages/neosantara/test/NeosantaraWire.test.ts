import { assert, describe, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { readFileSync } from "node:fs"

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/neosantara/${path}`, import.meta.url), "utf8")

const check = (input: Conformance.CheckInput) => Conformance.check(NeosantaraWire.contract, input)
const found = (report: Conformance.Report) => report.violations.map((violation) => [violation.path, violation.rule, violation.severity])
const listed = () => JSON.parse(fixture("list.json")) as { data: Array<Record<string, unknown>> } & Record<string, unknown>
const first = () => listed().data[0]!

describe("NeosantaraWire", () => {
  it("is the contract the vendor definition carries, with its ID prefix", () => {
    assert.strictEqual(Neosantara.definition.contract, NeosantaraWire.contract)
    assert.strictEqual(Neosantara.definition.ids.nativePrefix, NeosantaraWire.contract.nativePrefix)
    assert.strictEqual(NeosantaraWire.contract.provider, Neosantara.definition.provider)
  })

  it("is the family's batch without cancelling_at, model and usage", () => {
    const fields = Object.keys(NeosantaraWire.Batch.fields)
    assert.deepStrictEqual(fields, Object.keys(OpenAiFamily.batchFields).filter((name) => !["cancelling_at", "model", "usage"].includes(name)))
    assert.strictEqual(NeosantaraWire.Batch.fields.id, OpenAiFamily.batchFields.id)
    assert.strictEqual(NeosantaraWire.contract.nativePrefix, "batch-")
  })

  it("its schema example (\"<string>\" values) is a rendering of types: exactly these violations", () => {
    const report = check({ operation: "list", body: fixture("list-schema.json") })
    assert.strictEqual(report.conformant, false)
    assert.deepStrictEqual(found(report), [
      ["$.object", "literal", "error"],
      ["$.data[0].id", "id-form", "error"],
      ["$.data[0].object", "literal", "error"],
      ["$.data[0].status", "status", "note"],
      ["$.first_id", "pagination.first-id", "error"],
      ["$.last_id", "pagination.last-id", "error"]
    ])
  })

  it("its schema example's {} placeholders are all accepted", () => {
    const schema = JSON.parse(fixture("list-schema.json")) as { data: Array<Record<string, unknown>> }
    const real = first()
    // The schema example's placeholders with the list example's real strings.
    const item = { ...schema.data[0], id: real.id, object: "batch", status: "in_progress" }
    const body = { object: "list", data: [item], first_id: real.id, last_id: real.id, has_more: false }
    assert.deepStrictEqual(check({ operation: "list", body }), { conformant: true, violations: [] })
    assert.isTrue(check({ operation: "list", body: { object: "list", data: [], first_id: {}, last_id: {}, has_more: false } }).conformant)
  })

  describe("Neosantara's own choices", () => {
    it("expires_at is an integer: null and {} are violations", () => {
      assert.deepStrictEqual(found(check({ operation: "retrieve", body: { ...first(), expires_at: {} } })), [["$.expires_at", "placeholder", "error"]])
      assert.deepStrictEqual(found(check({ operation: "retrieve", body: { ...first(), expires_at: null } })), [["$.expires_at", "null", "error"]])
    })

    it("{} is not accepted where a value is required", () => {
      assert.deepStrictEqual(found(check({ operation: "retrieve", body: { ...first(), created_at: {} } })), [["$.created_at", "placeholder", "error"]])
    })

    it("cancelling_at, model and usage are undocumented", () => {
      const body = { ...first(), cancelling_at: null, model: "gpt-4o-mini", usage: null }
      assert.deepStrictEqual(found(check({ operation: "retrieve", body })), [
        ["$.cancelling_at", "undocumented", "error"],
        ["$.model", "undocumented", "error"],
        ["$.usage", "undocumented", "error"]
      ])
    })

    it("IDs are batch-<rest>, cursors too", () => {
      const body = listed()
      body.data[1] = { ...body.data[1], id: "batch_def456" }
      body.last_id = "batch_def456"
      assert.deepStrictEqual(found(check({ operation: "list", body })), [
        ["$.data[1].id", "id-form", "error"],
        ["$.last_id", "id-form", "error"]
      ])
    })

    it("no documented status vocabulary: an unknown status is a note; canceled is known", () => {
      assert.deepStrictEqual(check({ operation: "retrieve", body: { ...first(), status: "canceled" } }), { conformant: true, violations: [] })
      const report = check({ operation: "retrieve", body: { ...first(), status: "queued" } })
      assert.isTrue(report.conformant)
      assert.deepStrictEqual(found(report), [["$.status", "status", "note"]])
    })

    it("the list is newest first", () => {
      const body = listed()
      body.data[0] = { ...body.data[0], created_at: 1699549000 }
      assert.deepStrictEqual(found(check({ operation: "list", body })), [["$.data[1].created_at", "pagination.order", "error"]])
    })

    it("no documented error body: deviations from OpenAI's shape are notes", () => {
      const openAiShape = { error: { message: "Invalid API key.", type: "authentication_error", param: null, code: "invalid_api_key" } }
      assert.deepStrictEqual(check({ operation: "list", status: 401, body: openAiShape }), { conformant: true, violations: [] })
      const text = check({ operation: "list", status: 500, body: "Internal Server Error" })
      assert.isTrue(text.conformant)
      assert.deepStrictEqual(found(text), [["$", "not-json", "note"]])
      assert.deepStrictEqual(found(check({ operation: "list", status: 401, body: { error: "Unauthorized" } })), [["$.error", "error-shape", "note"]])
    })
  })

  it("the fake Neosantara server's bodies (with their {} placeholders) are conformant", () => {
    const data = FakeVendor.generateBatches(Neosantara.definition, 45, 2)
    assert.isTrue(data.some((batch) => JSON.stringify(batch).includes("{}")))
    const body = { object: "list", data, first_id: data[0]!.id, last_id: data[44]!.id, has_more: false }
    assert.deepStrictEqual(check({ operation: "list", body }), { conformant: true, violations: [] })
  })
})
