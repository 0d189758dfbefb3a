/**
 * The decoder's fast path against a reference that decodes the same bodies with `effect/Schema`
 * itself. The reference is a lenient Schema built from each definition's wire Schema (through the
 * shared Schema walk: JSON types only, every field optional except what a batch cannot exist
 * without, `null` and `{}` meaning "no value" at any depth, timestamps that must read through the
 * definition's timestamp codec), run by Schema's own parser; the canonical values are then built
 * from the wire object by hand and validated by the canonical `BatchPage` Schema. For many
 * generated bodies, valid and invalid, both must make the same decision, give the same canonical
 * output and, when a body has one fault, name the same path.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Batch, BatchPage, pageToJson } from "@unibatch/core/Batch"
import * as BatchId from "@unibatch/core/BatchId"
import * as BatchStatus from "@unibatch/core/BatchStatus"
import * as Decoder from "@unibatch/core/Decoder"
import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Respan from "@unibatch/respan/Respan"
import * as DateTime from "effect/DateTime"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as fc from "fast-check"
import { chai } from "vitest"
import * as SchemaWalk from "../src/internal/schemaWalk.js"

chai.config.truncateThreshold = 0

// ---------------------------------------------------------------------------------------------
// The reference: Schema's own parser on a lenient Schema built from the definition's wire Schema
// ---------------------------------------------------------------------------------------------

const definitions: ReadonlyArray<Decoder.Definition> = [OpenAi.definition, Respan.definition, Neosantara.definition]

type AnySchema = Schema.Codec<unknown, unknown>

const isRecord = (value: unknown): value is Record<string, any> => typeof value === "object" && value !== null && !Array.isArray(value)
const noValue = (value: unknown) => value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0)

/** Exactly `{}`, the placeholder for "no value" (a filter, so that its failure names no key inside). */
const Placeholder = Schema.Unknown.check(Schema.makeFilter((value) => isRecord(value) && Object.keys(value).length === 0, { expected: "{}" }))
const noValueOr = (schema: AnySchema): AnySchema => Schema.Union([schema, Schema.Null, Placeholder]) as AnySchema

/**
 * The lenient reading of the walk's description, as a Schema. Inside arrays, objects accept any
 * other key: an array item is data kept as it is, so a key the schema does not know there is not
 * an unknown field.
 */
const reference = (lenient: SchemaWalk.Lenient, timestamps: Decoder.Definition["timestamps"], insideArray = false): AnySchema => {
  switch (lenient._tag) {
    case "string":
      return Schema.String as AnySchema
    case "number":
      // `JSON.parse` reads 1e400 as Infinity, which is not a JSON number.
      return Schema.Finite as AnySchema
    case "boolean":
      return Schema.Boolean as AnySchema
    case "unknown":
      return Schema.Unknown
    case "timestamp":
      return reference(lenient.kind, timestamps, insideArray).check(Schema.makeFilter((value) => timestamps.read(value) !== undefined, { expected: timestamps.expected }))
    case "array":
      return Schema.Array(noValueOr(reference(lenient.item, timestamps, true))) as AnySchema
    case "record":
      return Schema.Record(Schema.String, noValueOr(reference(lenient.value, timestamps, insideArray))) as AnySchema
    case "object": {
      const struct = Schema.Struct(
        Object.fromEntries([...lenient.fields].map(([name, field]) => [name, Schema.optionalKey(noValueOr(reference(field, timestamps, insideArray)))]))
      )
      return (insideArray ? Schema.StructWithRest(struct, [Schema.Record(Schema.String, Schema.Unknown)]) : struct) as AnySchema
    }
  }
}

interface References {
  readonly list: AnySchema
  /** Each batch field, leniently, as its value must be when present, to tell known objects with unknown keys. */
  readonly fields: ReadonlyMap<string, AnySchema>
}

const referencesCache = new WeakMap<Decoder.Definition, References>()

const referencesOf = (definition: Decoder.Definition): References => {
  const cached = referencesCache.get(definition)
  if (cached !== undefined) return cached
  const lenient = SchemaWalk.lenientOf(SchemaWalk.nodeOf(definition.batch.schema), [definition.timestamps.schema])
  assert(lenient._tag === "object")
  const required = definition.batch.required
  const fields = new Map<string, AnySchema>()
  const batchFields: Record<string, Schema.Top> = {}
  for (const [name, field] of lenient.fields) {
    const schema = reference(field, definition.timestamps)
    if (name === required.id) fields.set(name, Schema.String.check(Schema.isNonEmpty()) as AnySchema)
    else if (name === required.status || name === required.createdAt) fields.set(name, schema)
    else fields.set(name, noValueOr(schema))
    batchFields[name] = name === required.id || name === required.status || name === required.createdAt ? fields.get(name)! : Schema.optionalKey(fields.get(name)!)
  }
  const envelope = definition.list
  const cursor = Schema.optionalKey(noValueOr(Schema.String as AnySchema))
  const list = Schema.Struct({
    [envelope.data]: Schema.Array(Schema.Struct(batchFields)),
    [envelope.firstId]: cursor,
    [envelope.lastId]: cursor,
    [envelope.hasMore]: Schema.optionalKey(noValueOr(Schema.Boolean as AnySchema))
  }) as unknown as AnySchema
  const references = { list, fields }
  referencesCache.set(definition, references)
  return references
}

const orNull = (value: unknown) => (noValue(value) ? null : value)
const utc = (seconds: unknown) => (noValue(seconds) ? null : DateTime.makeUnsafe(Math.trunc((seconds as number) * 1000) + 0))

const pathText = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>) =>
  "$" +
  path
    .map((segment) => (typeof segment === "object" ? segment.key : segment))
    .map((key) => (typeof key === "number" ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(key)}]`))
    .join("")

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

interface ReferencePage {
  readonly page: BatchPage
  /** Each batch's `extensions` as built here, compared as own entries (a `__proto__` key included). */
  readonly extensions: ReadonlyArray<Record<string, unknown>>
}

/** The family's canonical fields of a wire object that Schema accepted, written out from the docs. */
const familyBatch = (definition: Decoder.Definition, wire: Record<string, any>, extensions: Record<string, unknown>) => {
  const counts = wire.request_counts
  const usage = wire.usage
  const lineErrors: Array<unknown> = Array.isArray(wire.errors?.data) ? wire.errors.data : []
  return {
    provider: definition.provider,
    id: BatchId.toCanonical(definition.ids, wire.id),
    nativeId: wire.id,
    endpoint: orNull(wire.endpoint),
    status: BatchStatus.fromNative(wire.status),
    nativeStatus: wire.status,
    inputFileId: orNull(wire.input_file_id),
    outputFileId: orNull(wire.output_file_id),
    errorFileId: orNull(wire.error_file_id),
    resultsUrl: null,
    completionWindow: orNull(wire.completion_window),
    model: orNull(wire.model),
    createdAt: utc(wire.created_at),
    inProgressAt: utc(wire.in_progress_at),
    expiresAt: utc(wire.expires_at),
    finalizingAt: utc(wire.finalizing_at),
    completedAt: utc(wire.completed_at),
    failedAt: utc(wire.failed_at),
    expiredAt: utc(wire.expired_at),
    cancellingAt: utc(wire.cancelling_at),
    cancelledAt: utc(wire.cancelled_at),
    requestCounts: noValue(counts)
      ? null
      : { total: orNull(counts.total), completed: orNull(counts.completed), failed: orNull(counts.failed), processing: null, cancelled: null, expired: null },
    errors: lineErrors.filter(isRecord).map((entry) => ({ code: orNull(entry.code), message: orNull(entry.message), line: orNull(entry.line), param: orNull(entry.param) })),
    metadata: noValue(wire.metadata) ? {} : wire.metadata,
    usage: noValue(usage)
      ? null
      : {
        inputTokens: orNull(usage.input_tokens),
        cachedInputTokens: orNull(usage.input_tokens_details?.cached_tokens),
        outputTokens: orNull(usage.output_tokens),
        reasoningTokens: orNull(usage.output_tokens_details?.reasoning_tokens),
        totalTokens: orNull(usage.total_tokens)
      },
    extensions
  }
}

/** What Schema says about a whole body: the canonical page, or the deepest path of its first fault. */
const referenceDecode = (definition: Decoder.Definition, text: string): Result.Result<ReferencePage, string> => {
  const references = referencesOf(definition)
  const raw: unknown = JSON.parse(text)
  const decoded = Schema.decodeUnknownResult(references.list)(raw)
  if (Result.isFailure(decoded)) {
    const issues = formatter(decoded.failure.issue).issues
    const deepest = issues.reduce((longest, issue) => ((issue.path?.length ?? 0) > (longest.path?.length ?? 0) ? issue : longest))
    return Result.fail(pathText(deepest.path ?? []))
  }
  // Schema has checked the body; the canonical values are read from it as sent (Schema's output
  // drops the keys it does not know, which go to `extensions`).
  const envelope = definition.list
  const list = raw as Record<string, any>
  const allExtensions: Array<Record<string, unknown>> = []
  const data = (list[envelope.data] as Array<Record<string, any>>).map((wire) => {
    const extensions: Record<string, unknown> = {}
    allExtensions.push(extensions)
    for (const key of Object.keys(wire)) {
      const value = wire[key]
      const field = references.fields.get(key)
      // A key the wire schema does not know, or a known object with keys it does not know.
      const unknownInside = field !== undefined && isRecord(value) && Result.isFailure(Schema.decodeUnknownResult(field, { onExcessProperty: "error" })(value))
      if (field === undefined || unknownInside) Object.defineProperty(extensions, key, { value, enumerable: true, writable: true, configurable: true })
    }
    return familyBatch(definition, wire, extensions)
  })
  const cursor = (value: unknown) => (noValue(value) ? null : BatchId.toCanonical(definition.ids, value as string))
  const page = { data, firstId: cursor(list[envelope.firstId]), lastId: cursor(list[envelope.lastId]), hasMore: list[envelope.hasMore] === true }
  // The canonical Schema validates what was built: whatever it accepts is a well-formed page.
  return Result.succeed({ page: Schema.decodeUnknownSync(BatchPage)(page), extensions: allExtensions })
}

// ---------------------------------------------------------------------------------------------
// Generated bodies
// ---------------------------------------------------------------------------------------------

/** Builds objects from entries, so that a generated `__proto__` key is an own field as JSON.parse makes it. */
const objectFrom = (entries: ReadonlyArray<readonly [string, unknown]>) => Object.fromEntries(entries)

const noValueArbitrary = fc.constantFrom<unknown>(null, {})
const orNoValue = <A>(arbitrary: fc.Arbitrary<A>) => fc.oneof({ weight: 3, arbitrary: arbitrary as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: noValueArbitrary })
const text = fc.string({ maxLength: 6 })
const count = fc.oneof(fc.nat({ max: 10_000 }), fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }))
const seconds = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }) },
  { weight: 1, arbitrary: fc.double({ min: -8.64e12, max: 8.64e12, noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, 0.0005, -1.0005, 8.64e12, -8.64e12) }
)
const unknownKey = fc.oneof(fc.constantFrom("__proto__", "priority", "x-region", "1", "constructor"), fc.string({ minLength: 1, maxLength: 5 }))

/** Up to `max` fields no schema knows, with any JSON value. */
const unknownFields = (known: ReadonlySet<string>, max: number) =>
  fc.array(fc.tuple(unknownKey.filter((key) => !known.has(key)), fc.jsonValue({ maxDepth: 2 })), { maxLength: max })

/** An object with some of `fields` (in a shuffled order), sometimes with unknown fields too. */
const objectArbitrary = (fields: Record<string, fc.Arbitrary<unknown>>, options: { readonly requiredKeys?: ReadonlyArray<string>; readonly unknown?: number } = {}) =>
  fc
    .tuple(
      fc.shuffledSubarray(Object.keys(fields), { minLength: 0 }),
      fc.record(fields),
      unknownFields(new Set(Object.keys(fields)), options.unknown ?? 0)
    )
    .map(([keys, values, extra]) => {
      const chosen = new Set([...keys, ...(options.requiredKeys ?? [])])
      return objectFrom([...Object.keys(fields).filter((key) => chosen.has(key)).map((key) => [key, values[key]] as const), ...extra])
    })

const lineError = objectArbitrary({ code: orNoValue(text), message: orNoValue(text), param: orNoValue(text), line: orNoValue(count) }, { unknown: 1 })
const errors = objectArbitrary({ object: orNoValue(fc.constant("list")), data: orNoValue(fc.array(orNoValue(lineError), { maxLength: 3 })) })
const requestCounts = objectArbitrary({ total: orNoValue(count), completed: orNoValue(count), failed: orNoValue(count) }, { unknown: 1 })
const usage = objectArbitrary(
  {
    input_tokens: orNoValue(count),
    input_tokens_details: orNoValue(objectArbitrary({ cached_tokens: orNoValue(count) }, { unknown: 1 })),
    output_tokens: orNoValue(count),
    output_tokens_details: orNoValue(objectArbitrary({ reasoning_tokens: orNoValue(count) }, { unknown: 1 })),
    total_tokens: orNoValue(count)
  },
  { unknown: 1 }
)
// Metadata values are strings here: a `null` or `{}` value passes the lenient checks but is no
// string, so neither side can build a valid Batch from it (reported; the decoder leaves it out).
const metadata = fc.array(fc.tuple(fc.string({ maxLength: 5 }), text), { maxLength: 3 }).map(objectFrom)
const status = fc.oneof(fc.constantFrom("validating", "in_progress", "finalizing", "completed", "failed", "expired", "cancelling", "cancelled", "canceled", "queued"), text)
const batchId = fc.tuple(fc.constantFrom("batch_", "batch-", ""), fc.string({ minLength: 1, maxLength: 8 })).map(([prefix, rest]) => prefix + rest)

const batchFields: Record<string, fc.Arbitrary<unknown>> = {
  id: batchId,
  object: orNoValue(fc.constantFrom("batch", "list")),
  endpoint: orNoValue(fc.constantFrom("/v1/chat/completions", "/v1/embeddings")),
  errors: orNoValue(errors),
  input_file_id: orNoValue(text),
  completion_window: orNoValue(fc.constant("24h")),
  status,
  output_file_id: orNoValue(text),
  error_file_id: orNoValue(text),
  created_at: seconds,
  in_progress_at: orNoValue(seconds),
  expires_at: orNoValue(seconds),
  finalizing_at: orNoValue(seconds),
  completed_at: orNoValue(seconds),
  failed_at: orNoValue(seconds),
  expired_at: orNoValue(seconds),
  cancelling_at: orNoValue(seconds),
  cancelled_at: orNoValue(seconds),
  request_counts: orNoValue(requestCounts),
  metadata: orNoValue(metadata),
  model: orNoValue(text),
  usage: orNoValue(usage)
}
const batch = objectArbitrary(batchFields, { requiredKeys: ["id", "status", "created_at"], unknown: 2 })
const knownKeys = Object.keys(OpenAiFamily.batchFields)

const list = (minItems: number) =>
  objectArbitrary(
    {
      object: fc.constant("list"),
      data: fc.array(batch, { minLength: minItems, maxLength: 5 }),
      first_id: orNoValue(batchId),
      last_id: orNoValue(batchId),
      has_more: orNoValue(fc.boolean())
    },
    { requiredKeys: ["data"], unknown: 1 }
  )

/** A vendor by name (so that a counterexample prints the name, not the whole definition). */
const vendor = fc.constantFrom(...definitions.map((definition) => definition.provider))
const definitionOf = (provider: string): Decoder.Definition => definitions.find((definition) => definition.provider === provider)!

// One fault, put somewhere in a valid body: [path below the body, the bad value or `undefined` to remove the field].
type Fault = readonly [ReadonlyArray<string | number>, unknown]
const notAString = fc.constantFrom<unknown>(5, true, [], { a: 1 })
const notANumber = fc.constantFrom<unknown>("5", true, [], { a: 1 })
const notAnObject = fc.constantFrom<unknown>("x", 5, true, [])
const tooFar = fc.constantFrom(8.64e12 + 1, -1e13, 1e300)
const timestampKeys = ["created_at", "in_progress_at", "expires_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at"]
const fault = (items: number): fc.Arbitrary<Fault> => {
  const item = fc.nat({ max: items - 1 })
  const at = (index: number, ...path: Array<string | number>) => ["data", index, ...path] as const
  return fc.oneof(
    fc.constantFrom<unknown>("x", 5, true, {}).map((value): Fault => [["data"], value]),
    fc.tuple(fc.constantFrom("first_id", "last_id"), fc.constantFrom<unknown>(5, true, [])).map(([key, value]): Fault => [[key], value]),
    fc.constantFrom<unknown>("yes", 1, []).map((value): Fault => [["has_more"], value]),
    fc.tuple(item, fc.constantFrom<unknown>(null, 3, "batch", [], true)).map(([index, value]): Fault => [["data", index], value]),
    fc.tuple(item, fc.constantFrom("id", "status", "created_at")).map(([index, key]): Fault => [at(index, key), undefined]),
    fc.tuple(item, fc.constantFrom<unknown>("", null, {}, 5)).map(([index, value]): Fault => [at(index, "id"), value]),
    fc.tuple(item, fc.constantFrom<unknown>(null, {}, 3, [])).map(([index, value]): Fault => [at(index, "status"), value]),
    fc.tuple(item, fc.constantFrom<unknown>(null, {}, "1711471533", [])).map(([index, value]): Fault => [at(index, "created_at"), value]),
    fc.tuple(item, fc.constantFrom(...timestampKeys), fc.oneof(notANumber, tooFar)).map(([index, key, value]): Fault => [at(index, key), value]),
    fc.tuple(item, fc.constantFrom("endpoint", "input_file_id", "output_file_id", "model", "object"), notAString).map(([index, key, value]): Fault => [at(index, key), value]),
    fc.tuple(item, fc.constantFrom("request_counts", "usage", "errors", "metadata"), notAnObject).map(([index, key, value]): Fault => [at(index, key), value]),
    fc.tuple(item, fc.constantFrom("total", "completed", "failed"), notANumber).map(([index, key, value]): Fault => [at(index, "request_counts", key), value]),
    fc.tuple(item, notAnObject).map(([index, value]): Fault => [at(index, "usage", "input_tokens_details"), value]),
    fc.tuple(item, notANumber).map(([index, value]): Fault => [at(index, "usage", "output_tokens_details", "reasoning_tokens"), value]),
    fc.tuple(item, notANumber).map(([index, value]): Fault => [at(index, "usage", "total_tokens"), value]),
    fc.tuple(item, fc.string({ maxLength: 4 }), notAString).map(([index, key, value]): Fault => [at(index, "metadata", key), value]),
    fc.tuple(item, fc.constantFrom<unknown>("x", 5, { a: 1 })).map(([index, value]): Fault => [at(index, "errors", "data"), value]),
    fc.tuple(item, fc.constantFrom<unknown>(5, "x", [])).map(([index, value]): Fault => [at(index, "errors", "data", 0), value]),
    fc.tuple(item, fc.constantFrom("code", "message", "param"), notAString).map(([index, key, value]): Fault => [at(index, "errors", "data", 0, key), value]),
    fc.tuple(item, notANumber).map(([index, value]): Fault => [at(index, "errors", "data", 0, "line"), value])
  )
}

/** Puts the fault in a copy of the body, making any missing object on the way (as data, never as `__proto__`). */
const withFault = (body: Record<string, unknown>, [path, value]: Fault): Record<string, unknown> => {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>
  let target: any = copy
  for (const [position, key] of path.slice(0, -1).entries()) {
    const nextKey = path[position + 1]
    const wantArray = typeof nextKey === "number"
    const current = target[key]
    if (wantArray ? !Array.isArray(current) || current.length === 0 : !isRecord(current)) {
      Object.defineProperty(target, key, { value: wantArray ? [{}] : {}, enumerable: true, writable: true, configurable: true })
    }
    target = target[key]
  }
  const last = path[path.length - 1]!
  if (value === undefined) delete target[last]
  else Object.defineProperty(target, last, { value, enumerable: true, writable: true, configurable: true })
  return copy
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const fastDecode = (definition: Decoder.Definition, text: string) =>
  Decoder.decodePageText(definition, text, { provider: definition.provider, operation: "list" })

const withoutExtensions = (page: BatchPage) => {
  const json = pageToJson(page)
  return { ...json, data: json.data.map((batch) => ({ ...batch, extensions: null })) }
}

/** Same canonical page: every field through `pageToJson`, `extensions` as own fields of a plain object. */
const assertSamePage = (fast: BatchPage, reference: ReferencePage) => {
  assert.deepStrictEqual(withoutExtensions(fast), withoutExtensions(reference.page))
  fast.data.forEach((batch, index) => {
    assert.strictEqual(Object.getPrototypeOf(batch.extensions), Object.prototype)
    assert.deepStrictEqual(Object.entries(batch.extensions), Object.entries(reference.extensions[index]!))
  })
}

/** The fast path's values are plain objects with the canonical fields in the canonical order, and the canonical Schema accepts them. */
const assertCanonicalObjects = (fast: BatchPage, reference: BatchPage) => {
  assert.strictEqual(Object.getPrototypeOf(fast), Object.prototype)
  assert.isTrue(Schema.is(BatchPage)(fast))
  fast.data.forEach((batch: Batch, index) => {
    const expected = reference.data[index]!
    assert.strictEqual(Object.getPrototypeOf(batch), Object.prototype)
    assert.deepStrictEqual(Object.keys(batch), Object.keys(expected))
    for (const key of ["requestCounts", "usage"] as const) {
      const value = batch[key]
      if (value !== null) assert.deepStrictEqual(Object.keys(value), Object.keys(expected[key]!), key)
    }
    for (const [position, lineError] of batch.errors.entries()) assert.deepStrictEqual(Object.keys(lineError), Object.keys(expected.errors[position]!))
    for (const key of Object.keys(expected) as Array<keyof Batch>) {
      if (DateTime.isDateTime(expected[key])) assert.isTrue(DateTime.isUtc(batch[key] as DateTime.DateTime), key)
    }
  })
}

describe("Decoder fast path = effect/Schema reference derived from the definitions' wire Schemas", () => {
  it("valid bodies: same canonical page, plain canonical objects", () => {
    fc.assert(
      fc.property(vendor, list(0), (provider, body) => {
        const definition = definitionOf(provider)
        const text = JSON.stringify(body)
        const fast = fastDecode(definition, text)
        const reference = referenceDecode(definition, text)
        if (Result.isFailure(reference)) throw new Error(`the reference refused a valid body at ${reference.failure}`)
        if (Result.isFailure(fast)) throw new Error(`the decoder refused a valid body at ${fast.failure.path}: ${fast.failure.message}`)
        assertSamePage(fast.success, reference.success)
        assertCanonicalObjects(fast.success, reference.success.page)
      }),
      { numRuns: 400 }
    )
  })

  it("a body with one fault: both refuse it, at the same path", () => {
    fc.assert(
      fc.property(
        vendor,
        list(1).chain((body) => fc.tuple(fc.constant(body), fault((body.data as Array<unknown>).length))),
        (provider, [body, bad]) => {
          const definition = definitionOf(provider)
          const text = JSON.stringify(withFault(body, bad))
          const fast = fastDecode(definition, text)
          const reference = referenceDecode(definition, text)
          assert.isTrue(Result.isFailure(reference), `the reference accepted a fault at ${JSON.stringify(bad)}`)
          assert.isTrue(Result.isFailure(fast), `the decoder accepted a fault at ${JSON.stringify(bad)}`)
          if (Result.isFailure(fast) && Result.isFailure(reference)) {
            assert.strictEqual(fast.failure.path, reference.failure, text)
            assert.strictEqual(fast.failure._tag, "DecodeError")
          }
        }
      ),
      { numRuns: 600 }
    )
  })

  it("batches of arbitrary JSON values: same decision, same page when both accept, never a throw", () => {
    const anything = fc.jsonValue({ maxDepth: 2 }).filter((value) => !(isRecord(value) && Object.values(value).some(noValue)))
    const wild = fc.array(fc.tuple(fc.constantFrom(...knownKeys, "extra"), fc.oneof(anything, noValueArbitrary)), { maxLength: 8 }).map(objectFrom)
    fc.assert(
      fc.property(vendor, fc.array(fc.oneof(batch, wild.map((fields) => ({ id: "batch_x", status: "completed", created_at: 1, ...fields })), wild), { maxLength: 4 }), (provider, data) => {
        const definition = definitionOf(provider)
        const text = JSON.stringify({ object: "list", data, has_more: false })
        const fast = fastDecode(definition, text)
        const reference = referenceDecode(definition, text)
        assert.strictEqual(Result.isSuccess(fast), Result.isSuccess(reference), text)
        if (Result.isSuccess(fast) && Result.isSuccess(reference)) assertSamePage(fast.success, reference.success)
      }),
      { numRuns: 400 }
    )
  })

  it("numbers JSON.parse reads as Infinity are refused", () => {
    const text = `{"data":[{"id":"batch_a","status":"completed","created_at":1,"request_counts":{"total":1e400}}]}`
    const fast = fastDecode(OpenAi.definition, text)
    assert(Result.isFailure(fast))
    assert.strictEqual(fast.failure.path, "$.data[0].request_counts.total")
    const reference = referenceDecode(OpenAi.definition, text)
    assert(Result.isFailure(reference))
    assert.strictEqual(reference.failure, "$.data[0].request_counts.total")
  })
})
