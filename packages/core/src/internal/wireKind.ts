/**
 * Derives a small, fast-to-interpret description of JSON value kinds from a wire Schema's AST,
 * so the hot decoding path checks exactly the types the Schema declares without running Schema's
 * general-purpose parser on every value.
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
