/**
 * Lenient, nullable-aware decoding of vendor bodies into the canonical model: what the clients
 * and `unibatch normalize` use. A field that is absent, `null` or the `{}` placeholder has no
 * value; unknown fields go to `extensions`; only what the definition's `batch.required` names is
 * required; a field of the wrong type is a {@link DecodeError} naming its JSON path. Nothing here
 * throws.
 *
 * Everything vendor-specific comes from the vendor's definition: the type checks are compiled once
 * per definition from its lenient batch Schema (through the shared Schema walk), the status and
 * the other canonical fields come from its batch codec, the IDs from its ID codec, the list
 * envelope's wire names from its list envelope, and its timestamp fields must read through its
 * timestamp codec. The compiled checks are plain loops: the general Schema parser costs several
 * times `JSON.parse` on a list page, this about 2x. DecoderEquivalence.test.ts proves the result
 * equal to decoding through Schema itself.
 *
 * @module \@unibatch/core/Decoder
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type { Batch, BatchPage } from "./Batch.js"
import type { BatchFile } from "./BatchFile.js"
import * as BatchId from "./BatchId.js"
import { decodeError, defineField, isNoValue, isRecord, pathOfKey, tooDeep, typeName } from "./internal/json.js"
import { locateFault } from "./internal/jsonSyntax.js"
import * as SchemaWalk from "./internal/schemaWalk.js"
import type { TimestampCodec } from "./Timestamp.js"
import { DecodeError } from "./UnibatchError.js"
import type { BatchCodec, FileCodec, Lifecycle, VendorDefinition } from "./VendorDefinition.js"

/**
 * Where a body came from, for the errors decoding may produce.
 *
 * @example
 * ```ts
 * import type { DecodeContext } from "@unibatch/core/Decoder"
 *
 * const context: DecodeContext = { provider: "example", operation: "list", status: 200, requestId: "req_123" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DecodeContext {
  readonly provider: string
  readonly operation: string
  readonly status?: number | null | undefined
  readonly requestId?: string | null | undefined
}

/**
 * The parts of a vendor definition decoding reads. A whole `VendorDefinition` is one.
 *
 * @example
 * ```ts
 * import type { Definition } from "@unibatch/core/Decoder"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const family: Definition = {
 *   provider: "example",
 *   ids: { nativePrefix: "batch_" },
 *   timestamps: Timestamp.unixSeconds,
 *   list: OpenAiFamily.listEnvelope,
 *   batch: OpenAiFamily.batchCodec
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Definition = Pick<VendorDefinition, "provider" | "ids" | "timestamps" | "list" | "batch">

/**
 * How deep a value the model has no type for may nest: an unknown field (kept in `extensions`),
 * an unknown key of a known object, or a field the schema types as unknown may hold at most this
 * many levels of arrays and objects. Deeper is a {@link DecodeError} at the path of the first
 * array or object past the limit. `JSON.parse` reads any depth, but `JSON.stringify` (the CLI's
 * `--json` output) and every recursive walk overflow the stack a few thousand levels down; no
 * real vendor nests that deep.
 *
 * @example
 * ```ts
 * import { decodeBatch, maxUnknownDepth, type Definition } from "@unibatch/core/Decoder"
 *
 * declare const definition: Definition
 * let deep: unknown = 1
 * for (let level = 0; level <= maxUnknownDepth; level++) deep = [deep]
 * decodeBatch(definition, { id: "batch_abc", status: "queued", created_at: 1711471533, deep }, {
 *   provider: "openai",
 *   operation: "retrieve"
 * })
 * // Result.fail(DecodeError { path: "$.deep[0][0]...[0]", message: "... nested deeper than 1000 levels" })
 * ```
 *
 * @since 0.2.0
 * @category decoding
 */
export const maxUnknownDepth = 1_000

const tooDeepMessage = `nested deeper than ${maxUnknownDepth} levels (arrays and objects) in a value the model has no type for`

/** The depth fault of a value kept as it is (see {@link maxUnknownDepth}). */
const depthFault = (value: unknown): Fault | undefined => {
  const path = tooDeep(value, maxUnknownDepth)
  return path === undefined ? undefined : { path, message: tooDeepMessage }
}

// ---------------------------------------------------------------------------------------------
// Compiled checks
// ---------------------------------------------------------------------------------------------

type Fault = SchemaWalk.Fault
type Check = SchemaWalk.Check

/** A value of unknown type is accepted as it is, but not nested past {@link maxUnknownDepth}. */
const acceptShallow = (value: unknown): Fault | undefined => typeof value === "object" && value !== null ? depthFault(value) : undefined

/** The decoder's checks: timestamps must read through the vendor's codec; unknown values are depth-bounded. */
const checkOptions = (timestamps: TimestampCodec): SchemaWalk.CheckOptions => ({ timestamps, unknown: acceptShallow })

/** A string (or no value): the check of a required field the schema does not name. */
const stringCheck: Check = SchemaWalk.compileLenient({ _tag: "string" }, { unknown: acceptShallow })

/** A required field: present, with a value, of its type (`id` also non-empty). */
interface Required {
  readonly name: string
  readonly path: string
  readonly expected: string
  readonly nonEmpty: boolean
}

interface Compiled {
  readonly defect: string | undefined
  readonly checks: ReadonlyMap<string, Check>
  readonly required: ReadonlyArray<Required>
  /** What a partial batch (a cancel answer, `Lifecycle.partialCancel`) needs: id and status. */
  readonly partialRequired: ReadonlyArray<Required>
  readonly id: string
  readonly status: string
}

const compiledByCodec = new WeakMap<BatchCodec, WeakMap<TimestampCodec, Compiled>>()

/** The checks of a definition's batch schema, compiled once per (batch codec, timestamp codec). */
const compiledOf = (definition: Definition): Compiled => {
  let byTimestamps = compiledByCodec.get(definition.batch)
  if (byTimestamps === undefined) {
    byTimestamps = new WeakMap()
    compiledByCodec.set(definition.batch, byTimestamps)
  }
  let compiled = byTimestamps.get(definition.timestamps)
  if (compiled === undefined) {
    compiled = compileDefinition(definition.batch, definition.timestamps)
    byTimestamps.set(definition.timestamps, compiled)
  }
  return compiled
}

/** The compiled field checks of an object schema, and a defect when the schema is not one. */
const compileObject = (schema: Schema.Top, timestamps: TimestampCodec, what: string) => {
  const described = SchemaWalk.lenientOf(SchemaWalk.nodeOf(schema), [timestamps.schema])
  // A schema that is not an object schema is a fault of the definition: every object is refused
  // with a message that says so (decoding never throws).
  const defect = described._tag === "object" ? undefined : `the vendor definition's ${what} schema is not an object schema (got ${described._tag})`
  const lenient: Extract<SchemaWalk.Lenient, { _tag: "object" }> = described._tag === "object" ? described : { _tag: "object", fields: new Map() }
  const checks = SchemaWalk.compileFields(lenient, checkOptions(timestamps))
  const requiredOf = (name: string, expected: string | undefined, nonEmpty: boolean): Required => {
    const field = lenient.fields.get(name)
    return {
      name,
      path: pathOfKey(name),
      expected: expected ?? (field === undefined ? "a value" : SchemaWalk.describeLenient(field)),
      nonEmpty
    }
  }
  return { defect, checks, requiredOf }
}

const compileDefinition = (codec: BatchCodec, timestamps: TimestampCodec): Compiled => {
  const { checks, defect, requiredOf } = compileObject(codec.schema, timestamps, "batch")
  const { createdAt, id, status } = codec.required
  // A required field the schema does not name is still checked for its type here.
  if (!checks.has(id)) checks.set(id, stringCheck)
  if (!checks.has(status)) checks.set(status, stringCheck)
  const partialRequired = [requiredOf(id, "a non-empty string", true), requiredOf(status, "a string", false)]
  return {
    defect,
    checks,
    required: [...partialRequired, requiredOf(createdAt, undefined, false)],
    partialRequired,
    id,
    status
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

const requiredFault = (required: ReadonlyArray<Required>, raw: Record<string, unknown>): Fault | undefined => {
  for (const field of required) {
    const value = raw[field.name]
    if (value === undefined) return { path: field.path, message: "required field is missing" }
    if (isNoValue(value) || (field.nonEmpty && (typeof value !== "string" || value.length === 0))) {
      return { path: field.path, message: `expected ${field.expected}, got ${typeName(value)}` }
    }
  }
  return undefined
}

/** A field that does not fit, from {@link unknownFieldsOf}. */
class FieldFault implements Fault {
  constructor(readonly path: string, readonly message: string) {}
}

/**
 * Type-checks every field of a wire object against compiled checks; answers the fields the
 * schema has no place for (unknown keys, and known objects carrying unknown keys: both kept
 * verbatim), `undefined` when there are none, or the first field that does not fit.
 */
const unknownFieldsOf = (checks: ReadonlyMap<string, Check>, raw: Record<string, unknown>): Record<string, unknown> | undefined | FieldFault => {
  let extensions: Record<string, unknown> | undefined
  for (const key in raw) {
    const value = raw[key]
    const check = checks.get(key)
    if (check === undefined) {
      if (typeof value === "object" && value !== null) {
        const deep = depthFault(value)
        if (deep !== undefined) return new FieldFault(pathOfKey(key) + deep.path, deep.message)
      }
      defineField((extensions ??= {}), key, value)
      continue
    }
    if (value === null) continue
    const result = check(value)
    if (result === undefined) continue
    // A known object with fields the schema does not know is kept verbatim in `extensions` too.
    if (result === SchemaWalk.hasUnknownKeys) defineField((extensions ??= {}), key, value)
    else return new FieldFault(pathOfKey(key) + result.path, result.message)
  }
  return extensions
}

/**
 * Decodes one wire batch object, or says where it does not fit. A partial one (a vendor's cancel
 * answer) needs only its id and status.
 */
const batchOrFault = (definition: Definition, compiled: Compiled, provider: string, raw: unknown, partial = false): Batch | Fault => {
  if (!isRecord(raw)) return { path: "", message: `expected a batch object, got ${typeName(raw)}` }
  if (compiled.defect !== undefined) return { path: "", message: compiled.defect }
  const extensions = unknownFieldsOf(compiled.checks, raw)
  if (extensions instanceof FieldFault) return extensions
  const missing = requiredFault(partial ? compiled.partialRequired : compiled.required, raw)
  if (missing !== undefined) return missing
  const nativeId = raw[compiled.id] as string
  const nativeStatus = raw[compiled.status] as string
  const fields = definition.batch.read(raw)
  return {
    provider,
    id: BatchId.toCanonical(definition.ids, nativeId),
    nativeId,
    endpoint: fields.endpoint,
    status: definition.batch.status(nativeStatus, raw),
    nativeStatus,
    inputFileId: fields.inputFileId,
    outputFileId: fields.outputFileId,
    errorFileId: fields.errorFileId,
    resultsUrl: fields.resultsUrl,
    completionWindow: fields.completionWindow,
    model: fields.model,
    createdAt: fields.createdAt,
    inProgressAt: fields.inProgressAt,
    expiresAt: fields.expiresAt,
    finalizingAt: fields.finalizingAt,
    completedAt: fields.completedAt,
    failedAt: fields.failedAt,
    expiredAt: fields.expiredAt,
    cancellingAt: fields.cancellingAt,
    cancelledAt: fields.cancelledAt,
    requestCounts: fields.requestCounts,
    errors: fields.errors,
    metadata: fields.metadata,
    usage: fields.usage,
    extensions: extensions ?? {}
  }
}

const isFault = <A extends { readonly nativeId: string }>(value: A | Fault): value is Fault => !("nativeId" in value)

/**
 * Parses a response body as JSON. A body that is not JSON (an HTML error page, a truncated
 * response, trailing commas) is a {@link DecodeError} with the line and column of the first fault.
 *
 * @example
 * ```ts
 * import { parseJson } from "@unibatch/core/Decoder"
 *
 * parseJson('{"a": 1,}', { provider: "example", operation: "list" })
 * // Result.fail(DecodeError: "... body is not JSON: unexpected \"}\" at line 1, column 9")
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const parseJson = (text: string, context: DecodeContext): Result.Result<unknown, DecodeError> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch {
    const fault = locateFault(text)
    return Result.fail(
      new DecodeError({
        provider: context.provider,
        operation: context.operation,
        status: context.status ?? null,
        requestId: context.requestId ?? null,
        path: "$",
        message: `${context.provider} ${context.operation} response body is not JSON: unexpected ${fault.found} at line ${fault.line}, column ${fault.column}`
      })
    )
  }
}

/**
 * Options of {@link decodeBatch}. `partial`: the object is a partial batch (a vendor's cancel
 * answer, see `Lifecycle.partialCancel`): only its id and status are required, every absent field
 * is `null` (`createdAt` included). Fields that are there are type-checked as always.
 *
 * @example
 * ```ts
 * import type { DecodeBatchOptions } from "@unibatch/core/Decoder"
 *
 * const cancelAnswer: DecodeBatchOptions = { partial: true }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface DecodeBatchOptions {
  readonly partial?: boolean | undefined
}

/**
 * Decodes a parsed batch object into a canonical {@link Batch}, by a vendor's definition.
 *
 * @example
 * ```ts
 * import { decodeBatch } from "@unibatch/core/Decoder"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const dashed = {
 *   provider: "example",
 *   ids: { nativePrefix: "batch-" },
 *   timestamps: Timestamp.unixSeconds,
 *   list: OpenAiFamily.listEnvelope,
 *   batch: OpenAiFamily.batchCodec
 * }
 * decodeBatch(dashed, { id: "batch-abc", status: "canceled", created_at: 1699564800, output_file_id: {} }, {
 *   provider: "example",
 *   operation: "retrieve"
 * })
 * // Result.succeed({ id: "batch_abc", nativeId: "batch-abc", status: "cancelled", outputFileId: null, ... })
 *
 * // A partial answer (a cancel that sends no created_at): absent fields are null.
 * decodeBatch(dashed, { id: "batch-abc", status: "canceled" }, { provider: "example", operation: "cancel" }, { partial: true })
 * // Result.succeed({ id: "batch_abc", status: "cancelled", createdAt: null, ... })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeBatch = (
  definition: Definition,
  value: unknown,
  context: DecodeContext,
  options?: DecodeBatchOptions
): Result.Result<Batch, DecodeError> => {
  const result = batchOrFault(definition, compiledOf(definition), context.provider, value, options?.partial === true)
  return isFault(result) ? Result.fail(decodeError(context, "$" + result.path, result.message)) : Result.succeed(result)
}

/** The wire names of a list envelope; `firstId` / `lastId` `null` when the vendor sends neither. */
interface Envelope {
  readonly data: string
  readonly hasMore: string
  readonly firstId: string | null
  readonly lastId: string | null
}

/**
 * Checks a list envelope: its items are an array; its cursors strings or no value; its "has
 * more" flag a boolean or no value (`false`).
 */
const checkEnvelope = (
  envelope: Envelope,
  value: unknown,
  context: DecodeContext
): Result.Result<{ readonly data: ReadonlyArray<unknown>; readonly hasMore: boolean }, DecodeError> => {
  if (!isRecord(value)) return Result.fail(decodeError(context, "$", `expected a list object, got ${typeName(value)}`))
  const data = value[envelope.data]
  if (!Array.isArray(data)) {
    return Result.fail(
      decodeError(context, "$" + pathOfKey(envelope.data), data === undefined ? "required field is missing" : `expected an array, got ${typeName(data)}`)
    )
  }
  for (const key of [envelope.firstId, envelope.lastId]) {
    if (key === null) continue
    const cursor = value[key]
    if (!isNoValue(cursor) && typeof cursor !== "string") {
      return Result.fail(decodeError(context, "$" + pathOfKey(key), `expected a string or null, got ${typeName(cursor)}`))
    }
  }
  const hasMore = value[envelope.hasMore]
  if (!isNoValue(hasMore) && typeof hasMore !== "boolean") {
    return Result.fail(decodeError(context, "$" + pathOfKey(envelope.hasMore), `expected a boolean, got ${typeName(hasMore)}`))
  }
  return Result.succeed({ data, hasMore: hasMore === true })
}

/**
 * Decodes a parsed list envelope into a canonical {@link BatchPage}, by a vendor's definition
 * (the envelope's wire names are its `list`). The items are required; the "has more" flag absent
 * or `null` counts as `false`.
 *
 * @example
 * ```ts
 * import { decodePage, type Definition } from "@unibatch/core/Decoder"
 *
 * declare const definition: Definition
 * decodePage(definition, { data: [{ id: "batch_abc", status: "completed", created_at: 1711471533 }] }, {
 *   provider: "example",
 *   operation: "list"
 * })
 * // Result.succeed({ data: [{ id: "batch_abc", ... }], firstId: null, lastId: null, hasMore: false })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePage = (definition: Definition, value: unknown, context: DecodeContext): Result.Result<BatchPage, DecodeError> => {
  const envelope = definition.list
  const checked = checkEnvelope(envelope, value, context)
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  const { data, hasMore } = checked.success
  const record = value as Record<string, unknown>
  const compiled = compiledOf(definition)
  const provider = context.provider
  const dataPath = "$" + pathOfKey(envelope.data)
  const batches: Array<Batch> = new Array(data.length)
  for (let index = 0; index < data.length; index++) {
    const result = batchOrFault(definition, compiled, provider, data[index])
    if (isFault(result)) return Result.fail(decodeError(context, `${dataPath}[${index}]${result.path}`, result.message))
    batches[index] = result
  }
  const cursor = (key: string): string | null => {
    const id = record[key]
    return typeof id === "string" ? BatchId.toCanonical(definition.ids, id) : null
  }
  return Result.succeed({ data: batches, firstId: cursor(envelope.firstId), lastId: cursor(envelope.lastId), hasMore })
}

/**
 * Parses and decodes a batch object body in one step.
 *
 * @example
 * ```ts
 * import { decodeBatchText, type Definition } from "@unibatch/core/Decoder"
 *
 * declare const definition: Definition
 * decodeBatchText(definition, '{"id":"batch_abc","status":"queued","created_at":"yesterday"}', { provider: "example", operation: "retrieve" })
 * // Result.fail(DecodeError { path: "$.created_at", message: "... expected a number, got string \"yesterday\"" })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeBatchText = (definition: Definition, text: string, context: DecodeContext): Result.Result<Batch, DecodeError> =>
  Result.flatMap(parseJson(text, context), (value) => decodeBatch(definition, value, context))

/**
 * Parses and decodes a list body in one step.
 *
 * @example
 * ```ts
 * import { decodePageText, type Definition } from "@unibatch/core/Decoder"
 *
 * declare const definition: Definition
 * decodePageText(definition, '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}', {
 *   provider: "example",
 *   operation: "list"
 * })
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePageText = (definition: Definition, text: string, context: DecodeContext): Result.Result<BatchPage, DecodeError> =>
  Result.flatMap(parseJson(text, context), (value) => decodePage(definition, value, context))

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/**
 * The parts of a vendor definition file decoding reads. A whole `VendorDefinition` is one.
 *
 * @example
 * ```ts
 * import type { FileDefinition } from "@unibatch/core/Decoder"
 * import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
 * import * as Timestamp from "@unibatch/core/Timestamp"
 *
 * const family: FileDefinition = {
 *   provider: "example",
 *   timestamps: Timestamp.unixSeconds,
 *   lifecycle: { file: OpenAiFamily.fileCodec, fileList: OpenAiFamily.listEnvelope }
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export type FileDefinition = Pick<VendorDefinition, "provider" | "timestamps"> & {
  readonly lifecycle: Pick<Lifecycle, "file" | "fileList">
}

interface CompiledFile {
  readonly defect: string | undefined
  readonly checks: ReadonlyMap<string, Check>
  readonly required: ReadonlyArray<Required>
  readonly id: string
}

const compiledByFileCodec = new WeakMap<FileCodec, WeakMap<TimestampCodec, CompiledFile>>()

/** The checks of a definition's file schema, compiled once per (file codec, timestamp codec). */
const compiledFileOf = (definition: FileDefinition): CompiledFile => {
  const codec = definition.lifecycle.file
  let byTimestamps = compiledByFileCodec.get(codec)
  if (byTimestamps === undefined) {
    byTimestamps = new WeakMap()
    compiledByFileCodec.set(codec, byTimestamps)
  }
  let compiled = byTimestamps.get(definition.timestamps)
  if (compiled === undefined) {
    const { checks, defect, requiredOf } = compileObject(codec.schema, definition.timestamps, "file")
    const id = codec.required.id
    if (!checks.has(id)) checks.set(id, stringCheck)
    compiled = { defect, checks, required: [requiredOf(id, "a non-empty string", true)], id }
    byTimestamps.set(definition.timestamps, compiled)
  }
  return compiled
}

/** Decodes one wire file object, or says where it does not fit. */
const fileOrFault = (definition: FileDefinition, compiled: CompiledFile, provider: string, raw: unknown): BatchFile | Fault => {
  if (!isRecord(raw)) return { path: "", message: `expected a file object, got ${typeName(raw)}` }
  if (compiled.defect !== undefined) return { path: "", message: compiled.defect }
  const extensions = unknownFieldsOf(compiled.checks, raw)
  if (extensions instanceof FieldFault) return extensions
  const missing = requiredFault(compiled.required, raw)
  if (missing !== undefined) return missing
  const id = raw[compiled.id] as string
  const fields = definition.lifecycle.file.read(raw)
  return {
    provider,
    id,
    nativeId: id,
    bytes: fields.bytes,
    filename: fields.filename,
    purpose: fields.purpose,
    status: fields.status,
    createdAt: fields.createdAt,
    expiresAt: fields.expiresAt,
    extensions: extensions ?? {}
  }
}

/**
 * Decodes a parsed file object into a canonical {@link BatchFile}, by a vendor's file codec, as
 * leniently as batches: only the id is required (a non-empty string); absent, `null` and `{}`
 * mean no value; every field the codec's schema does not name goes to `extensions`; a field of
 * the wrong type is a {@link DecodeError} naming its JSON path. File IDs are not translated.
 *
 * @example
 * ```ts
 * import { decodeFile } from "@unibatch/core/Decoder"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * decodeFile(OpenAi.definition, { id: "file-abc", bytes: 120, created_at: 1711471533, status_details: null, colour: "blue" }, {
 *   provider: "openai",
 *   operation: "upload"
 * })
 * // Result.succeed({ id: "file-abc", nativeId: "file-abc", bytes: 120, filename: null, extensions: { colour: "blue" }, ... })
 * decodeFile(OpenAi.definition, { id: "file-abc", bytes: "120" }, { provider: "openai", operation: "upload" })
 * // Result.fail(DecodeError { path: "$.bytes", message: "... expected a number, got string \"120\"" })
 * ```
 *
 * @since 0.3.0
 * @category decoding
 */
export const decodeFile = (definition: FileDefinition, value: unknown, context: DecodeContext): Result.Result<BatchFile, DecodeError> => {
  const result = fileOrFault(definition, compiledFileOf(definition), context.provider, value)
  return isFault(result) ? Result.fail(decodeError(context, "$" + result.path, result.message)) : Result.succeed(result)
}

/**
 * Parses and decodes a file object body in one step.
 *
 * @example
 * ```ts
 * import { decodeFileText } from "@unibatch/core/Decoder"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * decodeFileText(OpenAi.definition, '{"id":"file-abc","object":"file"}', { provider: "openai", operation: "retrieveFile" })
 * ```
 *
 * @since 0.3.0
 * @category decoding
 */
export const decodeFileText = (definition: FileDefinition, text: string, context: DecodeContext): Result.Result<BatchFile, DecodeError> =>
  Result.flatMap(parseJson(text, context), (value) => decodeFile(definition, value, context))

/**
 * One page of files: the items in the vendor's order, whether there are more, and the page's
 * first and last ids (`null` when the vendor does not send them).
 *
 * @example
 * ```ts
 * import type { FilePage } from "@unibatch/core/Decoder"
 *
 * const empty: FilePage = { data: [], hasMore: false, firstId: null, lastId: null }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface FilePage {
  readonly data: ReadonlyArray<BatchFile>
  readonly hasMore: boolean
  readonly firstId: string | null
  readonly lastId: string | null
}

/**
 * Decodes a parsed file listing by the vendor's `lifecycle.fileList` envelope: the items are
 * required and decoded as {@link decodeFile} does (a fault names its index, `$.data[3].bytes`);
 * the "has more" flag absent or `null` counts as `false`; a cursor the vendor does not send is
 * `null`.
 *
 * @example
 * ```ts
 * import { decodeFilePage } from "@unibatch/core/Decoder"
 * import * as Neosantara from "@unibatch/neosantara/Neosantara"
 *
 * decodeFilePage(Neosantara.definition, { object: "list", data: [{ id: "file-1" }], has_more: false }, {
 *   provider: "neosantara",
 *   operation: "listFiles"
 * })
 * // Result.succeed({ data: [{ id: "file-1", ... }], hasMore: false, firstId: null, lastId: null })
 * ```
 *
 * @since 0.3.0
 * @category decoding
 */
export const decodeFilePage = (definition: FileDefinition, value: unknown, context: DecodeContext): Result.Result<FilePage, DecodeError> => {
  const envelope = definition.lifecycle.fileList
  const checked = checkEnvelope(envelope, value, context)
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  const { data, hasMore } = checked.success
  const record = value as Record<string, unknown>
  const compiled = compiledFileOf(definition)
  const dataPath = "$" + pathOfKey(envelope.data)
  const files: Array<BatchFile> = new Array(data.length)
  for (let index = 0; index < data.length; index++) {
    const result = fileOrFault(definition, compiled, context.provider, data[index])
    if (isFault(result)) return Result.fail(decodeError(context, `${dataPath}[${index}]${result.path}`, result.message))
    files[index] = result
  }
  const cursor = (key: string | null): string | null => {
    const id = key === null ? undefined : record[key]
    return typeof id === "string" ? id : null
  }
  return Result.succeed({ data: files, hasMore, firstId: cursor(envelope.firstId), lastId: cursor(envelope.lastId) })
}
