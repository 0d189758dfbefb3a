/**
 * Conformance of the lifecycle's responses (create, cancel, file, file-list, output-line,
 * error-line), by each vendor's own documentation:
 * - each vendor's documented examples conform (the fixtures in test/fixtures/<vendor>/: OpenAI's
 *   API reference and Batch guide examples; Neosantara's create, cancel and files pages; Respan's
 *   create page; where a vendor documents nothing, OpenAI's examples, which its contract assumes);
 * - each crafted deviation is reported once, with its rule and path;
 * - a whole output or error file is checked line by line, violations naming their line;
 * - the structural walk agrees with Schema's own decoding on every single-field edit of the
 *   examples;
 * - `Normalize` turns the same examples into canonical values.
 *
 * Sources of the fixtures: openai/create.json, cancel.json, file.json, file-upload.json,
 * file-list.json (platform.openai.com API reference, batches and files; trailing commas of the
 * pages' JSON removed), output.jsonl (the Batch guide's output file), errors.jsonl (the error
 * codes the docs give for requests that never ran, and the `error: null` quirk of
 * openai/openai-openapi issue 302); neosantara/cancel.json, file.json, file-list.json,
 * file-list-empty.json, file-404.json, file-410.json, upload-400.json (its pages' examples),
 * create-schema.json, file-schema.json (its schema renderings), create.json (its create page's
 * fields with the list example's values: the page shows no value example); respan/create.json
 * (its create page's fields with its retrieve example's values).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as Normalize from "@unibatch/core/Normalize"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
import * as Respan from "@unibatch/respan/Respan"
import * as RespanWire from "@unibatch/respan/RespanWire"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { readFileSync } from "node:fs"

type Json = Record<string, any>
type Provider = "openai" | "respan" | "neosantara"
type Operation = Conformance.Operation

const contracts: Record<Provider, Conformance.Contract> = {
  openai: OpenAiWire.contract,
  respan: RespanWire.contract,
  neosantara: NeosantaraWire.contract
}

const definitions = { openai: OpenAi.definition, respan: Respan.definition, neosantara: Neosantara.definition } as const

const conform = (input: Conformance.CheckInput & { readonly provider: Provider }) => Conformance.check(contracts[input.provider], input)

const text = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8")
const json = (path: string): Json => JSON.parse(text(path))
/** The lines of a JSONL fixture, parsed. */
const jsonLines = (path: string): Array<Json> => text(path).trimEnd().split("\n").map((line) => JSON.parse(line))

const found = (report: Conformance.Report) => report.violations.map((violation) => [violation.path, violation.rule, violation.severity])

interface Example {
  readonly provider: Provider
  readonly operation: Operation
  readonly file: string
  readonly status?: number
}

const examples: ReadonlyArray<Example> = [
  { provider: "openai", operation: "create", file: "openai/create.json" },
  { provider: "openai", operation: "cancel", file: "openai/cancel.json" },
  { provider: "openai", operation: "file", file: "openai/file.json" },
  { provider: "openai", operation: "file", file: "openai/file-upload.json" },
  { provider: "openai", operation: "file-list", file: "openai/file-list.json" },
  { provider: "openai", operation: "output-line", file: "openai/output.jsonl" },
  { provider: "openai", operation: "error-line", file: "openai/errors.jsonl" },
  { provider: "respan", operation: "create", file: "respan/create.json" },
  // Respan documents no cancel, file or result line body: OpenAI's are its contract's.
  { provider: "respan", operation: "cancel", file: "openai/cancel.json" },
  { provider: "respan", operation: "file", file: "openai/file.json" },
  { provider: "respan", operation: "file-list", file: "openai/file-list.json" },
  { provider: "respan", operation: "output-line", file: "openai/output.jsonl" },
  { provider: "respan", operation: "error-line", file: "openai/errors.jsonl" },
  { provider: "neosantara", operation: "create", file: "neosantara/create.json" },
  { provider: "neosantara", operation: "cancel", file: "neosantara/cancel.json" },
  { provider: "neosantara", operation: "file", file: "neosantara/file.json" },
  { provider: "neosantara", operation: "file-list", file: "neosantara/file-list.json" },
  { provider: "neosantara", operation: "file-list", file: "neosantara/file-list-empty.json" },
  { provider: "neosantara", operation: "file", file: "neosantara/file-404.json", status: 404 },
  { provider: "neosantara", operation: "file", file: "neosantara/file-410.json", status: 410 },
  { provider: "neosantara", operation: "file", file: "neosantara/upload-400.json", status: 400 },
  // Neosantara documents no result lines: OpenAI's are assumed.
  { provider: "neosantara", operation: "output-line", file: "openai/output.jsonl" },
  { provider: "neosantara", operation: "error-line", file: "openai/errors.jsonl" }
]

describe("documented examples conform", () => {
  for (const example of examples) {
    it(`${example.provider} ${example.operation}${example.status === undefined ? "" : ` ${example.status}`}: ${example.file}`, () => {
      expect(conform({ ...example, body: text(example.file) })).toEqual({ conformant: true, violations: [] })
    })
  }

  it("each line of the output and error files conforms on its own", () => {
    for (const provider of ["openai", "respan", "neosantara"] as const) {
      for (const line of jsonLines("openai/output.jsonl")) expect(conform({ provider, operation: "output-line", body: line }).violations).toEqual([])
      for (const line of jsonLines("openai/errors.jsonl")) expect(conform({ provider, operation: "error-line", body: line }).violations).toEqual([])
    }
  })

  it("Neosantara's schema renderings break only what a rendering of types must", () => {
    expect(found(conform({ provider: "neosantara", operation: "file", body: text("neosantara/file-schema.json") }))).toEqual([
      ["$.id", "id-form", "error"],
      ["$.object", "literal", "error"],
      ["$.purpose", "literal", "error"]
    ])
    // `{}` where its schema shows it is its documented "no value".
    expect(found(conform({ provider: "neosantara", operation: "create", body: text("neosantara/create-schema.json") }))).toEqual([
      ["$.id", "id-form", "error"],
      ["$.object", "literal", "error"],
      ["$.status", "status", "note"],
      ["$.request_counts", "request-counts.sum", "error"]
    ])
  })

  it("an answer checked as another operation is judged by that operation's shape", () => {
    // An error file is not an output file: its lines have no response, or an error.
    expect(found(conform({ provider: "openai", operation: "output-line", body: text("openai/errors.jsonl") }))).toEqual([
      ["line 1: $.response", "null", "error"],
      ["line 1: $.error", "type", "error"],
      ["line 2: $.response", "null", "error"],
      ["line 2: $.error", "type", "error"]
    ])
    // OpenAI's cancel answer is a whole batch; Neosantara documents a partial one.
    const rules = conform({ provider: "neosantara", operation: "cancel", body: text("openai/cancel.json") }).violations.map((violation) => violation.rule)
    expect(rules).toContain("literal")
    expect(rules).toContain("undocumented")
  })
})

interface Deviation {
  readonly provider: Provider
  readonly operation: Operation
  readonly base: () => unknown
  /** Breaks the base body in place, or returns a replacement. */
  readonly mutate: (body: any) => unknown
  readonly limit?: number
  readonly expected: ReadonlyArray<readonly [path: string, rule: Conformance.Rule, severity?: Conformance.Severity]>
}

const outputLine = () => jsonLines("openai/output.jsonl")[0]!
const expiredLine = () => jsonLines("openai/errors.jsonl")[0]!
const quirkLine = () => jsonLines("openai/errors.jsonl")[2]!

const deviations: Record<string, Deviation> = {
  "create: a string created_at": {
    provider: "openai",
    operation: "create",
    base: () => json("openai/create.json"),
    mutate: (body) => void (body.created_at = "1711471533"),
    expected: [["$.created_at", "type"]]
  },
  "create: an undocumented status": {
    provider: "openai",
    operation: "create",
    base: () => json("openai/create.json"),
    mutate: (body) => void (body.status = "queued"),
    expected: [["$.status", "status"]]
  },
  "create: another vendor's batch ID": {
    provider: "neosantara",
    operation: "create",
    base: () => json("neosantara/create.json"),
    mutate: (body) => void (body.id = "batch_abc123"),
    expected: [["$.id", "id-form"]]
  },
  "create: Respan's documented metadata of any value is fine, its missing endpoint is not": {
    provider: "respan",
    operation: "create",
    base: () => json("respan/create.json"),
    mutate: (body) => {
      body.metadata = { attempt: 1, tags: ["a"] }
      delete body.endpoint
    },
    expected: [["$.endpoint", "missing"]]
  },
  "cancel: cancelled before it was cancelling": {
    provider: "openai",
    operation: "cancel",
    base: () => json("openai/cancel.json"),
    mutate: (body) => void (body.cancelled_at = body.cancelling_at - 60),
    expected: [["$.cancelled_at", "timestamps.order"]]
  },
  "cancel: counts over the total": {
    provider: "respan",
    operation: "cancel",
    base: () => json("openai/cancel.json"),
    mutate: (body) => void (body.request_counts.completed = 100),
    expected: [["$.request_counts", "request-counts.sum"]]
  },
  "cancel: Neosantara's status is \"canceled\", as documented": {
    provider: "neosantara",
    operation: "cancel",
    base: () => json("neosantara/cancel.json"),
    mutate: (body) => void (body.status = "cancelled"),
    expected: [["$.status", "literal"]]
  },
  "cancel: Neosantara's partial answer has every documented field": {
    provider: "neosantara",
    operation: "cancel",
    base: () => json("neosantara/cancel.json"),
    mutate: (body) => void delete body.cancelled_at,
    expected: [["$.cancelled_at", "missing"]]
  },
  "cancel: and nothing else": {
    provider: "neosantara",
    operation: "cancel",
    base: () => json("neosantara/cancel.json"),
    mutate: (body) => void (body.created_at = 1699564800),
    expected: [["$.created_at", "undocumented"]]
  },
  "file: a file ID without file-": {
    provider: "openai",
    operation: "file",
    base: () => json("openai/file.json"),
    mutate: (body) => void (body.id = "file_abc123"),
    expected: [["$.id", "id-form"]]
  },
  "file: an undocumented purpose": {
    provider: "openai",
    operation: "file",
    base: () => json("openai/file.json"),
    mutate: (body) => void (body.purpose = "batches"),
    expected: [["$.purpose", "literal"]]
  },
  "file: negative bytes": {
    provider: "respan",
    operation: "file",
    base: () => json("openai/file.json"),
    mutate: (body) => void (body.bytes = -1),
    expected: [["$.bytes", "type"]]
  },
  "file: a null status (deprecated, but never null)": {
    provider: "openai",
    operation: "file",
    base: () => json("openai/file.json"),
    mutate: (body) => void (body.status = null),
    expected: [["$.status", "null"]]
  },
  "file: no filename": {
    provider: "openai",
    operation: "file",
    base: () => json("openai/file-upload.json"),
    mutate: (body) => void delete body.filename,
    expected: [["$.filename", "missing"]]
  },
  "file: another object": {
    provider: "neosantara",
    operation: "file",
    base: () => json("neosantara/file.json"),
    mutate: (body) => void (body.object = "files"),
    expected: [["$.object", "literal"]]
  },
  "file: Neosantara documents status_details, not expires_at": {
    provider: "neosantara",
    operation: "file",
    base: () => json("neosantara/file.json"),
    mutate: (body) => {
      delete body.status_details
      body.expires_at = 1699651200
    },
    // In the order of the body: an absent field comes after the ones that are there.
    expected: [["$.expires_at", "undocumented"], ["$.status_details", "missing"]]
  },
  "file-list: last_id is not the last item's id": {
    provider: "openai",
    operation: "file-list",
    base: () => json("openai/file-list.json"),
    mutate: (body) => void (body.last_id = "file-zzz999"),
    expected: [["$.last_id", "pagination.last-id"]]
  },
  "file-list: first_id is not the first item's id": {
    provider: "respan",
    operation: "file-list",
    base: () => json("openai/file-list.json"),
    mutate: (body) => void (body.first_id = "file-abc456"),
    expected: [["$.first_id", "pagination.first-id"]]
  },
  "file-list: a cursor on an empty page": {
    provider: "openai",
    operation: "file-list",
    base: () => ({ object: "list", data: [], first_id: null, last_id: null, has_more: false }),
    mutate: (body) => void (body.last_id = "file-abc123"),
    expected: [["$.last_id", "pagination.last-id"]]
  },
  "file-list: an item's ID and the cursor that names it, both without file-": {
    provider: "openai",
    operation: "file-list",
    base: () => json("openai/file-list.json"),
    mutate: (body) => {
      body.data[0].id = "upload-1"
      body.first_id = "upload-1"
    },
    expected: [["$.data[0].id", "id-form"], ["$.first_id", "id-form"]]
  },
  "file-list: more items than asked for": {
    provider: "openai",
    operation: "file-list",
    base: () => json("openai/file-list.json"),
    mutate: () => undefined,
    limit: 1,
    expected: [["$.data", "pagination.limit"]]
  },
  "file-list: Neosantara sends no cursors": {
    provider: "neosantara",
    operation: "file-list",
    base: () => json("neosantara/file-list.json"),
    mutate: (body) => void (body.last_id = "file-def456"),
    expected: [["$.last_id", "undocumented"]]
  },
  "file-list: a string has_more": {
    provider: "neosantara",
    operation: "file-list",
    base: () => json("neosantara/file-list-empty.json"),
    mutate: (body) => void (body.has_more = "false"),
    expected: [["$.has_more", "type"]]
  },
  "output-line: a string status_code": {
    provider: "openai",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void (line.response.status_code = "200"),
    expected: [["$.response.status_code", "type"]]
  },
  "output-line: a result line ID without batch_req_": {
    provider: "openai",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void (line.id = "req_123"),
    expected: [["$.id", "id-form"]]
  },
  "output-line: Neosantara's result line IDs are not judged": {
    provider: "neosantara",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void (line.id = "anything-1"),
    expected: []
  },
  "output-line: no response": {
    provider: "respan",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void delete line.response,
    expected: [["$.response", "missing"]]
  },
  "output-line: a body that is not an object": {
    provider: "openai",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void (line.response.body = "Hello."),
    expected: [["$.response.body", "type"]]
  },
  "output-line: an error on an output line": {
    provider: "openai",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void (line.error = { code: "server_error", message: "oops" }),
    expected: [["$.error", "type"]]
  },
  "output-line: no custom_id": {
    provider: "openai",
    operation: "output-line",
    base: outputLine,
    mutate: (line) => void delete line.custom_id,
    expected: [["$.custom_id", "missing"]]
  },
  "error-line: neither a response nor an error": {
    provider: "openai",
    operation: "error-line",
    base: expiredLine,
    mutate: (line) => void (line.error = null),
    expected: [["$.error", "null"]]
  },
  "error-line: the quirk with a 2xx status is a success, not an error line": {
    provider: "openai",
    operation: "error-line",
    base: quirkLine,
    mutate: (line) => void (line.response.status_code = 200),
    expected: [["$.response.status_code", "type"]]
  },
  "error-line: an error without its code": {
    provider: "neosantara",
    operation: "error-line",
    base: expiredLine,
    mutate: (line) => void delete line.error.code,
    expected: [["$.error.code", "missing"]]
  },
  "error-line: a result line ID without batch_req_": {
    provider: "respan",
    operation: "error-line",
    base: expiredLine,
    mutate: (line) => void (line.id = "batch-req-789"),
    expected: [["$.id", "id-form"]]
  }
}

describe("crafted deviations: each reported once, with its rule and path", () => {
  for (const [name, deviation] of Object.entries(deviations)) {
    it(`${deviation.provider} ${name}`, () => {
      const body = deviation.base()
      const replaced = deviation.mutate(body)
      const report = conform({
        provider: deviation.provider,
        operation: deviation.operation,
        body: replaced === undefined ? body : replaced,
        limit: deviation.limit
      })
      const expected = deviation.expected.map(([path, rule, severity = "error"]) => [path, rule, severity])
      expect(found(report)).toEqual(expected)
      expect(report.conformant).toBe(expected.every(([, , severity]) => severity === "note"))
    })
  }

  it("a non-2xx answer is checked against the vendor's error body", () => {
    expect(found(conform({ provider: "openai", operation: "file", status: 404, body: { error: "No such file" } }))).toEqual([
      ["$.error", "error-shape", "error"]
    ])
    expect(found(conform({ provider: "respan", operation: "cancel", status: 401, body: text("respan/list-401.json") }))).toEqual([])
    // Neosantara's batch pages show no error body: deviations are notes.
    expect(found(conform({ provider: "neosantara", operation: "file-list", status: 500, body: "Internal Server Error" }))).toEqual([
      ["$", "not-json", "note"]
    ])
    // An error answer to a file's content is one JSON body, not lines.
    expect(conform({ provider: "neosantara", operation: "output-line", status: 404, body: text("neosantara/file-404.json") }).conformant).toBe(true)
  })

  it("a contract that documents no lifecycle says so once", () => {
    const { lifecycle: _lifecycle, ...withoutLifecycle } = OpenAiWire.contract
    const report = Conformance.check(withoutLifecycle, { operation: "file", body: text("openai/file.json") })
    expect(found(report)).toEqual([["$", "undocumented", "error"]])
    expect(report.violations[0]!.message).toBe("openai's contract documents no file response")
  })
})

describe("a whole output or error file, line by line", () => {
  const outputFile = (lines: ReadonlyArray<unknown>) => lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n"

  it("a bad line is reported with its line number", () => {
    const [first, second] = jsonLines("openai/output.jsonl")
    const bad = structuredClone(second!)
    bad.response.status_code = "200"
    const report = conform({ provider: "openai", operation: "output-line", body: outputFile([first, second, bad, first]) })
    expect(found(report)).toEqual([["line 3: $.response.status_code", "type", "error"]])
    expect(report.conformant).toBe(false)
  })

  it("every bad line, in file order; a line that is not JSON names its line and column", () => {
    const [first] = jsonLines("openai/errors.jsonl")
    const noCode = structuredClone(first!)
    delete noCode.error.code
    const report = conform({ provider: "openai", operation: "error-line", body: outputFile([noCode, first, "{\"id\": \"batch_req_1\",", { ...first, id: "x" }]) })
    expect(found(report)).toEqual([
      ["line 1: $.error.code", "missing", "error"],
      ["line 3: $", "not-json", "error"],
      ["line 4: $.id", "id-form", "error"]
    ])
    expect(report.violations[1]).toMatchObject({ line: 3, column: 22, message: "body is not JSON: unexpected end of input at line 3, column 22" })
  })

  it("blank lines are skipped and counted; CRLF line ends are read", () => {
    const [first] = jsonLines("openai/output.jsonl")
    const body = [JSON.stringify(first), "", JSON.stringify({ ...first, custom_id: 7 })].join("\r\n") + "\r\n"
    expect(found(conform({ provider: "openai", operation: "output-line", body }))).toEqual([["line 3: $.custom_id", "type", "error"]])
  })

  it("one line, with or without its newline, has plain paths", () => {
    const line = JSON.stringify({ ...outputLine(), id: "req-1" })
    for (const body of [line, line + "\n"]) expect(found(conform({ provider: "openai", operation: "output-line", body }))).toEqual([["$.id", "id-form", "error"]])
  })

  it("a pretty-printed line is one line; a broken one is one not-json at its place", () => {
    expect(conform({ provider: "openai", operation: "output-line", body: JSON.stringify(outputLine(), null, 2) }).conformant).toBe(true)
    const broken = JSON.stringify(outputLine(), null, 2).replace("\"error\": null", "\"error\": nul")
    const report = conform({ provider: "openai", operation: "output-line", body: broken })
    expect(found(report)).toEqual([["$", "not-json", "error"]])
  })
})

/** The object schemas of a lifecycle schema: the members of a union, or the schema itself. */
const objectsOf = (schema: Schema.Top): ReadonlyArray<AST.Objects> => {
  const ast = AST.toEncoded(schema.ast)
  if (AST.isObjects(ast)) return [ast]
  if (AST.isUnion(ast)) return ast.types.filter(AST.isObjects)
  return []
}

/** Every single-field edit of a body (top-level fields, and one level down): another kind, null, {}, removal, an extra field. */
const edits = (body: Json): Array<{ readonly description: string; readonly changed: Json }> => {
  const result: Array<{ description: string; changed: Json }> = []
  const otherKind = (value: unknown): unknown =>
    typeof value === "string" ? 12345 : typeof value === "number" ? "12345" : typeof value === "boolean" ? "yes" : value === null ? true : "x"
  const visit = (locate: (target: Json) => Json, value: Json, path: string) => {
    for (const name of Object.keys(value)) {
      for (const [what, replacement] of [["another kind", otherKind(value[name])], ["null", null], ["{}", {}]] as const) {
        const changed = structuredClone(body)
        locate(changed)[name] = replacement
        result.push({ description: `${path}.${name} = ${what}`, changed })
      }
      const removed = structuredClone(body)
      delete locate(removed)[name]
      result.push({ description: `delete ${path}.${name}`, changed: removed })
    }
    const extra = structuredClone(body)
    locate(extra).x_unibatch = 1
    result.push({ description: `${path}.x_unibatch = 1`, changed: extra })
  }
  visit((target) => target, body, "$")
  for (const name of Object.keys(body)) {
    const nested = body[name]
    if (nested !== null && typeof nested === "object" && !Array.isArray(nested)) visit((target) => target[name], nested, `$.${name}`)
  }
  return result
}

describe("the structural walk agrees with Schema's own decoding", () => {
  const structural = new Set<Conformance.Rule>(["missing", "type", "null", "placeholder", "literal", "undocumented"])
  const cases: ReadonlyArray<readonly [Provider, keyof Conformance.LifecycleContract & Operation | "outputLine" | "errorLine", Operation, () => Json]> = [
    ["openai", "create", "create", () => json("openai/create.json")],
    ["openai", "cancel", "cancel", () => json("openai/cancel.json")],
    ["openai", "file", "file", () => json("openai/file.json")],
    ["respan", "create", "create", () => json("respan/create.json")],
    ["respan", "file", "file", () => json("openai/file-upload.json")],
    ["neosantara", "create", "create", () => json("neosantara/create.json")],
    ["neosantara", "cancel", "cancel", () => json("neosantara/cancel.json")],
    ["neosantara", "file", "file", () => json("neosantara/file.json")],
    ["openai", "outputLine", "output-line", outputLine],
    ["openai", "errorLine", "error-line", expiredLine],
    ["openai", "errorLine", "error-line", quirkLine],
    ["neosantara", "errorLine", "error-line", quirkLine]
  ]
  for (const [provider, key, operation, base] of cases) {
    it(`${provider} ${operation}: every single-field edit of the example`, () => {
      const schema = contracts[provider].lifecycle![key as keyof Conformance.LifecycleContract] as Schema.Top
      expect(objectsOf(schema).length).toBeGreaterThan(0)
      const decode = Schema.decodeUnknownExit(Schema.make<Schema.Codec<unknown>>(schema.ast), { onExcessProperty: "error" })
      for (const { changed, description } of edits(base())) {
        const structuralErrors = conform({ provider, operation, body: changed }).violations.filter(
          (violation) => violation.severity === "error" && structural.has(violation.rule)
        )
        expect(structuralErrors.length === 0, description).toBe(Exit.isSuccess(decode(changed)))
      }
    })
  }
})

describe("Normalize: the same examples, canonical", () => {
  const normalized = (provider: Provider, operation: Normalize.Operation, body: string, batchId?: string) =>
    Normalize.normalizeToJson({ definition: definitions[provider], operation, body, batchId })

  it("create and cancel answer a Batch; Neosantara's partial cancel has its absent fields null", () => {
    const created = normalized("openai", "create", text("openai/create.json"))
    expect(created).toMatchObject({ ok: true, json: { id: "batch_abc123", status: "validating", inputFileId: "file-abc123" } })
    const cancelled = normalized("neosantara", "cancel", text("neosantara/cancel.json"))
    expect(cancelled).toMatchObject({
      ok: true,
      json: {
        id: "batch_abc123",
        nativeId: "batch-abc123",
        status: "cancelled",
        nativeStatus: "canceled",
        createdAt: null,
        cancelledAt: "2023-11-09T21:40:00.000Z",
        requestCounts: { total: 100, completed: 45, failed: 2 }
      }
    })
    // Without a partial cancel, a cancel answer needs what any batch needs.
    expect(normalized("openai", "cancel", text("neosantara/cancel.json"))).toMatchObject({ ok: false, json: { error: { _tag: "DecodeError", path: "$.created_at" } } })
  })

  it("a file is a BatchFile; a file list is {data, firstId, lastId, hasMore}", () => {
    expect(normalized("openai", "file", text("openai/file.json"))).toEqual({
      ok: true,
      json: {
        provider: "openai",
        id: "file-abc123",
        nativeId: "file-abc123",
        bytes: 120000,
        filename: "salesOverview.pdf",
        purpose: "assistants",
        status: null,
        createdAt: "2023-02-28T18:56:42.000Z",
        expiresAt: "2023-03-30T18:56:42.000Z",
        extensions: {}
      }
    })
    const openAiPage = normalized("openai", "file-list", text("openai/file-list.json"))
    expect(openAiPage).toMatchObject({ ok: true, json: { firstId: "file-abc123", lastId: "file-abc456", hasMore: false } })
    expect((openAiPage.json as Json).data.map((file: Json) => file.id)).toEqual(["file-abc123", "file-abc456"])
    expect(Object.keys(openAiPage.json as Json)).toEqual(["data", "firstId", "lastId", "hasMore"])
    const neosantaraPage = normalized("neosantara", "file-list", text("neosantara/file-list.json"))
    expect(neosantaraPage).toMatchObject({ ok: true, json: { firstId: null, lastId: null, hasMore: false } })
    expect((neosantaraPage.json as Json).data[1]).toMatchObject({ id: "file-def456", purpose: "fine-tune", status: "uploaded" })
  })

  it("a result line is a canonical result; a whole file, one per line; batchId when given", () => {
    expect(normalized("openai", "output-line", JSON.stringify(outputLine()), "batch_abc123")).toEqual({
      ok: true,
      json: {
        provider: "openai",
        batchId: "batch_abc123",
        customId: "request-2",
        outcome: "succeeded",
        statusCode: 200,
        body: outputLine().response.body,
        error: null,
        requestId: "req_123"
      }
    })
    const errors = normalized("neosantara", "error-line", text("openai/errors.jsonl"))
    expect(errors.ok).toBe(true)
    expect((errors.json as Array<Json>).map(({ batchId, customId, error, outcome, statusCode }) => ({ batchId, customId, outcome, statusCode, code: error?.code }))).toEqual([
      { batchId: null, customId: "request-3", outcome: "expired", statusCode: null, code: "batch_expired" },
      { batchId: null, customId: "request-4", outcome: "cancelled", statusCode: null, code: "batch_cancelled" },
      { batchId: null, customId: "request-5", outcome: "failed", statusCode: 400, code: "model_not_found" }
    ])
  })

  it("a line that does not fit is a DecodeError naming its line", () => {
    const body = [JSON.stringify(outputLine()), JSON.stringify({ ...outputLine(), custom_id: 7 })].join("\n")
    expect(normalized("openai", "output-line", body)).toMatchObject({
      ok: false,
      json: { error: { _tag: "DecodeError", path: "line 2: $.custom_id" } }
    })
    expect(normalized("openai", "output-line", `${JSON.stringify(outputLine())}\n{"custom_id":`)).toMatchObject({
      ok: false,
      json: { error: { _tag: "DecodeError", operation: "output-line (line 2)" } }
    })
  })

  it("a non-2xx answer is the canonical error", () => {
    const { json: answer, ok } = Normalize.normalizeToJson({ definition: definitions.neosantara, operation: "file", status: 404, body: text("neosantara/file-404.json") })
    expect(ok).toBe(true)
    expect(answer).toMatchObject({ error: { _tag: "NotFoundError", status: 404, code: "file_not_found" } })
  })
})
