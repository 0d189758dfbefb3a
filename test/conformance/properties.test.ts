/**
 * Properties of the checker:
 * - bodies generated from each vendor's documented shape (the testkit's seeded generator, with
 *   fast-check, and Effect's own `Arbitrary` of the contract's Schemas) are conformant;
 * - any single mutation of a conformant body is not, with a violation at or under the mutated field;
 * - the structural walk agrees with Schema's own decoding (`onExcessProperty: "error"`), so the
 *   checker derives from the wire Schemas rather than restating them.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Conformance from "@unibatch/core/Conformance"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as NeosantaraWire from "@unibatch/neosantara/NeosantaraWire"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as OpenAiWire from "@unibatch/openai/OpenAiWire"
import * as Respan from "@unibatch/respan/Respan"
import * as RespanWire from "@unibatch/respan/RespanWire"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import fc from "fast-check"

type Json = Record<string, any>
type Provider = "openai" | "respan" | "neosantara"

const providers: ReadonlyArray<Provider> = ["openai", "respan", "neosantara"]

/** Each vendor's documented contract, as its package exports it (and its definition carries). */
const contracts: Record<Provider, Conformance.Contract> = {
  openai: OpenAiWire.contract,
  respan: RespanWire.contract,
  neosantara: NeosantaraWire.contract
}

/** The definitions the test kit's generator shapes batches by. */
const definitions = { openai: OpenAi.definition, respan: Respan.definition, neosantara: Neosantara.definition } as const

const conform = (input: Conformance.CheckInput & { readonly provider: Provider }) => Conformance.check(contracts[input.provider], input)

const envelope = (data: ReadonlyArray<Json>, hasMore: boolean): Json => ({
  object: "list",
  data,
  first_id: data[0]?.id ?? null,
  last_id: data[data.length - 1]?.id ?? null,
  has_more: hasMore
})

/** A conformant page from the testkit's generator: what the fake servers serve. */
const generatedPage = fc
  .record({ provider: fc.constantFrom(...providers), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), count: fc.integer({ min: 0, max: 30 }), hasMore: fc.boolean() })
  .map(({ count, hasMore, provider, seed }) => ({ provider, body: envelope(FakeVendor.generateBatches(definitions[provider], count, seed), hasMore), count }))

const structuralRules = new Set<Conformance.Rule>(["missing", "type", "null", "placeholder", "literal", "undocumented"])

/** `$.data[1]` is at or under `$.data`; `$.data_x` is not. */
const isAtOrUnder = (path: string, field: string) => path === field || path.startsWith(field + ".") || path.startsWith(field + "[")

const pathOfKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

interface Mutation {
  /** The mutated field: a violation must be at or under it. */
  readonly path: string
  readonly description: string
  readonly apply: (body: Json) => void
}

const fieldsOf = (schema: Schema.Top): ReadonlyArray<string> => {
  const ast = AST.toEncoded(schema.ast)
  return AST.isObjects(ast) ? ast.propertySignatures.map((field) => String(field.name)) : []
}

/** A value of another JSON kind than `value`. */
const otherKind = (value: unknown): unknown =>
  typeof value === "string" ? 12345 : typeof value === "number" ? "12345" : typeof value === "boolean" ? "yes" : value === null ? true : "x"

/**
 * Every single-field edit of an object at `path` whose fields are documented by `schema`:
 * another JSON kind, null, {}, removal, and an extra field. Some are allowed by the contract (null
 * on a nullable field); `Schema.is` decides which, and the properties below check both kinds.
 */
const fieldEdits = (schema: Schema.Top, path: string, locate: (body: Json) => Json, value: Json): Array<Mutation> => {
  const edits: Array<Mutation> = []
  for (const name of fieldsOf(schema)) {
    const fieldPath = path + pathOfKey(name)
    if (Object.hasOwn(value, name)) {
      const replacement = otherKind(value[name])
      edits.push({ path: fieldPath, description: `${fieldPath} = ${JSON.stringify(replacement)}`, apply: (body) => void (locate(body)[name] = replacement) })
      edits.push({ path: fieldPath, description: `${fieldPath} = null`, apply: (body) => void (locate(body)[name] = null) })
      edits.push({ path: fieldPath, description: `${fieldPath} = {}`, apply: (body) => void (locate(body)[name] = {}) })
      edits.push({ path: fieldPath, description: `delete ${fieldPath}`, apply: (body) => void delete locate(body)[name] })
    }
  }
  edits.push({ path: `${path}.x_unibatch`, description: `${path}.x_unibatch = 1`, apply: (body) => void (locate(body).x_unibatch = 1) })
  return edits
}

const shapeEdits = (provider: Provider, body: Json): Array<Mutation> => {
  const contract = contracts[provider]
  const edits = fieldEdits(contract.list, "$", (target) => target, body)
  body.data.forEach((item: Json, index: number) => {
    edits.push(...fieldEdits(contract.batch, `$.data[${index}]`, (target) => target.data[index], item))
  })
  return edits
}

/** Edits that keep the shape and break an invariant; each one always breaks the contract. */
const invariantEdits = (provider: Provider, body: Json): Array<Mutation> => {
  const contract = contracts[provider]
  const edits: Array<Mutation> = []
  const wrongPrefix = contract.nativePrefix === "batch_" ? "batch-" : "batch_"
  body.data.forEach((item: Json, index: number) => {
    const path = `$.data[${index}]`
    edits.push({ path: `${path}.id`, description: "id form", apply: (target) => void (target.data[index].id = wrongPrefix + "x") })
    if (contract.statusSeverity === "error") {
      edits.push({ path: `${path}.status`, description: "status", apply: (target) => void (target.data[index].status = "queued") })
    }
    if (typeof item.request_counts?.total === "number") {
      edits.push({
        path: `${path}.request_counts`,
        description: "request counts",
        apply: (target) => void (target.data[index].request_counts.failed = target.data[index].request_counts.total + 1)
      })
    }
    for (const field of ["in_progress_at", "completed_at", "expires_at", "cancelled_at"]) {
      if (typeof item[field] === "number") {
        edits.push({ path: `${path}.${field}`, description: `${field} before created_at`, apply: (target) => void (target.data[index][field] = target.data[index].created_at - 1) })
      }
    }
  })
  if (body.data.length > 0) {
    edits.push({ path: "$.first_id", description: "first_id", apply: (target) => void (target.first_id = contract.nativePrefix + "elsewhere") })
    edits.push({ path: "$.last_id", description: "last_id", apply: (target) => void (target.last_id = null) })
  } else {
    edits.push({ path: "$.first_id", description: "first_id on an empty page", apply: (target) => void (target.first_id = contract.nativePrefix + "x") })
  }
  if (contract.newestFirst && body.data.length > 1) {
    edits.push({ path: "$.data[1].created_at", description: "order", apply: (target) => void (target.data[0].created_at = target.data[1].created_at - 1) })
  }
  return edits
}

const mutated = (body: Json, mutation: Mutation): Json => {
  const copy = structuredClone(body)
  mutation.apply(copy)
  return copy
}

/** Schema's own verdict, undocumented keys included: what the structural walk must agree with. */
const exactly = (schema: Schema.Top) => {
  const decode = Schema.decodeUnknownExit(Schema.make<Schema.Codec<unknown>>(schema.ast), { onExcessProperty: "error" })
  return (value: unknown): boolean => Exit.isSuccess(decode(value))
}

// ---------------------------------------------------------------------------------------------
// Schema-derived bodies
// ---------------------------------------------------------------------------------------------

const lifecycleOrder = ["created_at", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at", "expires_at"]

/**
 * Turns a batch drawn from the contract's Schema into one that also keeps the invariants no Schema
 * states: the vendor's ID form, a documented status, lifecycle order, counts that add up.
 */
const keepInvariants = (contract: Conformance.Contract, batch: Json, index: number): Json => {
  const repaired: Json = { ...batch, id: `${contract.nativePrefix}${index}x`, status: contract.statuses[index % contract.statuses.length] }
  const present = lifecycleOrder.filter((field) => typeof repaired[field] === "number")
  const times = present.map((field) => repaired[field] as number).sort((left, right) => left - right)
  present.forEach((field, position) => (repaired[field] = times[position]))
  const counts = repaired.request_counts
  if (typeof counts === "object" && counts !== null && typeof counts.total === "number") {
    repaired.request_counts = { ...counts, total: counts.total + counts.completed + counts.failed }
  }
  return repaired
}

const schemaPage = (provider: Provider): Arbitrary.Arbitrary<Json> => {
  const contract = contracts[provider]
  const arbitrary = Arbitrary.all([
    Arbitrary.array(Arbitrary.schema(contract.batch) as Arbitrary.Arbitrary<Json>, { maxLength: 5 }),
    Arbitrary.schema(contract.list) as Arbitrary.Arbitrary<Json>
  ])
  return Arbitrary.map(arbitrary, ([batches, list]) => {
    const data = batches.map((batch, index) => keepInvariants(contract, batch, index))
    if (contract.newestFirst) data.sort((left, right) => right.created_at - left.created_at)
    const emptyCursor = (value: unknown) => (typeof value === "string" ? null : value)
    return {
      ...list,
      data,
      first_id: data[0]?.id ?? emptyCursor(list.first_id),
      last_id: data[data.length - 1]?.id ?? emptyCursor(list.last_id)
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("generated bodies are conformant", () => {
  it("pages from the testkit's generator (what the fake servers serve), with their limit", () => {
    fc.assert(
      fc.property(generatedPage, ({ body, count, provider }) => {
        expect(conform({ provider, operation: "list", body: JSON.stringify(body), limit: Math.max(count, 1) })).toEqual({ conformant: true, violations: [] })
        for (const item of body.data) expect(conform({ provider, operation: "retrieve", body: item }).conformant).toBe(true)
      }),
      { numRuns: 150 }
    )
  })

  for (const provider of providers) {
    it.effect(`${provider}: pages drawn from its contract's Schemas`, () =>
      Effect.gen(function*() {
        const result = yield* Arbitrary.checkEffect(
          schemaPage(provider),
          (body) => {
            const report = conform({ provider, operation: "list", body })
            return report.conformant && report.violations.length === 0
          },
          { runs: 150 }
        )
        if (result._tag === "Falsified") {
          // The shrunk page and what the checker said about it, for the reader of a failure.
          expect(conform({ provider, operation: "list", body: result.shrunkInput }).violations, JSON.stringify(result.shrunkInput)).toEqual([])
        }
        expect(result._tag, Arbitrary.formatCheckFailure(result)).toBe("Passed")
      }))
  }
})

describe("single mutations", () => {
  it("any single invariant mutation is not conformant, with a violation at or under the mutated field", () => {
    fc.assert(
      fc.property(generatedPage, fc.nat(), ({ body, provider }, pick) => {
        const edits = invariantEdits(provider, body)
        const mutation = edits[pick % edits.length]!
        const report = conform({ provider, operation: "list", body: mutated(body, mutation) })
        expect(report.conformant, mutation.description).toBe(false)
        const errors = report.violations.filter((violation) => violation.severity === "error")
        expect(errors.some((violation) => isAtOrUnder(violation.path, mutation.path)), `${mutation.description}: ${JSON.stringify(errors)}`).toBe(true)
      }),
      { numRuns: 400 }
    )
  })

  it("any single shape mutation the contract does not allow is not conformant, with a violation at or under the mutated field", () => {
    fc.assert(
      fc.property(generatedPage, fc.nat(), ({ body, provider }, pick) => {
        const edits = shapeEdits(provider, body)
        const mutation = edits[pick % edits.length]!
        const changed = mutated(body, mutation)
        fc.pre(!exactly(contracts[provider].list)(changed))
        const report = conform({ provider, operation: "list", body: changed })
        expect(report.conformant, mutation.description).toBe(false)
        expect(report.violations.some((violation) => violation.severity === "error" && isAtOrUnder(violation.path, mutation.path)), mutation.description).toBe(true)
      }),
      { numRuns: 400 }
    )
  })

  it("the structural walk agrees with Schema's own decoding (onExcessProperty: error) on every single shape edit", () => {
    fc.assert(
      fc.property(generatedPage, fc.nat(), ({ body, provider }, pick) => {
        const edits = shapeEdits(provider, body)
        const mutation = edits[pick % edits.length]!
        const changed = mutated(body, mutation)
        const structuralErrors = conform({ provider, operation: "list", body: changed }).violations.filter(
          (violation) => violation.severity === "error" && structuralRules.has(violation.rule)
        )
        expect(structuralErrors.length === 0, mutation.description).toBe(exactly(contracts[provider].list)(changed))
      }),
      { numRuns: 600 }
    )
  })

  it("every edit is reported at once: several mutations give a violation under each", () => {
    fc.assert(
      fc.property(generatedPage.filter(({ count }) => count >= 3), fc.array(fc.nat(), { minLength: 2, maxLength: 5 }), ({ body, provider }, picks) => {
        // One edit per item, so that no edit hides another.
        const changed = structuredClone(body)
        const paths: Array<string> = []
        picks.slice(0, body.data.length).forEach((pick, index) => {
          const path = `$.data[${index}].created_at`
          changed.data[index].created_at = pick % 2 === 0 ? "late" : null
          paths.push(path)
        })
        const report = conform({ provider, operation: "list", body: changed })
        for (const path of paths) expect(report.violations.some((violation) => violation.path === path)).toBe(true)
      }),
      { numRuns: 100 }
    )
  })
})
