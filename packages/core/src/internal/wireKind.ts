/**
 * Derives a small description of JSON value kinds from a wire Schema's AST, and compiles it once
 * into plain checking functions, so the hot decoding path checks exactly the types the Schema
 * declares without running Schema's general-purpose parser (or interpreting the description) on
 * every value.
 */
import * as AST from "effect/SchemaAST"

/** The JSON kind a wire field must have, nullability aside (the lenient decoder treats `null` as no value). */
export type WireKind =
  | { readonly _tag: "string" }
  | { readonly _tag: "number" }
  | { readonly _tag: "boolean" }
  | { readonly _tag: "unknown" }
  | { readonly _tag: "object"; readonly fields: ReadonlyMap<string, WireKind> }
  | { readonly _tag: "record"; readonly value: WireKind }
  | { readonly _tag: "array"; readonly item: WireKind }

const string: WireKind = { _tag: "string" }
const number: WireKind = { _tag: "number" }
const boolean: WireKind = { _tag: "boolean" }
const unknown: WireKind = { _tag: "unknown" }

const isNullish = (ast: AST.AST) => AST.isUndefinedKeyword(ast) || (AST.isLiteral(ast) && ast.literal === null)

/** The kind of a wire Schema's encoded side. Shapes a wire schema does not use become `unknown`. */
export const kindOf = (ast: AST.AST): WireKind => {
  switch (ast._tag) {
    case "StringKeyword":
    case "TemplateLiteral":
      return string
    case "NumberKeyword":
      return number
    case "BooleanKeyword":
      return boolean
    case "Literal":
      return typeof ast.literal === "string" ? string : typeof ast.literal === "number" ? number : typeof ast.literal === "boolean" ? boolean : unknown
    case "Refinement":
      return kindOf(ast.from)
    case "Transformation":
      return kindOf(ast.from)
    case "Suspend":
      return kindOf(ast.f())
    case "Union": {
      const members = ast.types.filter((member) => !isNullish(member)).map(kindOf)
      const first = members[0]
      return first !== undefined && members.every((member) => member._tag === first._tag) ? first : unknown
    }
    case "TupleType": {
      const rest = ast.rest[0]
      return rest === undefined ? unknown : { _tag: "array", item: kindOf(rest.type) }
    }
    case "TypeLiteral": {
      const index = ast.indexSignatures[0]
      if (ast.propertySignatures.length === 0 && index !== undefined) return { _tag: "record", value: kindOf(index.type) }
      return { _tag: "object", fields: new Map(ast.propertySignatures.map((field) => [String(field.name), kindOf(field.type)])) }
    }
    default:
      return unknown
  }
}

/** Names a kind for messages: "a string", "an object". */
export const describe = (kind: WireKind): string =>
  kind._tag === "array" ? "an array" : kind._tag === "object" || kind._tag === "record" ? "an object" : kind._tag === "unknown" ? "a value" : `a ${kind._tag}`

/** A fault found while checking a value: the path below the checked value and what was wrong. */
export interface Fault {
  readonly path: string
  readonly message: string
}

/**
 * What a check returns when the value fits but an object in it (outside arrays and records)
 * carries keys the schema does not know; the decoder keeps such a field verbatim in `extensions`.
 */
export const hasUnknownKeys: unique symbol = Symbol("@unibatch/core/wireKind/hasUnknownKeys")

/**
 * A compiled check. `null`, and `{}` where a value is expected, are accepted at any depth (the
 * lenient reading); nothing is allocated unless the value does not fit.
 */
export type Check = (value: unknown) => Fault | typeof hasUnknownKeys | undefined

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export const isEmptyObject = (value: object): boolean => {
  for (const _ in value) return false
  return true
}

/** How a value reads in a message: `string "x"`, `an object`, `null`. */
export const typeName = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`

/** The JSON path step for a key: `.name`, or `["odd key"]`. */
export const pathOfKey = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

const accept: Check = () => undefined

/** The `{}` placeholder stands for "no value" wherever a scalar or an array is expected. */
const placeholderOr = (kind: WireKind, value: unknown): Fault | undefined =>
  isRecord(value) && isEmptyObject(value) ? undefined : { path: "", message: `expected ${describe(kind)}, got ${typeName(value)}` }

/** Compiles a kind into its check, once; the checks close over their inner checks, not over kinds. */
export const compile = (kind: WireKind): Check => {
  switch (kind._tag) {
    case "string":
      return (value) => (typeof value === "string" || value === null ? undefined : placeholderOr(kind, value))
    case "number":
      // JSON.parse turns 1e400 into Infinity; a non-finite number is not a JSON number.
      return (value) => ((typeof value === "number" && Number.isFinite(value)) || value === null ? undefined : placeholderOr(kind, value))
    case "boolean":
      return (value) => (typeof value === "boolean" || value === null ? undefined : placeholderOr(kind, value))
    case "unknown":
      return accept
    case "array": {
      const item = compile(kind.item)
      return (value) => {
        if (value === null) return undefined
        if (!Array.isArray(value)) return placeholderOr(kind, value)
        for (let index = 0; index < value.length; index++) {
          const result = item(value[index])
          // Unknown keys inside array items are not reported (the item is kept as data as it is).
          if (result !== undefined && result !== hasUnknownKeys) return { path: `[${index}]${result.path}`, message: result.message }
        }
        return undefined
      }
    }
    case "record": {
      const inner = compile(kind.value)
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
      const fields = compileFields(kind)
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
          if (result === hasUnknownKeys) unknownKeys = true
          else return { path: pathOfKey(key) + result.path, message: result.message }
        }
        return unknownKeys ? hasUnknownKeys : undefined
      }
    }
  }
}

/** The compiled check of every field of an object kind, by wire name. */
export const compileFields = (kind: Extract<WireKind, { _tag: "object" }>): ReadonlyMap<string, Check> =>
  new Map([...kind.fields].map(([name, field]) => [name, compile(field)]))
