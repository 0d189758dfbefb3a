/**
 * The one walk over a wire Schema's AST: a small, cached description of the JSON a Schema accepts
 * (its encoded side), which both the lenient decoder and the conformance checker read. The
 * decoder and the result line reader compile it into plain checking functions once per schema
 * ({@link compileLenient}); the checker walks it next to a value to report every deviation in its
 * own words.
 *
 * Only public Schema APIs are used: `SchemaAST`'s node types and guards, and
 * `Schema.decodeUnknownExit` for the checks (an integer, a bound) that the walk does not take apart.
 */
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { TimestampCodec } from "../Timestamp.js"
import { isEmptyObject, isRecord, type JsonKind, pathOfKey, typeName } from "./json.js"

interface Base {
  readonly ast: AST.AST
  /** Whether the node carries checks (an integer, a lower bound) beyond its shape. */
  readonly checked: boolean
}

/** A JSON scalar, `null`, or anything (`unknown`). */
export interface Scalar extends Base {
  readonly _tag: "string" | "number" | "boolean" | "null" | "unknown"
}

/** A documented constant (`"batch"`). */
export interface Literal extends Base {
  readonly _tag: "literal"
  readonly literal: AST.LiteralValue
}

/** One of several members; nested unions are flattened and `undefined` (an optional key) left out. */
export interface Union extends Base {
  readonly _tag: "union"
  readonly members: ReadonlyArray<Node>
}

/** A field of an object. */
export interface Field {
  readonly name: string
  readonly node: Node
  readonly optional: boolean
}

/** An object: named fields, and/or an index signature (a record's value). */
export interface Object extends Base {
  readonly _tag: "object"
  readonly fields: ReadonlyArray<Field>
  readonly byName: ReadonlyMap<string, Field>
  readonly index: Node | undefined
  /** How many fields are required. */
  readonly required: number
}

/** An element of a tuple. */
export interface Element {
  readonly node: Node
  readonly optional: boolean
}

/** An array: tuple elements and/or a rest item. */
export interface Array extends Base {
  readonly _tag: "array"
  readonly elements: ReadonlyArray<Element>
  readonly rest: Node | undefined
}

/** Anything the walk does not take apart (declarations such as the `{}` placeholder, template literals, enums): Schema judges it whole. */
export interface Other extends Base {
  readonly _tag: "other"
}

/** A node of the description. */
export type Node = Scalar | Literal | Union | Object | Array | Other

const cache = new WeakMap<AST.AST, Node>()

/** The description of a Schema (or an AST), on its encoded side; cached per AST node. */
export const nodeOf = (schemaOrAst: Schema.Top | AST.AST): Node => {
  const ast = AST.isAST(schemaOrAst) ? schemaOrAst : schemaOrAst.ast
  let node = cache.get(ast)
  if (node === undefined) {
    node = build(AST.toEncoded(ast))
    cache.set(ast, node)
  }
  return node
}

const build = (ast: AST.AST): Node => {
  const checked = ast.checks !== undefined
  switch (ast._tag) {
    case "String":
      return { _tag: "string", ast, checked }
    case "Number":
      return { _tag: "number", ast, checked }
    case "Boolean":
      return { _tag: "boolean", ast, checked }
    case "Null":
      return { _tag: "null", ast, checked }
    case "Unknown":
    case "Any":
      return { _tag: "unknown", ast, checked }
    case "Literal":
      return { _tag: "literal", literal: ast.literal, ast, checked }
    case "Suspend":
      return nodeOf(ast.thunk())
    case "Union": {
      const members: globalThis.Array<Node> = []
      const visit = (member: AST.AST) => {
        if (AST.isUnion(member) && member.checks === undefined) member.types.forEach(visit)
        else if (!AST.isUndefined(member)) members.push(nodeOf(member))
      }
      ast.types.forEach(visit)
      return { _tag: "union", members, ast, checked }
    }
    case "Objects": {
      const fields = ast.propertySignatures.map((field): Field => ({
        name: String(field.name),
        node: nodeOf(field.type),
        optional: AST.isOptional(field.type)
      }))
      const index = ast.indexSignatures[0]
      return {
        _tag: "object",
        fields,
        byName: new Map(fields.map((field) => [field.name, field])),
        index: index === undefined ? undefined : nodeOf(index.type),
        required: fields.filter((field) => !field.optional).length,
        ast,
        checked
      }
    }
    case "Arrays":
      if (ast.rest.length <= 1) {
        const rest = ast.rest[0]
        return {
          _tag: "array",
          elements: ast.elements.map((element) => ({ node: nodeOf(element), optional: AST.isOptional(element) })),
          rest: rest === undefined ? undefined : nodeOf(rest),
          ast,
          checked
        }
      }
      return { _tag: "other", ast, checked: false }
    default:
      return { _tag: "other", ast, checked: false }
  }
}

/** Whether a node could accept a value of this JSON kind at its top level. */
export const acceptsKind = (node: Node, kind: JsonKind): boolean => {
  switch (node._tag) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return node._tag === kind
    case "literal":
      return typeof node.literal === kind
    case "union":
      return node.members.some((member) => acceptsKind(member, kind))
    case "object":
      return kind === "object"
    case "array":
      return kind === "array"
    case "unknown":
      return true
    case "other":
      if (AST.isTemplateLiteral(node.ast)) return kind === "string"
      if (AST.isNever(node.ast) || AST.isUndefined(node.ast) || AST.isVoid(node.ast)) return false
      // Declarations (the `{}` placeholder), enums: a trial with `accepts` decides.
      return true
  }
}

const acceptsCache = new WeakMap<AST.AST, (value: unknown) => boolean>()

/**
 * Whether Schema itself accepts a value at this node: its checks (an integer, a bound) for a node
 * of the right shape, or the whole judgement for an `other` node.
 */
export const accepts = (node: Node, value: unknown): boolean => {
  let accept = acceptsCache.get(node.ast)
  if (accept === undefined) {
    const decode = Schema.decodeUnknownExit(Schema.make<Schema.Codec<unknown, unknown>>(node.ast))
    accept = (input) => Exit.isSuccess(decode(input))
    acceptsCache.set(node.ast, accept)
  }
  return accept(value)
}

/** Whether a node is the `{}` placeholder (a declaration that accepts exactly an empty object, as far as a trial tells). */
export const isPlaceholderNode = (node: Node): boolean =>
  node._tag === "other" && AST.isDeclaration(node.ast) && accepts(node, {}) && !accepts(node, { key: 1 }) && !accepts(node, null)

/**
 * Whether a node is the encoded side of a Schema (a timestamp codec's, say): the same AST node, or
 * the copy `Schema.optionalKey` makes of it (same tag, same checks, same annotations).
 */
export const isNodeOf = (node: Node, schema: Schema.Top): boolean => {
  const target = nodeOf(schema).ast
  if (node.ast === target) return true
  // Only a node that carries something of its own can be recognized in a copy.
  return (target.checks !== undefined || target.annotations !== undefined) &&
    node.ast._tag === target._tag && node.ast.checks === target.checks && node.ast.annotations === target.annotations
}

/** Words for the checks of wire schemas, by the identifier they carry. */
const checkWords: Readonly<Record<string, string>> = {
  UnixSeconds: "an integer (unix seconds)"
}

const expectations = (checks: ReadonlyArray<AST.Check<unknown>>): globalThis.Array<string> =>
  checks.flatMap((check) =>
    check._tag === "FilterGroup" ? expectations(check.checks) : check.annotations?.expected === undefined ? [] : [String(check.annotations.expected)]
  )

const describeChecks = (node: Node, shape: string): string => {
  const identifier = AST.resolveIdentifier(node.ast)
  if (identifier !== undefined && checkWords[identifier] !== undefined) return checkWords[identifier]
  const expected = expectations(node.ast.checks ?? [])
  if (node._tag === "number" && expected[0] === "an integer") {
    if (expected.length === 1) return "an integer"
    if (expected.length === 2 && expected[1] === "a value greater than or equal to 0") return "a non-negative integer"
  }
  return expected.length === 0 ? shape : `${shape} (${expected.join(", ")})`
}

/** What a node documents, in words: "a string or null", "\"batch\"", "an integer (unix seconds)". */
export const describe = (node: Node): string => {
  const shape = describeShape(node)
  return node.checked ? describeChecks(node, shape) : shape
}

const plural = (words: string) => words.replace(/^an? /, "") + (words.startsWith("a ") || words.startsWith("an ") ? " values" : "")

const describeShape = (node: Node): string => {
  switch (node._tag) {
    case "string":
    case "number":
    case "boolean":
      return `a ${node._tag}`
    case "null":
      return "null"
    case "unknown":
      return "any value"
    case "literal":
      return JSON.stringify(node.literal)
    case "union": {
      const words = node.members.map(describe)
      return words.length <= 1 ? (words[0] ?? "nothing") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`
    }
    case "object": {
      if (node.fields.length === 0 && node.index !== undefined) return `an object of ${plural(describe(node.index))}`
      const names = node.fields.map((field) => field.name)
      return names.length > 0 && names.length <= 4 ? `an object with ${names.join(", ")}` : "an object"
    }
    case "array":
      return "an array"
    case "other":
      return AST.resolveDescription(node.ast) ?? AST.resolveIdentifier(node.ast) ?? String(node.ast)
  }
}

// ---------------------------------------------------------------------------------------------
// The lenient reading (what the decoder checks): JSON types only, nullability aside
// ---------------------------------------------------------------------------------------------

/**
 * The JSON type a field must have in the lenient reading: checks (an integer, a bound) are not
 * enforced, `null` and the `{}` placeholder are "no value" anywhere, a union of members of one
 * kind is that kind, and anything else accepts any value.
 */
export type Lenient =
  | { readonly _tag: "string" }
  | { readonly _tag: "number" }
  | { readonly _tag: "boolean" }
  | { readonly _tag: "unknown" }
  | { readonly _tag: "object"; readonly fields: ReadonlyMap<string, Lenient> }
  | { readonly _tag: "record"; readonly value: Lenient }
  | { readonly _tag: "array"; readonly item: Lenient }
  /** A field that holds one of a vendor's timestamps: its kind, and the timestamp Schema it was written with. */
  | { readonly _tag: "timestamp"; readonly kind: Lenient; readonly schema: Schema.Top }

const lenientString: Lenient = { _tag: "string" }
const lenientNumber: Lenient = { _tag: "number" }
const lenientBoolean: Lenient = { _tag: "boolean" }
const lenientUnknown: Lenient = { _tag: "unknown" }

const sameLenient = (left: Lenient, right: Lenient): boolean =>
  left._tag === right._tag && (left._tag === "string" || left._tag === "number" || left._tag === "boolean" || left._tag === "unknown")

/**
 * The lenient reading of a node. A node that is exactly one of `timestamps` (by identity of the
 * Schema's encoded side) is marked as a timestamp, so the decoder can check it reads as one.
 */
export const lenientOf = (node: Node, timestamps: ReadonlyArray<Schema.Top> = []): Lenient => {
  const timestamp = timestamps.find((schema) => isNodeOf(node, schema))
  if (timestamp !== undefined) return { _tag: "timestamp", kind: lenientOf(node), schema: timestamp }
  switch (node._tag) {
    case "string":
      return lenientString
    case "number":
      return lenientNumber
    case "boolean":
      return lenientBoolean
    case "null":
    case "unknown":
      return lenientUnknown
    case "literal":
      return typeof node.literal === "string"
        ? lenientString
        : typeof node.literal === "number"
        ? lenientNumber
        : typeof node.literal === "boolean"
        ? lenientBoolean
        : lenientUnknown
    case "union": {
      const members = node.members.filter((member) => member._tag !== "null" && !isPlaceholderNode(member)).map((member) => lenientOf(member, timestamps))
      const first = members[0]
      if (first === undefined) return lenientUnknown
      if (members.length === 1) return first
      return members.every((member) => sameLenient(member, first)) ? first : lenientUnknown
    }
    case "object": {
      if (node.fields.length === 0 && node.index !== undefined) return { _tag: "record", value: lenientOf(node.index, timestamps) }
      return { _tag: "object", fields: new Map(node.fields.map((field) => [field.name, lenientOf(field.node, timestamps)])) }
    }
    case "array":
      return node.rest === undefined || node.elements.length > 0 ? lenientUnknown : { _tag: "array", item: lenientOf(node.rest, timestamps) }
    case "other":
      return AST.isTemplateLiteral(node.ast) ? lenientString : lenientUnknown
  }
}

/** Names a lenient type for messages: "a string", "an object". */
export const describeLenient = (lenient: Lenient): string => {
  switch (lenient._tag) {
    case "array":
      return "an array"
    case "object":
    case "record":
      return "an object"
    case "unknown":
      return "a value"
    case "timestamp":
      return describeLenient(lenient.kind)
    default:
      return `a ${lenient._tag}`
  }
}

// ---------------------------------------------------------------------------------------------
// The lenient checks: a lenient reading compiled into plain functions, once (the decoder's and
// the result lines')
// ---------------------------------------------------------------------------------------------

/** A fault found while checking a value: the path below the checked value and what was wrong. */
export interface Fault {
  readonly path: string
  readonly message: string
}

/**
 * What a check returns when the value fits but an object in it (outside arrays and records)
 * carries keys the schema does not know; the decoder keeps such a field verbatim in `extensions`.
 */
export const hasUnknownKeys: unique symbol = Symbol("@unibatch/core/Decoder/hasUnknownKeys")

/**
 * A compiled check. `null`, and `{}` where a value is expected, are accepted at any depth (the
 * lenient reading); nothing is allocated unless the value does not fit.
 */
export type Check = (value: unknown) => Fault | typeof hasUnknownKeys | undefined

/** What a compiled check needs besides the lenient reading. */
export interface CheckOptions {
  /** A timestamp field must also read through this codec; without one, only its JSON kind is checked. */
  readonly timestamps?: TimestampCodec | undefined
  /** The check of a value of unknown type, and of an unknown key's value (the decoder bounds their depth). */
  readonly unknown: (value: unknown) => Fault | undefined
}

/** The `{}` placeholder stands for "no value" wherever a scalar or an array is expected. */
const placeholderOr = (expected: string, value: unknown): Fault | undefined =>
  isRecord(value) && isEmptyObject(value) ? undefined : { path: "", message: `expected ${expected}, got ${typeName(value)}` }

/** Compiles a lenient type into its check, once; the checks close over their inner checks. */
export const compileLenient = (lenient: Lenient, options: CheckOptions): Check => {
  switch (lenient._tag) {
    case "string":
      return (value) => (typeof value === "string" || value === null ? undefined : placeholderOr("a string", value))
    case "number":
      // JSON.parse turns 1e400 into Infinity; a non-finite number is not a JSON number.
      return (value) => ((typeof value === "number" && Number.isFinite(value)) || value === null ? undefined : placeholderOr("a number", value))
    case "boolean":
      return (value) => (typeof value === "boolean" || value === null ? undefined : placeholderOr("a boolean", value))
    case "unknown":
      return options.unknown
    case "timestamp": {
      const kind = compileLenient(lenient.kind, options)
      const timestamps = options.timestamps
      if (timestamps === undefined) return kind
      const expected = timestamps.expected
      return (value) => {
        const result = kind(value)
        if (result !== undefined || value === null || (isRecord(value) && isEmptyObject(value))) return result
        return timestamps.read(value) === undefined ? { path: "", message: `expected ${expected}, got ${typeName(value)}` } : undefined
      }
    }
    case "array": {
      const item = compileLenient(lenient.item, options)
      return (value) => {
        if (value === null) return undefined
        if (!Array.isArray(value)) return placeholderOr("an array", value)
        for (let index = 0; index < value.length; index++) {
          const result = item(value[index])
          // Unknown keys inside array items are not reported (the item is kept as data as it is).
          if (result !== undefined && result !== hasUnknownKeys) return { path: `[${index}]${result.path}`, message: result.message }
        }
        return undefined
      }
    }
    case "record": {
      const inner = compileLenient(lenient.value, options)
      return (value) => {
        if (value === null) return undefined
        if (!isRecord(value)) return { path: "", message: `expected an object, got ${typeName(value)}` }
        for (const key in value) {
          const result = inner(value[key])
          if (result !== undefined && result !== hasUnknownKeys) return { path: pathOfKey(key) + result.path, message: result.message }
        }
        return undefined
      }
    }
    case "object": {
      const fields = compileFields(lenient, options)
      const unknown = options.unknown
      return (value) => {
        if (value === null) return undefined
        if (!isRecord(value)) return { path: "", message: `expected an object, got ${typeName(value)}` }
        let unknownKeys = false
        for (const key in value) {
          const check = fields.get(key)
          if (check === undefined) {
            const fault = unknown(value[key])
            if (fault !== undefined) return { path: pathOfKey(key) + fault.path, message: fault.message }
            unknownKeys = true
            continue
          }
          const result = check(value[key])
          if (result === undefined) continue
          if (result === hasUnknownKeys) unknownKeys = true
          else return { path: pathOfKey(key) + result.path, message: result.message }
        }
        return unknownKeys ? hasUnknownKeys : undefined
      }
    }
  }
}

/** The compiled checks of an object's fields, by wire name. */
export const compileFields = (lenient: Extract<Lenient, { _tag: "object" }>, options: CheckOptions): Map<string, Check> =>
  new Map([...lenient.fields].map(([name, field]) => [name, compileLenient(field, options)]))
