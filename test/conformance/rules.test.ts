/**
 * One rule at a time: for every rule, a body that breaks exactly that rule (on each vendor where
 * the rule applies) gives exactly that violation at the right path; a body that breaks five rules
 * gives five violations.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
import * as RespanWire from "@unibatch/respan/RespanWire"
import { readFileSync } from "node:fs"

type Json = Record<string, any>
type Provider = "openai" | "respan" | "neosantara"
/** The operations these cases break (the lifecycle's are in lifecycle.test.ts). */
type Operation = "list" | "retrieve"

/** Each vendor's documented contract, as its package exports it (and its definition carries). */
const contracts: Record<Provider, Conformance.Contract> = {
  openai: OpenAiWire.contract,
  respan: RespanWire.contract,
  neosantara: NeosantaraWire.contract
}

const conform = (input: Conformance.CheckInput & { readonly provider: Provider }) => Conformance.check(contracts[input.provider], input)

const fixture = (path: string): Json => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"))

/** A conformant body per vendor and operation, to break. */
const base: Record<Provider, Record<Operation, () => Json>> = {
  openai: {
    list: () => fixture("openai/list-http-reference-corrected.json"),
    retrieve: () => fixture("openai/list-http-reference-corrected.json").data[0]
  },
  respan: { list: () => fixture("respan/list.json"), retrieve: () => fixture("respan/retrieve.json") },
  neosantara: { list: () => fixture("neosantara/list.json"), retrieve: () => fixture("neosantara/list.json").data[0] }
}

interface Case {
  readonly provider: Provider
  readonly operation: Operation
  readonly status?: number
  readonly limit?: number
  /** Breaks the base body in place, or returns a replacement body. */
  readonly mutate: (body: Json) => unknown
  readonly expected: ReadonlyArray<readonly [path: string, severity?: Conformance.Severity]>
}

const cases: Record<Conformance.Rule, ReadonlyArray<Case>> = {
  "not-json": [
    { provider: "openai", operation: "list", mutate: () => "{\"object\": \"list\",}", expected: [["$"]] },
    { provider: "respan", operation: "retrieve", status: 401, mutate: () => "Unauthorized", expected: [["$"]] },
    { provider: "neosantara", operation: "list", mutate: () => "{\"object\": \"list\"", expected: [["$"]] }
  ],
  missing: [
    { provider: "openai", operation: "list", mutate: (body) => void delete body.data[1].completion_window, expected: [["$.data[1].completion_window"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void delete body.status, expected: [["$.status"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void delete body.has_more, expected: [["$.has_more"]] }
  ],
  type: [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[0].created_at = "1711471533"), expected: [["$.data[0].created_at"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.request_counts.total = "100"), expected: [["$.request_counts.total"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.has_more = "false"), expected: [["$.has_more"]] }
  ],
  null: [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[0].endpoint = null), expected: [["$.data[0].endpoint"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.input_file_id = null), expected: [["$.input_file_id"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[1].expires_at = null), expected: [["$.data[1].expires_at"]] }
  ],
  placeholder: [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[1].output_file_id = {}), expected: [["$.data[1].output_file_id"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.completed_at = {}), expected: [["$.completed_at"]] },
    { provider: "neosantara", operation: "retrieve", mutate: (body) => void (body.created_at = {}), expected: [["$.created_at"]] }
  ],
  literal: [
    { provider: "openai", operation: "list", mutate: (body) => void (body.object = "lists"), expected: [["$.object"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.object = "Batch"), expected: [["$.object"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[0].object = "batches"), expected: [["$.data[0].object"]] }
  ],
  undocumented: [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[0].priority = "high"), expected: [["$.data[0].priority"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.model = "gpt-4o-mini"), expected: [["$.model"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[1].cancelling_at = null), expected: [["$.data[1].cancelling_at"]] },
    { provider: "openai", operation: "retrieve", mutate: (body) => void (body.request_counts.pending = 0), expected: [["$.request_counts.pending"]] }
  ],
  "id-form": [
    { provider: "openai", operation: "retrieve", mutate: (body) => void (body.id = "batch-abc123"), expected: [["$.id"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.id = "abc123"), expected: [["$.id"]] },
    { provider: "neosantara", operation: "retrieve", mutate: (body) => void (body.id = "batch_abc123"), expected: [["$.id"]] }
  ],
  status: [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[1].status = "running"), expected: [["$.data[1].status"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.status = "canceled"), expected: [["$.status"]] },
    // Neosantara documents no vocabulary: a note, and still conformant.
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[0].status = "queued"), expected: [["$.data[0].status", "note"]] }
  ],
  "pagination.first-id": [
    { provider: "openai", operation: "list", mutate: (body) => void (body.first_id = "batch_abc456"), expected: [["$.first_id"]] },
    { provider: "respan", operation: "list", mutate: (body) => void (body.first_id = null), expected: [["$.first_id"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => Object.assign(body, { data: [], last_id: null }), expected: [["$.first_id"]] }
  ],
  "pagination.last-id": [
    { provider: "openai", operation: "list", mutate: (body) => void (body.last_id = "batch_abc123"), expected: [["$.last_id"]] },
    { provider: "respan", operation: "list", mutate: (body) => void (body.last_id = "batch_zzz999"), expected: [["$.last_id"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.last_id = {}), expected: [["$.last_id"]] }
  ],
  "pagination.limit": [
    { provider: "openai", operation: "list", limit: 1, mutate: () => undefined, expected: [["$.data"]] },
    { provider: "neosantara", operation: "list", limit: 1, mutate: () => undefined, expected: [["$.data"]] }
  ],
  "pagination.order": [
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[0].created_at = 1699549000), expected: [["$.data[1].created_at"]] }
  ],
  "timestamps.order": [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[0].in_progress_at = 1711471500), expected: [["$.data[0].in_progress_at"]] },
    {
      provider: "respan",
      operation: "retrieve",
      mutate: (body) => Object.assign(body, { status: "cancelled", cancelling_at: 1711480000, cancelled_at: 1711479000 }),
      expected: [["$.cancelled_at"]]
    },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[0].completed_at = 1699567000), expected: [["$.data[0].completed_at"]] }
  ],
  "request-counts.sum": [
    { provider: "openai", operation: "list", mutate: (body) => void (body.data[1].request_counts.failed = 7), expected: [["$.data[1].request_counts"]] },
    { provider: "respan", operation: "retrieve", mutate: (body) => void (body.request_counts.completed = 96), expected: [["$.request_counts"]] },
    { provider: "neosantara", operation: "list", mutate: (body) => void (body.data[0].request_counts.total = 99), expected: [["$.data[0].request_counts"]] }
  ],
  "error-shape": [
    { provider: "openai", operation: "list", status: 401, mutate: () => ({ error: "Invalid API key." }), expected: [["$.error"]] },
    {
      provider: "respan",
      operation: "retrieve",
      status: 404,
      mutate: () => ({ error: { message: "No such batch: batch_abc123" } }),
      expected: [["$.error.type"]]
    },
    // Neosantara documents no error body: a note.
    { provider: "neosantara", operation: "retrieve", status: 404, mutate: () => ({ error: "Not found" }), expected: [["$.error", "note"]] }
  ]
}

const run = (rule: Conformance.Rule, testCase: Case) => {
  const body = base[testCase.provider][testCase.operation]()
  const replaced = testCase.mutate(body)
  return conform({
    provider: testCase.provider,
    operation: testCase.operation,
    status: testCase.status,
    limit: testCase.limit,
    body: replaced === undefined ? body : replaced
  })
}

describe("each rule alone", () => {
  for (const [rule, ruleCases] of Object.entries(cases) as Array<[Conformance.Rule, ReadonlyArray<Case>]>) {
    describe(rule, () => {
      for (const testCase of ruleCases) {
        it(`${testCase.provider} ${testCase.operation}${testCase.status === undefined ? "" : ` ${testCase.status}`}: ${testCase.expected.map(([path]) => path).join(", ")}`, () => {
          const report = run(rule, testCase)
          const expected = testCase.expected.map(([path, severity = "error"]) => ({ path, rule, severity }))
          expect(report.violations.map(({ path, rule, severity }) => ({ path, rule, severity }))).toEqual(expected)
          expect(report.conformant).toBe(expected.every((violation) => violation.severity === "note"))
        })
      }
    })
  }

  it("every rule has a case", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(Conformance.rules).sort())
  })

  it("undocumented fields are notes with allowExtra", () => {
    const body = base.respan.retrieve()
    body.usage = null
    const report = conform({ provider: "respan", operation: "retrieve", body, allowExtra: true })
    expect(report).toEqual({ conformant: true, violations: [expect.objectContaining({ path: "$.usage", rule: "undocumented", severity: "note" })] })
  })

  it("not-json gives line and column", () => {
    const report = run("not-json", cases["not-json"][0]!)
    expect(report.violations[0]).toMatchObject({ line: 1, column: 19, message: "body is not JSON: unexpected \"}\" at line 1, column 19" })
  })
})

describe("several rules at once", () => {
  it("five rules broken, five violations, in the order of the body", () => {
    const body = base.openai.list()
    body.object = "lists"
    body.data[0].created_at = "1711471533"
    body.data[0].priority = "high"
    body.data[1].status = "running"
    body.data[1].request_counts.failed = 7
    const report = conform({ provider: "openai", operation: "list", body })
    expect(report.conformant).toBe(false)
    expect(report.violations.map(({ path, rule }) => [path, rule])).toEqual([
      ["$.object", "literal"],
      ["$.data[0].created_at", "type"],
      ["$.data[0].priority", "undocumented"],
      ["$.data[1].status", "status"],
      ["$.data[1].request_counts", "request-counts.sum"]
    ])
  })

  it("every broken item of a 10,000-item page is reported", () => {
    const body = base.openai.list()
    const item = body.data[0]
    body.data = Array.from({ length: 10_000 }, (_, index) => ({ ...item, id: `batch_${index}`, created_at: index % 1000 === 0 ? "late" : item.created_at }))
    Object.assign(body, { first_id: "batch_0", last_id: "batch_9999" })
    const report = conform({ provider: "openai", operation: "list", body: JSON.stringify(body) })
    expect(report.violations.map(({ path }) => path)).toEqual(Array.from({ length: 10 }, (_, index) => `$.data[${index * 1000}].created_at`))
  })
})
