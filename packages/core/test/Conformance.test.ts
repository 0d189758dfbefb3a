import { assert, describe, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Timestamp from "@unibatch/core/Timestamp"
import { pipe } from "effect/Function"
import * as Schema from "effect/Schema"

// The bare family contract, for a made-up vendor: what the vendor packages build theirs from.
const family: Conformance.Contract = {
  ...OpenAiFamily.wireFacts,
  provider: "example",
  batch: OpenAiFamily.WireBatch,
  list: OpenAiFamily.WireBatchList,
  errorBodies: { byStatus: {}, otherwise: OpenAiFamily.WireErrorBody, severity: "error" },
  statuses: OpenAiFamily.statuses,
  statusSeverity: "error",
  nativePrefix: "batch_",
  newestFirst: false,
  notes: []
}

const batch = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: "batch_abc123",
  object: "batch",
  endpoint: "/v1/chat/completions",
  errors: null,
  input_file_id: "file-abc123",
  completion_window: "24h",
  status: "completed",
  output_file_id: "file-out",
  error_file_id: null,
  created_at: 1711471533,
  in_progress_at: 1711471538,
  expires_at: 1711557933,
  finalizing_at: 1711493133,
  completed_at: 1711493163,
  failed_at: null,
  expired_at: null,
  cancelling_at: null,
  cancelled_at: null,
  request_counts: { total: 100, completed: 95, failed: 5 },
  metadata: { project: "nightly" },
  ...overrides
})

const page = (data: ReadonlyArray<Record<string, unknown>>, overrides: Record<string, unknown> = {}) => ({
  object: "list",
  data,
  first_id: data[0]?.id ?? null,
  last_id: data[data.length - 1]?.id ?? null,
  has_more: false,
  ...overrides
})

/** `[path, rule]` pairs: what most assertions care about. */
const found = (report: Conformance.Report) => report.violations.map((violation) => [violation.path, violation.rule])

const retrieve = (body: unknown, options: Partial<Conformance.CheckInput> = {}) =>
  Conformance.check(family, { operation: "retrieve", body, ...options })

const list = (body: unknown, options: Partial<Conformance.CheckInput> = {}) => Conformance.check(family, { operation: "list", body, ...options })

describe("Conformance", () => {
  describe("bodies that fit", () => {
    it("a full batch, as text or parsed", () => {
      assert.deepStrictEqual(retrieve(JSON.stringify(batch())), { conformant: true, violations: [] })
      assert.deepStrictEqual(retrieve(batch()), { conformant: true, violations: [] })
    })

    it("only the required fields", () => {
      const { id, object, endpoint, input_file_id, completion_window, status, created_at } = batch()
      assert.isTrue(retrieve({ id, object, endpoint, input_file_id, completion_window, status, created_at }).conformant)
    })

    it("an empty page with null cursors", () => {
      assert.isTrue(list(page([])).conformant)
    })
  })

  describe("not JSON", () => {
    it("one violation with line and column", () => {
      const report = retrieve('{\n  "id": "batch_1",\n}')
      assert.strictEqual(report.conformant, false)
      assert.deepStrictEqual(report.violations, [
        {
          path: "$",
          rule: "not-json",
          severity: "error",
          message: "body is not JSON: unexpected \"}\" at line 3, column 1",
          expected: "JSON",
          actual: "\"}\"",
          line: 3,
          column: 1
        }
      ])
    })

    it("an empty body ends too early", () => {
      const [violation] = retrieve("").violations
      assert.strictEqual(violation?.message, "body is not JSON: unexpected end of input at line 1, column 1")
    })

    it("an HTML error page", () => {
      const [violation] = retrieve("<html><body>502</body></html>", { status: 502 }).violations
      assert.deepStrictEqual([violation?.rule, violation?.line, violation?.column], ["not-json", 1, 1])
    })
  })

  describe("shape rules", () => {
    it("missing", () => {
      const { endpoint: _endpoint, ...body } = batch()
      const report = retrieve(body)
      assert.deepStrictEqual(report.violations, [
        { path: "$.endpoint", rule: "missing", severity: "error", message: "required field \"endpoint\" is missing", expected: "a string", actual: "absent" }
      ])
    })

    it("type, in the words of the refinement", () => {
      const report = retrieve(batch({ created_at: "1711471533", in_progress_at: 1.5 }))
      assert.deepStrictEqual(found(report), [["$.created_at", "type"], ["$.in_progress_at", "type"]])
      assert.strictEqual(report.violations[0]!.message, "expected an integer (unix seconds), got string \"1711471533\"")
      assert.strictEqual(report.violations[1]!.expected, "an integer (unix seconds) or null")
    })

    it("type under a nullable object says the nested path", () => {
      const report = retrieve(batch({ request_counts: { total: 100, completed: -1, failed: "5" } }))
      assert.deepStrictEqual(found(report), [["$.request_counts.completed", "type"], ["$.request_counts.failed", "type"]])
      assert.strictEqual(report.violations[0]!.expected, "a non-negative integer")
    })

    it("null where not nullable", () => {
      const report = retrieve(batch({ status: null }))
      assert.deepStrictEqual(report.violations, [
        { path: "$.status", rule: "null", severity: "error", message: "null where a string is documented", expected: "a string", actual: "null" }
      ])
    })

    it("placeholder where a scalar or an object with required fields is documented", () => {
      const report = retrieve(batch({ output_file_id: {}, request_counts: {}, id: {} }))
      assert.deepStrictEqual(found(report), [["$.id", "placeholder"], ["$.output_file_id", "placeholder"], ["$.request_counts", "placeholder"]])
      assert.strictEqual(report.violations[1]!.message, "the {} placeholder where a string or null is documented")
    })

    it("{} is fine where every field of the documented object is optional", () => {
      assert.isTrue(retrieve(batch({ errors: {} })).conformant)
    })

    it("literal", () => {
      const report = list(page([batch()], { object: "lists" }))
      assert.deepStrictEqual(report.violations, [
        { path: "$.object", rule: "literal", severity: "error", message: "expected \"list\", got \"lists\"", expected: "\"list\"", actual: "\"lists\"" }
      ])
    })

    it("undocumented: an error, or a note with allowExtra", () => {
      const body = batch({ priority: "high", request_counts: { total: 1, completed: 1, failed: 0, pending: 0 } })
      assert.deepStrictEqual(found(retrieve(body)), [["$.request_counts.pending", "undocumented"], ["$.priority", "undocumented"]])
      const relaxed = retrieve(body, { allowExtra: true })
      assert.isTrue(relaxed.conformant)
      assert.deepStrictEqual(relaxed.violations.map((violation) => violation.severity), ["note", "note"])
    })

    it("keys that are not identifiers are quoted in paths", () => {
      assert.deepStrictEqual(found(retrieve(batch({ "x-trace id": 1, metadata: { "a b": 1 } }))), [
        ["$.metadata[\"a b\"]", "type"],
        ["$[\"x-trace id\"]", "undocumented"]
      ])
    })

    it("a body that is not an object", () => {
      assert.deepStrictEqual(found(retrieve([batch()])), [["$", "type"]])
      assert.deepStrictEqual(found(list(page([batch(), "batch_x" as never]))), [["$.data[1]", "type"]])
    })
  })

  describe("invariants", () => {
    it("id-form on id and cursors", () => {
      assert.deepStrictEqual(found(retrieve(batch({ id: "batch-abc123" }))), [["$.id", "id-form"]])
      const report = list(page([batch({ id: "abc" })]))
      assert.deepStrictEqual(found(report), [["$.data[0].id", "id-form"], ["$.first_id", "id-form"], ["$.last_id", "id-form"]])
    })

    it("fitsIdForm", () => {
      assert.isTrue(Conformance.fitsIdForm("batch_", "batch_abc123"))
      for (const id of ["batch_", "batch-abc", "batch_a b", "batch_a/b", "batch_a?b", "batch_a#b", "batch_a..b", "xbatch_a"]) {
        assert.isFalse(Conformance.fitsIdForm("batch_", id), id)
      }
    })

    it("status", () => {
      const report = retrieve(batch({ status: "canceled" }))
      assert.deepStrictEqual(found(report), [["$.status", "status"]])
      assert.strictEqual(report.violations[0]!.expected, "one of validating, failed, in_progress, finalizing, completed, expired, cancelling, cancelled")
    })

    it("a status outside the vocabulary is a note where the contract says so", () => {
      const report = Conformance.check({ ...family, statusSeverity: "note" }, { operation: "retrieve", body: batch({ status: "queued" }) })
      assert.isTrue(report.conformant)
      assert.deepStrictEqual(report.violations.map((violation) => [violation.rule, violation.severity]), [["status", "note"]])
    })

    it("timestamps.order: one violation per field, against the nearest earlier field", () => {
      const report = retrieve(batch({ completed_at: 1711493100, cancelling_at: 1711471600, cancelled_at: 1711471590, status: "cancelled" }))
      assert.deepStrictEqual(found(report), [["$.completed_at", "timestamps.order"], ["$.cancelled_at", "timestamps.order"]])
      assert.strictEqual(report.violations[0]!.message, "completed_at (1711493100) is before finalizing_at (1711493133)")
      assert.strictEqual(report.violations[1]!.expected, "at or after cancelling_at (1711471600)")
    })

    it("timestamps.order skips values of the wrong type", () => {
      assert.deepStrictEqual(found(retrieve(batch({ created_at: "late", in_progress_at: 1 }))), [["$.created_at", "type"]])
    })

    it("request-counts.sum", () => {
      const report = retrieve(batch({ request_counts: { total: 10, completed: 8, failed: 3 } }))
      assert.deepStrictEqual(report.violations, [
        {
          path: "$.request_counts",
          rule: "request-counts.sum",
          severity: "error",
          message: "completed + failed (8 + 3) is more than total (10)",
          expected: "completed + failed ≤ total",
          actual: "8 + 3 > 10"
        }
      ])
    })

    it("request-counts.sum is not judged on counts of the wrong shape", () => {
      assert.deepStrictEqual(found(retrieve(batch({ request_counts: { total: -1, completed: 0, failed: 0 } }))), [["$.request_counts.total", "type"]])
    })

    it("pagination cursors", () => {
      const data = [batch(), batch({ id: "batch_def456" })]
      assert.deepStrictEqual(found(list(page(data, { first_id: "batch_def456", last_id: "batch_abc123" }))), [
        ["$.first_id", "pagination.first-id"],
        ["$.last_id", "pagination.last-id"]
      ])
      const empty = list(page([], { first_id: "batch_abc123", last_id: null }))
      assert.deepStrictEqual(found(empty), [["$.first_id", "pagination.first-id"]])
      assert.strictEqual(empty.violations[0]!.message, "first_id must be null on an empty page")
      assert.deepStrictEqual(found(list(page(data, { last_id: null }))), [["$.last_id", "pagination.last-id"]])
    })

    it("a cursor of the wrong type is only a type violation", () => {
      assert.deepStrictEqual(found(list(page([batch()], { first_id: 7, last_id: {} }))), [["$.first_id", "type"], ["$.last_id", "placeholder"]])
    })

    it("pagination.limit", () => {
      const report = list(page([batch(), batch({ id: "batch_def456" })]), { limit: 1 })
      assert.deepStrictEqual(found(report), [["$.data", "pagination.limit"]])
      assert.strictEqual(report.violations[0]!.actual, "2 items")
      assert.isTrue(list(page([batch()]), { limit: 1 }).conformant)
    })

    it("pagination.order where the vendor documents newest first", () => {
      const data = [batch(), batch({ id: "batch_def456", created_at: 1711471534, in_progress_at: null, finalizing_at: null, completed_at: null })]
      assert.isTrue(list(page(data)).conformant)
      const report = Conformance.check({ ...family, newestFirst: true }, { operation: "list", body: page(data) })
      assert.deepStrictEqual(found(report), [["$.data[1].created_at", "pagination.order"]])
    })
  })

  describe("error bodies", () => {
    const contract: Conformance.Contract = {
      ...family,
      errorBodies: {
        byStatus: { 401: Schema.Struct({ error: Schema.String }) },
        otherwise: OpenAiFamily.WireErrorBody,
        severity: "error"
      }
    }
    const check = (status: number, body: unknown) => Conformance.check(contract, { operation: "list", status, body })

    it("the shape documented for the status", () => {
      assert.isTrue(check(401, { error: "Invalid API key." }).conformant)
      assert.isTrue(check(404, { error: { message: "No such batch", type: "invalid_request_error", param: null, code: null } }).conformant)
    })

    it("error-shape, with the nested path", () => {
      assert.deepStrictEqual(found(check(401, { error: { message: "Invalid API key." } })), [["$.error", "error-shape"]])
      const report = check(429, { error: { message: "Slow down", type: "requests", code: null } })
      assert.deepStrictEqual(found(report), [["$.error.param", "error-shape"]])
      assert.strictEqual(report.violations[0]!.message, "error body: required field \"param\" is missing")
    })

    it("undocumented fields in an error body stay `undocumented`", () => {
      assert.deepStrictEqual(found(check(401, { error: "Invalid API key.", detail: "x" })), [["$.detail", "undocumented"]])
    })

    it("a vendor that documents no error body: notes only", () => {
      const lenient = { ...family, errorBodies: { ...family.errorBodies, severity: "note" as const } }
      const report = Conformance.check(lenient, { operation: "list", status: 500, body: "upstream timed out" })
      assert.isTrue(report.conformant)
      assert.deepStrictEqual(report.violations.map((violation) => [violation.rule, violation.severity]), [["not-json", "note"]])
    })
  })

  describe("reporting", () => {
    it("every violation at once, in the order of the body", () => {
      const body = page([batch({ status: "done", created_at: "x" }), batch({ id: "batch_def456", output_file_id: {} })], { last_id: "batch_zzz" })
      assert.deepStrictEqual(found(list(body)), [
        ["$.data[0].status", "status"],
        ["$.data[0].created_at", "type"],
        ["$.data[1].output_file_id", "placeholder"],
        ["$.last_id", "pagination.last-id"]
      ])
    })

    it("check is dual", () => {
      const report = pipe(family, Conformance.check({ operation: "retrieve", body: batch() }))
      assert.isTrue(report.conformant)
    })

    it("format and verdict", () => {
      const report = retrieve(batch({ status: "done", priority: 1 }), { allowExtra: true })
      assert.deepStrictEqual(Conformance.format(report, "example retrieve, HTTP 200"), [
        "error  $.status    status        status \"done\" is not one of example's statuses",
        "note   $.priority  undocumented  \"priority\" is not a field example documents here",
        "not conformant, 1 error and 1 note: example retrieve, HTTP 200"
      ])
      assert.strictEqual(Conformance.verdict({ conformant: true, violations: [] }, "x"), "conformant: x")
      assert.strictEqual(Conformance.verdict(retrieve(batch({ a: 1 }), { allowExtra: true }), "x"), "conformant with 1 note: x")
    })

    it("every rule is documented", () => {
      assert.deepStrictEqual(Object.keys(Conformance.rules).length, 16)
    })
  })

  describe("Placeholder", () => {
    it("is exactly {}", () => {
      const is = Schema.is(OpenAiFamily.Placeholder)
      assert.isTrue(is({}))
      for (const value of [{ a: 1 }, [], null, "", 0]) assert.isFalse(is(value))
    })

    it("documents {} where a contract puts it in a union", () => {
      const contract = {
        ...family,
        batch: Schema.Struct({ ...OpenAiFamily.batchFields, output_file_id: Schema.optionalKey(Schema.Union([Schema.String, Schema.Null, OpenAiFamily.Placeholder])) })
      }
      assert.isTrue(Conformance.check(contract, { operation: "retrieve", body: batch({ output_file_id: {} }) }).conformant)
      const report = Conformance.check(contract, { operation: "retrieve", body: batch({ output_file_id: 5 }) })
      assert.deepStrictEqual(report.violations.map((violation) => [violation.rule, violation.expected]), [["type", "a string, null or {}"]])
    })
  })

  describe("a vendor with other wire names, RFC 3339 timestamps and another counts rule", () => {
    // Made up: a `state` field, `key` IDs, `items`/`head`/`tail` envelope, `tally` counts.
    const Time = Timestamp.rfc3339.schema
    const Item = Schema.Struct({
      key: Schema.String,
      state: Schema.String,
      opened: Time,
      started: Schema.NullOr(Time),
      closed: Schema.NullOr(Time),
      tally: Schema.Struct({ all: OpenAiFamily.Count, ok: OpenAiFamily.Count, bad: OpenAiFamily.Count, skipped: OpenAiFamily.Count })
    })
    const other: Conformance.Contract = {
      provider: "other",
      batch: Item,
      list: Schema.Struct({ items: Schema.Array(Item), head: Schema.NullOr(Schema.String), tail: Schema.NullOr(Schema.String), more: Schema.Boolean }),
      errorBodies: { byStatus: {}, otherwise: Schema.Struct({ message: Schema.String }), severity: "error" },
      statuses: ["open", "running", "closed"],
      statusSeverity: "error",
      nativePrefix: "job.",
      newestFirst: true,
      fields: { id: "key", status: "state", createdAt: "opened" },
      envelope: { data: "items", hasMore: "more", firstId: "head", lastId: "tail" },
      timestamps: {
        codec: Timestamp.rfc3339,
        order: [{ field: "started", notBefore: ["opened"] }, { field: "closed", notBefore: ["started", "opened"] }]
      },
      counts: { field: "tally", total: "all", parts: ["ok", "bad", "skipped"] },
      notes: []
    }
    const item = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
      key: "job.1",
      state: "closed",
      opened: "2024-03-26T16:45:33Z",
      started: "2024-03-26T16:46:00.500Z",
      // The same instant as 17:00:00Z, written with an offset: compared as instants, not as text.
      closed: "2024-03-26T19:00:00+02:00",
      tally: { all: 10, ok: 7, bad: 2, skipped: 1 },
      ...overrides
    })
    const items = (data: ReadonlyArray<Record<string, unknown>>, overrides: Record<string, unknown> = {}) => ({
      items: data,
      head: data[0]?.key ?? null,
      tail: data[data.length - 1]?.key ?? null,
      more: false,
      ...overrides
    })
    const newest = [item({ key: "job.3", opened: "2024-03-27T00:00:00Z", started: null, closed: null }), item({ key: "job.2" }), item()]

    it("conformant bodies", () => {
      assert.deepStrictEqual(Conformance.check(other, { operation: "retrieve", body: item() }), { conformant: true, violations: [] })
      assert.deepStrictEqual(Conformance.check(other, { operation: "list", body: items(newest), limit: 3 }), { conformant: true, violations: [] })
      assert.isTrue(Conformance.check(other, { operation: "list", body: items([]) }).conformant)
    })

    it("status: the contract's status field is judged, and only it", () => {
      const report = Conformance.check(other, { operation: "retrieve", body: item({ state: "done" }) })
      assert.deepStrictEqual(report.violations, [
        {
          path: "$.state",
          rule: "status",
          severity: "error",
          message: "state \"done\" is not one of other's statuses",
          expected: "one of open, running, closed",
          actual: "\"done\""
        }
      ])
    })

    it("id-form on the contract's ID field and cursors", () => {
      const report = Conformance.check(other, { operation: "list", body: items([item({ key: "batch_1" })]) })
      assert.deepStrictEqual(found(report), [["$.items[0].key", "id-form"], ["$.head", "id-form"], ["$.tail", "id-form"]])
    })

    it("pagination cursors and limit on the contract's envelope names", () => {
      const report = Conformance.check(other, { operation: "list", body: items(newest, { head: "job.2", tail: null }), limit: 2 })
      assert.deepStrictEqual(found(report), [["$.items", "pagination.limit"], ["$.head", "pagination.first-id"], ["$.tail", "pagination.last-id"]])
      assert.strictEqual(report.violations[1]!.message, "head must be the first item's key (\"job.3\")")
      assert.strictEqual(report.violations[2]!.message, "tail must be the last item's key (\"job.1\")")
    })

    it("pagination.order compares RFC 3339 creation timestamps as instants", () => {
      const report = Conformance.check(other, { operation: "list", body: items([...newest].reverse()) })
      assert.deepStrictEqual(found(report), [["$.items[2].opened", "pagination.order"]])
      assert.strictEqual(report.violations[0]!.message, "the list is not newest first: item 2 (2024-03-27T00:00:00Z) is newer than item 1 (2024-03-26T16:45:33Z)")
      // An earlier instant written with a later-reading offset is still in order.
      const offsets = [item({ key: "job.2", opened: "2024-03-26T18:00:00+02:00" }), item({ started: null, closed: null, opened: "2024-03-26T15:59:59Z" })]
      assert.isTrue(Conformance.check(other, { operation: "list", body: items(offsets) }).conformant)
    })

    it("timestamps.order follows the contract's order, read through its codec", () => {
      const report = Conformance.check(other, { operation: "retrieve", body: item({ started: "2024-03-26T16:45:32.999Z", closed: "2024-03-26T18:00:00+02:00" }) })
      assert.deepStrictEqual(found(report), [["$.started", "timestamps.order"], ["$.closed", "timestamps.order"]])
      assert.strictEqual(report.violations[0]!.message, "started (2024-03-26T16:45:32.999Z) is before opened (2024-03-26T16:45:33Z)")
      // 18:00 at +02:00 is 16:00Z: before `started` as an instant, though later as text.
      assert.strictEqual(report.violations[1]!.expected, "at or after started (2024-03-26T16:45:32.999Z)")
      // A timestamp of the wrong shape is only a type violation.
      assert.deepStrictEqual(found(Conformance.check(other, { operation: "retrieve", body: item({ opened: 1711471533 }) })), [["$.opened", "type"]])
    })

    it("request-counts.sum follows the contract's counts rule", () => {
      const report = Conformance.check(other, { operation: "retrieve", body: item({ tally: { all: 10, ok: 8, bad: 2, skipped: 1 } }) })
      assert.deepStrictEqual(report.violations, [
        {
          path: "$.tally",
          rule: "request-counts.sum",
          severity: "error",
          message: "ok + bad + skipped (8 + 2 + 1) is more than all (10)",
          expected: "ok + bad + skipped ≤ all",
          actual: "8 + 2 + 1 > 10"
        }
      ])
      const none = Conformance.check({ ...other, counts: null }, { operation: "retrieve", body: item({ tally: { all: 0, ok: 8, bad: 2, skipped: 1 } }) })
      assert.isTrue(none.conformant)
    })

    it("the family's names mean nothing to it", () => {
      const familyShaped = { ...item(), status: "done", created_at: 1, request_counts: { total: 0, completed: 5, failed: 5 } }
      assert.deepStrictEqual(found(Conformance.check(other, { operation: "retrieve", body: familyShaped })), [
        ["$.status", "undocumented"],
        ["$.created_at", "undocumented"],
        ["$.request_counts", "undocumented"]
      ])
    })
  })

  it("schemas the walk does not take apart are checked by Schema itself", () => {
    const contract = { ...family, batch: Schema.Struct({ ...OpenAiFamily.batchFields, completion_window: Schema.TemplateLiteral([Schema.Number, Schema.Literal("h")]) }) }
    assert.isTrue(Conformance.check(contract, { operation: "retrieve", body: batch() }).conformant)
    const report = Conformance.check(contract, { operation: "retrieve", body: batch({ completion_window: "24 hours" }) })
    assert.deepStrictEqual(found(report), [["$.completion_window", "type"]])
  })
})
