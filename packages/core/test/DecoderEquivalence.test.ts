/**
 * The decoder's fast path against a reference that decodes the same bodies with `effect/Schema`
 * itself: a lenient Schema derived from the wire Schemas in WireBatch.ts (types only, every field
 * optional except what a batch cannot exist without, `null` and `{}` meaning "no value" at any
 * depth), then the canonical classes built by their validating constructors. For many generated
 * bodies, valid and invalid, both must make the same decision, the same canonical output and,
 * when a body has one fault, name the same path.
 */
import { describe, it } from "@effect/vitest"
import { Batch, BatchLineError, BatchPage, pageToJson, RequestCounts, Usage } from "@unibatch/core/Batch"
import * as BatchId from "@unibatch/core/BatchId"
import * as BatchStatus from "@unibatch/core/BatchStatus"
import * as Decoder from "@unibatch/core/Decoder"
import type { Provider } from "@unibatch/core/Provider"
import { WireBatch, WireBatchList } from "@unibatch/core/WireBatch"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as fc from "fast-check"
import { assert, chai } from "vitest"

chai.config.truncateThreshold = 0

// ---------------------------------------------------------------------------------------------
// The reference: Schema's own parser on a lenient Schema derived from the wire Schemas
// ---------------------------------------------------------------------------------------------

type AnySchema = Schema.Schema<any, any, never>

/** A JSON object: Schema's structs and records also take arrays, JSON objects are not arrays. */
const JsonObject = Schema.Unknown.pipe(Schema.filter((value) => typeof value === "object" && value !== null && !Array.isArray(value)))
const jsonObject = (schema: AnySchema): AnySchema => Schema.compose(JsonObject, schema, { strict: false })

/** Exactly `{}`, the placeholder for "no value" (a filter, so that its failure names no key inside). */
const Placeholder = Schema.Unknown.pipe(Schema.filter((value) => typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0))
/** `JSON.parse` reads 1e400 as Infinity, which is not a JSON number. */
const JsonNumber = Schema.Number.pipe(Schema.finite())
const noValueOr = (schema: AnySchema): AnySchema => Schema.Union(schema, Schema.Null, Placeholder)

const isNullish = (ast: AST.AST) => AST.isUndefinedKeyword(ast) || (AST.isLiteral(ast) && ast.literal === null)

/**
 * The lenient reading of a wire schema. Inside arrays, objects accept any other key: an array item
 * is data kept as it is, so a key the schema does not know there is not an unknown field.
 */
const lenient = (ast: AST.AST, insideArray: boolean): AnySchema => {
  switch (ast._tag) {
    case "StringKeyword":
    case "TemplateLiteral":
      return Schema.String
    case "NumberKeyword":
      return JsonNumber
    case "BooleanKeyword":
      return Schema.Boolean
    case "Literal":
      return typeof ast.literal === "string" ? Schema.String : typeof ast.literal === "number" ? JsonNumber : typeof ast.literal === "boolean" ? Schema.Boolean : Schema.Unknown
    case "Refinement":
    case "Transformation":
      return lenient(ast.from, insideArray)
    case "Suspend":
      return lenient(ast.f(), insideArray)
    case "Union": {
      const members = ast.types.filter((member) => !isNullish(member)).map((member) => lenient(member, insideArray))
      return members.length === 1 ? members[0]! : Schema.Union(...members)
    }
    case "TupleType":
      return Schema.Array(noValueOr(lenient(ast.rest[0]!.type, true)))
    case "TypeLiteral": {
      const index = ast.indexSignatures[0]
      if (ast.propertySignatures.length === 0 && index !== undefined) {
        return jsonObject(Schema.Record({ key: Schema.String, value: noValueOr(lenient(index.type, insideArray)) }))
      }
      const fields = Object.fromEntries(ast.propertySignatures.map((field) => [String(field.name), Schema.optional(noValueOr(lenient(field.type, insideArray)))]))
      return jsonObject(insideArray ? Schema.Struct(fields, Schema.Record({ key: Schema.String, value: Schema.Unknown })) : Schema.Struct(fields))
    }
    default:
      return Schema.Unknown
  }
}

const hasIdentifier = (ast: AST.AST, identifier: string): boolean =>
  AST.isUnion(ast) ? ast.types.some((member) => hasIdentifier(member, identifier)) : Option.getOrUndefined(AST.getIdentifierAnnotation(ast)) === identifier

const batchSignatures = (WireBatch.ast as AST.TypeLiteral).propertySignatures
const knownKeys = new Set(batchSignatures.map((field) => String(field.name)))
/** The decoder's own rule on top of the wire types: unix seconds must fit a date. */
const inDateRange = (seconds: number) => Math.abs(seconds * 1000) <= 8.64e15

/** `id`, `status` and `created_at` are what a batch cannot exist without; the rest may have no value. */
const requiredFields = new Set(["id", "status", "created_at"])

/** Each batch field, leniently, as its value must be when present. */
const batchFieldSchemas: ReadonlyMap<string, AnySchema> = new Map(
  batchSignatures.map((field) => {
    const name = String(field.name)
    let schema = lenient(field.type, false)
    if (hasIdentifier(field.type, "UnixSeconds")) schema = (schema as typeof JsonNumber).pipe(Schema.filter(inDateRange))
    if (name === "id") schema = (schema as typeof Schema.String).pipe(Schema.minLength(1))
    return [name, requiredFields.has(name) ? schema : noValueOr(schema)] as const
  })
)
const ReferenceBatch = jsonObject(
  Schema.Struct(Object.fromEntries([...batchFieldSchemas].map(([name, schema]) => [name, requiredFields.has(name) ? schema : Schema.optional(schema)])))
)

// The decoder reads `data`, the cursors and `has_more` of the envelope; `object` it does not read.
const listSignatures = (WireBatchList.ast as AST.TypeLiteral).propertySignatures
const cursorSchema = (name: string) => Schema.optional(noValueOr(lenient(listSignatures.find((field) => field.name === name)!.type, false)))
const ReferenceList = jsonObject(
  Schema.Struct({ data: Schema.Array(ReferenceBatch), first_id: cursorSchema("first_id"), last_id: cursorSchema("last_id"), has_more: cursorSchema("has_more") })
)

const isRecord = (value: unknown): value is Record<string, any> => typeof value === "object" && value !== null && !Array.isArray(value)
const noValue = (value: unknown) => value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0)
const orNull = (value: unknown) => (noValue(value) ? null : value)
const utc = (seconds: unknown) => (noValue(seconds) ? null : DateTime.unsafeMake((seconds as number) * 1000))

const pathText = (path: ReadonlyArray<PropertyKey>) =>
  "$" + path.map((key) => (typeof key === "number" ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `.${String(key)}` : `[${JSON.stringify(key)}]`)).join("")

interface ReferencePage {
  readonly page: BatchPage
  /**
   * Each batch's `extensions` as built here: Schema's Record parser assigns keys, so a `__proto__`
   * key would not survive the validating constructor (nor `toJson`); they are compared apart.
   */
  readonly extensions: ReadonlyArray<Record<string, unknown>>
}

/** What Schema says about a whole body: the canonical page, or the deepest path of its first fault. */
const referenceDecode = (provider: Provider, text: string): Either.Either<ReferencePage, string> => {
  const raw: unknown = JSON.parse(text)
  const decoded = Schema.decodeUnknownEither(ReferenceList, { errors: "first" })(raw)
  if (Either.isLeft(decoded)) {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)
    const deepest = issues.reduce((longest, issue) => (issue.path.length > longest.path.length ? issue : longest))
    return Either.left(pathText(deepest.path))
  }
  // Schema has checked the body; the canonical values are read from it as sent (an object with
  // only unknown fields is not the `{}` placeholder, though Schema's output drops those fields).
  const list = raw as { data: Array<Record<string, any>>; first_id?: unknown; last_id?: unknown; has_more?: unknown }
  const allExtensions: Array<Record<string, unknown>> = []
  const batches = list.data.map((wire) => {
    const extensions: Record<string, unknown> = {}
    allExtensions.push(extensions)
    for (const key of Object.keys(wire)) {
      const value = wire[key]
      const field = batchFieldSchemas.get(key)
      // A key the wire schema does not know, or a known object with keys it does not know.
      const unknownInside = field !== undefined && isRecord(value) && Either.isLeft(Schema.decodeUnknownEither(field, { onExcessProperty: "error" })(value))
      if (field === undefined || unknownInside) Object.defineProperty(extensions, key, { value, enumerable: true, writable: true, configurable: true })
    }
    const counts = wire.request_counts
    const usage = wire.usage
    const lineErrors: Array<unknown> = Array.isArray(wire.errors?.data) ? wire.errors.data : []
    // The validating constructors: whatever they accept is a well-formed canonical value.
    return new Batch({
      provider,
      id: BatchId.toCanonical(provider, wire.id),
      nativeId: wire.id,
      endpoint: orNull(wire.endpoint) as string | null,
      status: BatchStatus.fromNative(wire.status),
      nativeStatus: wire.status,
      inputFileId: orNull(wire.input_file_id) as string | null,
      outputFileId: orNull(wire.output_file_id) as string | null,
      errorFileId: orNull(wire.error_file_id) as string | null,
      completionWindow: orNull(wire.completion_window) as string | null,
      model: orNull(wire.model) as string | null,
      createdAt: DateTime.unsafeMake(wire.created_at * 1000),
      inProgressAt: utc(wire.in_progress_at),
      expiresAt: utc(wire.expires_at),
      finalizingAt: utc(wire.finalizing_at),
      completedAt: utc(wire.completed_at),
      failedAt: utc(wire.failed_at),
      expiredAt: utc(wire.expired_at),
      cancellingAt: utc(wire.cancelling_at),
      cancelledAt: utc(wire.cancelled_at),
      requestCounts: noValue(counts) ? null : new RequestCounts({ total: orNull(counts.total) as number | null, completed: orNull(counts.completed) as number | null, failed: orNull(counts.failed) as number | null }),
      errors: lineErrors.filter(isRecord).map((entry) =>
        new BatchLineError({ code: orNull(entry.code) as string | null, message: orNull(entry.message) as string | null, line: orNull(entry.line) as number | null, param: orNull(entry.param) as string | null })
      ),
      metadata: noValue(wire.metadata) ? {} : wire.metadata,
      usage: noValue(usage)
        ? null
        : new Usage({
          inputTokens: orNull(usage.input_tokens) as number | null,
          cachedInputTokens: orNull(usage.input_tokens_details?.cached_tokens) as number | null,
          outputTokens: orNull(usage.output_tokens) as number | null,
          reasoningTokens: orNull(usage.output_tokens_details?.reasoning_tokens) as number | null,
          totalTokens: orNull(usage.total_tokens) as number | null
        }),
      extensions
    })
  })
  const cursor = (value: unknown) => (noValue(value) ? null : BatchId.toCanonical(provider, value as string))
  return Either.right({
    page: new BatchPage({ data: batches, firstId: cursor(list.first_id), lastId: cursor(list.last_id), hasMore: list.has_more === true }),
    extensions: allExtensions
  })
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
// string, so neither side can build a valid Batch from it (reported; the decoder keeps it as sent).
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

const provider = fc.constantFrom<Provider>("openai", "respan", "neosantara")

// One fault, put somewhere in a valid body: [path below the body, the bad value or `undefined` to remove the field].
type Fault = readonly [ReadonlyArray<string | number>, unknown]
const notAString = fc.constantFrom<unknown>(5, true, [], { a: 1 })
const notANumber = fc.constantFrom<unknown>("5", true, [], { a: 1 })
const notAnObject = fc.constantFrom<unknown>("x", 5, true, [])
const tooFar = fc.constantFrom(8.64e12 + 1, -1e13, 1e300)
const timestampKeys = batchSignatures.filter((field) => hasIdentifier(field.type, "UnixSeconds")).map((field) => String(field.name))
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

const fastDecode = (provider: Provider, text: string) => Decoder.decodePageText(text, { provider, operation: "list" })

const ownProperties = (value: object) => Object.getOwnPropertyDescriptors(value)

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

/** The fast path's objects are the very objects the classes build: prototype, fields, field order. */
const assertSameObjects = (fast: Batch, reference: Batch) => {
  assert.strictEqual(Object.getPrototypeOf(fast), Batch.prototype)
  assert.deepStrictEqual(Object.keys(fast), Object.keys(reference))
  for (const key of Object.keys(reference) as Array<keyof Batch>) {
    const fastValue = fast[key] as unknown
    const referenceValue = reference[key] as unknown
    if (DateTime.isDateTime(referenceValue)) {
      assert.strictEqual(Object.getPrototypeOf(fastValue), Object.getPrototypeOf(referenceValue), key)
      assert.deepStrictEqual(ownProperties(fastValue as object), ownProperties(referenceValue), key)
    } else if (referenceValue instanceof RequestCounts || referenceValue instanceof Usage) {
      assert.strictEqual(Object.getPrototypeOf(fastValue), Object.getPrototypeOf(referenceValue), key)
      assert.deepStrictEqual(Object.keys(fastValue as object), Object.keys(referenceValue), key)
    }
  }
  for (const [index, lineError] of fast.errors.entries()) {
    assert.strictEqual(Object.getPrototypeOf(lineError), BatchLineError.prototype)
    assert.deepStrictEqual(Object.keys(lineError), Object.keys(reference.errors[index]!))
  }
  // And the validating constructor accepts what the fast path built.
  assert.doesNotThrow(() => new Batch({ ...fast }))
}

describe("Decoder fast path = effect/Schema reference derived from WireBatch", () => {
  it("valid bodies: same canonical page, same objects", () => {
    fc.assert(
      fc.property(provider, list(0), (provider, body) => {
        const text = JSON.stringify(body)
        const fast = fastDecode(provider, text)
        const reference = referenceDecode(provider, text)
        if (Either.isLeft(reference)) throw new Error(`the reference refused a valid body at ${reference.left}`)
        if (Either.isLeft(fast)) throw new Error(`the decoder refused a valid body at ${fast.left.path}: ${fast.left.message}`)
        assertSamePage(fast.right, reference.right)
        assert.strictEqual(Object.getPrototypeOf(fast.right), BatchPage.prototype)
        fast.right.data.forEach((fastBatch, index) => assertSameObjects(fastBatch, reference.right.page.data[index]!))
      }),
      { numRuns: 400 }
    )
  })

  it("a body with one fault: both refuse it, at the same path", () => {
    fc.assert(
      fc.property(
        provider,
        list(1).chain((body) => fc.tuple(fc.constant(body), fault((body.data as Array<unknown>).length))),
        (provider, [body, bad]) => {
          const text = JSON.stringify(withFault(body, bad))
          const fast = fastDecode(provider, text)
          const reference = referenceDecode(provider, text)
          assert.isTrue(Either.isLeft(reference), `the reference accepted a fault at ${JSON.stringify(bad)}`)
          assert.isTrue(Either.isLeft(fast), `the decoder accepted a fault at ${JSON.stringify(bad)}`)
          if (Either.isLeft(fast) && Either.isLeft(reference)) {
            assert.strictEqual(fast.left.path, reference.left, text)
            assert.strictEqual(fast.left._tag, "DecodeError")
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
      fc.property(provider, fc.array(fc.oneof(batch, wild.map((fields) => ({ id: "batch_x", status: "completed", created_at: 1, ...fields })), wild), { maxLength: 4 }), (provider, data) => {
        const text = JSON.stringify({ object: "list", data, has_more: false })
        const fast = fastDecode(provider, text)
        const reference = referenceDecode(provider, text)
        assert.strictEqual(Either.isRight(fast), Either.isRight(reference), text)
        if (Either.isRight(fast) && Either.isRight(reference)) assertSamePage(fast.right, reference.right)
      }),
      { numRuns: 400 }
    )
  })

  it("numbers JSON.parse reads as Infinity are refused", () => {
    const text = `{"data":[{"id":"batch_a","status":"completed","created_at":1,"request_counts":{"total":1e400}}]}`
    const fast = fastDecode("openai", text)
    assert(Either.isLeft(fast))
    assert.strictEqual(fast.left.path, "$.data[0].request_counts.total")
    assert.strictEqual(Either.getLeft(referenceDecode("openai", text)).pipe(Option.getOrUndefined), "$.data[0].request_counts.total")
  })
})
