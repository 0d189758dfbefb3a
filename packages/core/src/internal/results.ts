/**
 * The pieces of `Results`: a byte-to-line splitter that never holds an over-long line whole, the
 * lenient type check of a result line compiled from the definition's result schema, and the
 * reading of one line into a `BatchResult` or a {@link Malformed} note. Nothing here throws.
 */
import type * as Schema from "effect/Schema"
import type { BatchResult, ResultLine } from "../BatchResult.js"
import { maxUnknownDepth } from "../Decoder.js"
import type { ResultCodec } from "../VendorDefinition.js"
import { clip, isNoValue, isRecord, kindOfValue, pathOfKey, tooDeep, typeName } from "./json.js"
import { locateFault } from "./jsonSyntax.js"
import * as SchemaWalk from "./schemaWalk.js"
import { thrownMessage } from "./requests.js"

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

const newline = 10

const decoder = new TextDecoder("utf-8", { fatal: true })

/** What the splitter hands over for each line: its text, or why it has none. */
export interface LineSink {
  readonly text: (text: string, line: number) => void
  readonly fault: (line: number, message: string) => void
}

/**
 * Splits UTF-8 bytes into lines on `\n` (a `\r` before it is the caller's to drop). Splitting on
 * the byte keeps characters whole across chunk borders: no byte of a multi-byte character is
 * `\n`. A line longer than `maxLineBytes` is reported as a fault; its bytes are dropped as they
 * arrive once it is known to be too long.
 */
export class LineSplitter {
  private carry: Array<Uint8Array> = []
  private carryBytes = 0
  /** The line being read is already too long: drop bytes up to its end. */
  private skipping = false
  private line = 0

  constructor(private readonly maxLineBytes: number, private readonly sink: LineSink) {}

  push(chunk: Uint8Array): void {
    let start = 0
    if (this.carryBytes > 0 || this.skipping) {
      const end = chunk.indexOf(newline)
      if (end === -1) return this.hold(chunk, 0)
      this.finishCarried(chunk.subarray(0, end))
      start = end + 1
    }
    const last = chunk.lastIndexOf(newline)
    if (last >= start) {
      this.whole(chunk, start, last)
      start = last + 1
    }
    if (start < chunk.length) this.hold(chunk, start)
  }

  /** The file ended: a last line without its newline. */
  end(): void {
    if (this.carryBytes === 0 && !this.skipping) return
    this.finishCarried(new Uint8Array(0))
  }

  private hold(chunk: Uint8Array, start: number): void {
    if (this.skipping) return
    this.carryBytes += chunk.length - start
    if (this.carryBytes > this.maxLineBytes) {
      this.skipping = true
      this.carry = []
      this.carryBytes = 0
    } else {
      this.carry.push(chunk.subarray(start))
    }
  }

  private finishCarried(head: Uint8Array): void {
    const line = ++this.line
    const tooLong = this.skipping || this.carryBytes + head.length > this.maxLineBytes
    const pieces = this.carry
    const size = this.carryBytes + head.length
    this.carry = []
    this.carryBytes = 0
    this.skipping = false
    if (tooLong) return this.tooLong(line)
    const bytes = new Uint8Array(size)
    let offset = 0
    for (const piece of pieces) {
      bytes.set(piece, offset)
      offset += piece.length
    }
    bytes.set(head, offset)
    this.one(bytes, line)
  }

  private tooLong(line: number): void {
    this.sink.fault(line, `the line is longer than ${this.maxLineBytes} bytes (maxLineBytes); it was skipped unread`)
  }

  private one(bytes: Uint8Array, line: number): void {
    let text: string
    try {
      text = decoder.decode(bytes)
    } catch {
      return this.sink.fault(line, "the line is not valid UTF-8")
    }
    this.sink.text(text, line)
  }

  /** Whole lines, each ended by `\n`, in `chunk[start, end)` (`end` is the last `\n`): decoded at once. */
  private whole(chunk: Uint8Array, start: number, end: number): void {
    const bytes = chunk.subarray(start, end)
    let text: string | undefined
    // One decode for all the lines is the fast path; a fault (bad UTF-8, an over-long line) sends
    // them through one at a time so that only the faulty line is reported.
    if (end - start <= this.maxLineBytes) {
      try {
        text = decoder.decode(bytes)
      } catch {
        text = undefined
      }
    }
    if (text !== undefined) {
      let from = 0
      for (;;) {
        const to = text.indexOf("\n", from)
        this.sink.text(to === -1 ? text.slice(from) : text.slice(from, to), ++this.line)
        if (to === -1) return
        from = to + 1
      }
    }
    let from = start
    for (;;) {
      const to = chunk.indexOf(newline, from)
      const stop = to === -1 || to > end ? end : to
      const line = ++this.line
      if (stop - from > this.maxLineBytes) this.tooLong(line)
      else this.one(chunk.subarray(from, stop), line)
      if (stop === end) return
      from = stop + 1
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The lenient check of a result line, compiled once per result schema
// ---------------------------------------------------------------------------------------------

/** The lenient reading, as the batch decoder's (JSON types only; `null` and `{}` are no value), any value where the type is unknown. */
const checkOptions: SchemaWalk.CheckOptions = { unknown: () => undefined }

/** A compiled line check: the fields' types, and the top-level fields the schema requires. */
export interface LineCheck {
  readonly check: SchemaWalk.Check
  readonly required: ReadonlyArray<{ readonly name: string; readonly expected: string }>
  readonly defect: string | undefined
}

const compiledBySchema = new WeakMap<Schema.Top, LineCheck>()

/** The members of a union that hold a value (not `null`, not the `{}` placeholder). */
const valueMembers = (node: SchemaWalk.Union): ReadonlyArray<SchemaWalk.Node> =>
  node.members.filter((member) => member._tag !== "null" && !SchemaWalk.isPlaceholderNode(member))

/** A union whose members are of different JSON kinds (`{code, message}` or a string): the lenient reading alone would accept any value. */
const isMixedUnion = (node: SchemaWalk.Node): boolean =>
  node._tag === "union" && valueMembers(node).length > 1 && SchemaWalk.lenientOf(node)._tag === "unknown" &&
  !valueMembers(node).some((member) => SchemaWalk.lenientOf(member)._tag === "unknown")

const hasMixedUnion = (node: SchemaWalk.Node): boolean => {
  if (isMixedUnion(node)) return true
  if (node._tag === "object") return node.fields.some((field) => hasMixedUnion(field.node))
  return node._tag === "union" && node.members.some(hasMixedUnion)
}

/**
 * The lenient check of a node, as `SchemaWalk.compileLenient` compiles it, except that a union of
 * members of different JSON kinds checks a value against the member of its kind (and names the
 * kinds it takes when none fits) rather than accepting anything.
 */
const compileNode = (node: SchemaWalk.Node): SchemaWalk.Check => {
  if (node._tag === "union" && isMixedUnion(node)) {
    const members = valueMembers(node).map((member) => ({ member, check: compileNode(member) }))
    const expected = SchemaWalk.describeLenient(SchemaWalk.lenientOf(members[0]!.member)) +
      members.slice(1).map(({ member }) => ` or ${SchemaWalk.describeLenient(SchemaWalk.lenientOf(member))}`).join("")
    return (value) => {
      if (isNoValue(value)) return undefined
      const kind = kindOfValue(value)
      const fitting = members.find(({ member }) => SchemaWalk.acceptsKind(member, kind))
      return fitting === undefined ? { path: "", message: `expected ${expected}, got ${typeName(value)}` } : fitting.check(value)
    }
  }
  if (node._tag !== "object" || !hasMixedUnion(node)) return SchemaWalk.compileLenient(SchemaWalk.lenientOf(node), checkOptions)
  if (node.fields.length === 0 && node.index !== undefined) return SchemaWalk.compileLenient(SchemaWalk.lenientOf(node), checkOptions)
  // An object with a mixed union somewhere below: its fields compiled here, unknown keys as the lenient check treats them.
  const fields = new Map(node.fields.map((field) => [field.name, compileNode(field.node)]))
  return (value) => {
    if (value === null) return undefined
    if (!isRecord(value)) return { path: "", message: `expected an object, got ${typeName(value)}` }
    let unknownKeys = false
    for (const key in value) {
      const check = fields.get(key)
      if (check === undefined) {
        unknownKeys = true
        continue
      }
      const result = check(value[key])
      if (result === undefined) continue
      if (result === SchemaWalk.hasUnknownKeys) unknownKeys = true
      else return { path: pathOfKey(key) + result.path, message: result.message }
    }
    return unknownKeys ? SchemaWalk.hasUnknownKeys : undefined
  }
}

/** The check of a result schema, compiled once. */
export const lineCheckOf = (schema: Schema.Top): LineCheck => {
  let compiled = compiledBySchema.get(schema)
  if (compiled === undefined) {
    const node = SchemaWalk.nodeOf(schema)
    const lenient = SchemaWalk.lenientOf(node)
    compiled = lenient._tag === "object" && node._tag === "object"
      ? {
        check: compileNode(node),
        required: node.fields.filter((field) => !field.optional).map((field) => ({
          name: field.name,
          expected: SchemaWalk.describeLenient(lenient.fields.get(field.name) ?? { _tag: "unknown" })
        })),
        defect: undefined
      }
      : { check: checkOptions.unknown, required: [], defect: `the vendor definition's result schema is not an object schema (got ${lenient._tag})` }
    compiledBySchema.set(schema, compiled)
  }
  return compiled
}

// ---------------------------------------------------------------------------------------------
// One line
// ---------------------------------------------------------------------------------------------

/** A line that did not decode: where, and why. */
export class Malformed {
  constructor(
    readonly location: string,
    readonly path: string,
    readonly message: string
  ) {}

  /** `output file file-abc, line 17: at $.response: expected an object, got string "x"` */
  describe(): string {
    return `${this.location}: ${this.path === "$" ? "" : `at ${this.path}: `}${this.message}`
  }
}

/** The file a line is in, for messages and for the join's memory of where a `customId` was seen. */
export interface FileContext {
  readonly provider: string
  readonly batchId: string
  /** `output file file-abc` */
  readonly label: string
  readonly codec: ResultCodec
  /** `customId` -> where it was first seen; shared by the files of one join. */
  readonly seen: Map<string, number>
  /** The index of this file in the join, kept with each `customId` seen in it. */
  readonly fileIndex: number
  /** How a (file index, line) pair read back from `seen` is named. */
  readonly locate: (fileIndex: number, line: number) => string
}

const malformedAt = (file: FileContext, line: number, path: string, message: string): Malformed =>
  new Malformed(`${file.label}, line ${line}`, path, message)

/**
 * Reads one line of text: a result, a {@link Malformed} note, or `undefined` for a blank line.
 * `seen` remembers each `customId` as `line * 8 + fileIndex` (numbers: small in memory).
 */
export const readLine = (file: FileContext, compiled: LineCheck, text: string, line: number): BatchResult | Malformed | undefined => {
  if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1)
  if (text.length === 0) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    if (text.trim().length === 0) return undefined
    const fault = locateFault(text)
    return malformedAt(file, line, "$", `not JSON: unexpected ${fault.found} at column ${fault.column}`)
  }
  if (!isRecord(raw)) return malformedAt(file, line, "$", `expected a result object, got ${typeName(raw)}`)
  if (compiled.defect !== undefined) return malformedAt(file, line, "$", compiled.defect)
  const fault = compiled.check(raw)
  // Unknown keys are the codec's to read or ignore.
  if (fault !== undefined && fault !== SchemaWalk.hasUnknownKeys) return malformedAt(file, line, "$" + fault.path, fault.message)
  const required = compiled.required
  for (let index = 0; index < required.length; index++) {
    const field = required[index]!
    const value = raw[field.name]
    if (isNoValue(value)) {
      return malformedAt(file, line, "$" + pathOfKey(field.name), value === undefined ? "required field is missing" : `expected ${field.expected}, got ${typeName(value)}`)
    }
  }
  // Nesting past the limit needs more than 2 characters a level: short lines cannot.
  if (text.length > 2 * maxUnknownDepth) {
    const deep = tooDeep(raw, maxUnknownDepth)
    if (deep !== undefined) return malformedAt(file, line, "$" + deep, `nested deeper than ${maxUnknownDepth} levels (arrays and objects)`)
  }
  let read: ResultLine
  try {
    read = file.codec.read(raw)
  } catch (thrown) {
    return malformedAt(file, line, "$", `the vendor definition could not read the line: ${thrownMessage(thrown)}`)
  }
  const customId = read.customId
  if (typeof customId !== "string" || customId.length === 0) {
    return malformedAt(file, line, "$", `the line names no custom id (got ${typeName(customId)})`)
  }
  const first = file.seen.get(customId)
  if (first !== undefined) {
    const where = file.locate(first % 8, Math.floor(first / 8))
    return malformedAt(file, line, "$", `custom id ${clip(JSON.stringify(customId))} was already read at ${where}; each request has one result`)
  }
  file.seen.set(customId, line * 8 + file.fileIndex)
  return {
    provider: file.provider,
    batchId: file.batchId,
    customId,
    outcome: read.outcome,
    statusCode: read.statusCode,
    body: read.body,
    error: read.error,
    requestId: read.requestId
  }
}
