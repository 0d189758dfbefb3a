/**
 * The seed examples of every vendor doc, checked against each vendor's exported contract: each is
 * conformant, and so are the corrected copies of the OpenAI HTTP reference (trailing commas) and
 * Python SDK page (placeholder values). The exact reports of the seeds that are not conformant
 * are pinned once, next to each contract, in packages/<vendor>/test/<Vendor>Wire.test.ts.
 * The three mutated fixtures (the ones `docs/conformance.md` shows) break five rules each.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
import * as RespanWire from "@unibatch/respan/RespanWire"
import { readFileSync } from "node:fs"

type Provider = "openai" | "respan" | "neosantara"
type Operation = Conformance.CheckInput["operation"]

const contracts: Record<Provider, Conformance.Contract> = {
  openai: OpenAiWire.contract,
  respan: RespanWire.contract,
  neosantara: NeosantaraWire.contract
}

const conform = (input: Conformance.CheckInput & { readonly provider: Provider }) => Conformance.check(contracts[input.provider], input)

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8")

interface Case {
  readonly file: string
  readonly provider: Provider
  readonly operation: Operation
  readonly status?: number
}

const conformantSeeds: ReadonlyArray<Case> = [
  { file: "openai/list-http-reference-corrected.json", provider: "openai", operation: "list" },
  { file: "openai/list-python-sdk-corrected.json", provider: "openai", operation: "list" },
  { file: "respan/list.json", provider: "respan", operation: "list" },
  { file: "respan/list-401.json", provider: "respan", operation: "list", status: 401 },
  { file: "respan/retrieve.json", provider: "respan", operation: "retrieve" },
  { file: "respan/retrieve-401.json", provider: "respan", operation: "retrieve", status: 401 },
  { file: "respan/retrieve-404.json", provider: "respan", operation: "retrieve", status: 404 },
  { file: "neosantara/list.json", provider: "neosantara", operation: "list" }
]

const paths = (input: Case) =>
  conform({ ...input, body: fixture(input.file) }).violations.map((violation) => [violation.path, violation.rule, violation.severity])

describe("seed examples", () => {
  for (const seed of conformantSeeds) {
    it(`${seed.file} is conformant for ${seed.provider}`, () => {
      expect(conform({ ...seed, body: fixture(seed.file) })).toEqual({ conformant: true, violations: [] })
    })
  }

  it("a seed checked against another vendor's contract is judged by that vendor's doc", () => {
    expect(conform({ provider: "neosantara", operation: "retrieve", body: fixture("respan/retrieve.json") }).violations.map((violation) => violation.rule)).toEqual([
      "id-form",
      "undocumented"
    ])
  })
})

describe("mutated bodies: five rules broken, five violations", () => {
  it("openai/list-mutated.json", () => {
    expect(paths({ file: "openai/list-mutated.json", provider: "openai", operation: "list" })).toEqual([
      ["$.data[0].status", "status", "error"],
      ["$.data[0].created_at", "type", "error"],
      ["$.data[1].output_file_id", "placeholder", "error"],
      ["$.data[1].request_counts", "request-counts.sum", "error"],
      ["$.last_id", "pagination.last-id", "error"]
    ])
  })

  it("respan/retrieve-mutated.json", () => {
    expect(paths({ file: "respan/retrieve-mutated.json", provider: "respan", operation: "retrieve" })).toEqual([
      ["$.id", "id-form", "error"],
      ["$.error_file_id", "placeholder", "error"],
      ["$.completed_at", "timestamps.order", "error"],
      ["$.usage", "undocumented", "error"],
      ["$.endpoint", "missing", "error"]
    ])
  })

  it("neosantara/list-mutated.json (and a note for its unknown status)", () => {
    expect(paths({ file: "neosantara/list-mutated.json", provider: "neosantara", operation: "list" })).toEqual([
      ["$.data[0].status", "status", "note"],
      ["$.data[0].cancelling_at", "undocumented", "error"],
      ["$.data[1].id", "id-form", "error"],
      ["$.data[1].created_at", "pagination.order", "error"],
      ["$.last_id", "pagination.last-id", "error"],
      ["$.has_more", "type", "error"]
    ])
  })
})
