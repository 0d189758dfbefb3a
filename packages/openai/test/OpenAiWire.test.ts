import { assert, describe, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { readFileSync } from "node:fs"

const fixture = (path: string) => readFileSync(new URL(`../../../test/fixtures/openai/${path}`, import.meta.url), "utf8")

const check = (input: Conformance.CheckInput) => Conformance.check(OpenAiWire.contract, input)
const found = (report: Conformance.Report) => report.violations.map((violation) => [violation.path, violation.rule])

const corrected = () => JSON.parse(fixture("list-http-reference-corrected.json")) as { data: Array<Record<string, unknown>> } & Record<string, unknown>

describe("OpenAiWire", () => {
  it("is the contract the vendor definition carries, with its ID prefix", () => {
    assert.strictEqual(OpenAi.definition.contract, OpenAiWire.contract)
    assert.strictEqual(OpenAi.definition.ids.nativePrefix, OpenAiWire.contract.nativePrefix)
    assert.strictEqual(OpenAiWire.contract.provider, OpenAi.definition.provider)
  })

  it("is the family's own schemas", () => {
    assert.strictEqual(OpenAiWire.Batch, OpenAiFamily.WireBatch)
    assert.strictEqual(OpenAiWire.BatchList, OpenAiFamily.WireBatchList)
    assert.strictEqual(OpenAiWire.contract.nativePrefix, "batch_")
    assert.deepStrictEqual(OpenAiWire.statuses, ["validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"])
  })

  describe("seed examples", () => {
    it("the HTTP reference, verbatim: one not-json violation at line 31, column 1", () => {
      const report = check({ operation: "list", body: fixture("list-http-reference.txt") })
      assert.strictEqual(report.conformant, false)
      assert.deepStrictEqual(report.violations.map(({ column, line, path, rule }) => ({ path, rule, line, column })), [
        { path: "$", rule: "not-json", line: 31, column: 1 }
      ])
    })

    it("the Python SDK page: exactly its ID-form and pagination deviations", () => {
      const report = check({ operation: "list", body: fixture("list-python-sdk.json") })
      assert.strictEqual(report.conformant, false)
      assert.deepStrictEqual(report.violations, [
        {
          path: "$.data[0].id",
          rule: "id-form",
          severity: "error",
          message: "batch ID \"id\" does not have openai's form batch_<id>",
          expected: "batch_<id>",
          actual: "\"id\""
        },
        {
          path: "$.first_id",
          rule: "pagination.first-id",
          severity: "error",
          message: "first_id must be the first item's id (\"id\")",
          expected: "\"id\"",
          actual: "\"batch_abc123\""
        },
        {
          path: "$.last_id",
          rule: "pagination.last-id",
          severity: "error",
          message: "last_id must be the last item's id (\"id\")",
          expected: "\"id\"",
          actual: "\"batch_abc456\""
        }
      ])
    })
  })

  describe("OpenAI's own choices", () => {
    it("{} where a value is documented is a violation", () => {
      const body = corrected()
      body.data[1] = { ...body.data[1], output_file_id: {}, cancelled_at: {} }
      assert.deepStrictEqual(found(check({ operation: "list", body })), [
        ["$.data[1].output_file_id", "placeholder"],
        ["$.data[1].cancelled_at", "placeholder"]
      ])
    })

    it("optional fields may be absent or null", () => {
      const body = corrected()
      const { error_file_id: _error, metadata: _metadata, ...rest } = body.data[0]!
      body.data[0] = { ...rest, request_counts: null, model: null, usage: null }
      assert.isTrue(check({ operation: "list", body }).conformant)
    })

    it("the first page of a list is not judged on order", () => {
      const body = corrected()
      body.data.reverse()
      Object.assign(body, { first_id: body.data[0]!.id, last_id: body.data[1]!.id })
      assert.isTrue(check({ operation: "list", body }).conformant)
    })

    it("error bodies: {\"error\": {message, type, param, code}} for every status", () => {
      const error = { message: "Incorrect API key provided.", type: "invalid_request_error", param: null, code: "invalid_api_key" }
      assert.isTrue(check({ operation: "list", status: 401, body: { error } }).conformant)
      assert.isTrue(check({ operation: "retrieve", status: 404, body: { error: { ...error, code: null } } }).conformant)
      assert.deepStrictEqual(found(check({ operation: "list", status: 401, body: { error: "Invalid API key." } })), [["$.error", "error-shape"]])
      assert.deepStrictEqual(found(check({ operation: "list", status: 502, body: "<html>Bad gateway</html>" })), [["$", "not-json"]])
    })
  })

  it("the fake OpenAI server's bodies are conformant", () => {
    const data = FakeVendor.generateBatches(OpenAi.definition, 40, 11)
    const body = { object: "list", data, first_id: data[0]!.id, last_id: data[39]!.id, has_more: true }
    assert.deepStrictEqual(check({ operation: "list", body, limit: 40 }), { conformant: true, violations: [] })
    for (const batch of data) assert.isTrue(check({ operation: "retrieve", body: batch }).conformant)
  })
})
