/**
 * The strict checker behind `Conformance.check`: a walk over a vendor's wire Schema AST that
 * reports every deviation with a JSON path and a stable rule id, followed by the invariants no
 * Schema states (ID form, status vocabulary, pagination, lifecycle order, request counts).
 *
 * It walks the AST instead of running Schema's parser so that each problem gets its own rule and
 * a readable `expected`; a property test proves it agrees with `Schema.is` with
 * `onExcessProperty: "error"`. Unsupported AST nodes fall back to `Schema.is` itself.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { Provider } from "../Provider.js"
import { locateFault } from "./jsonSyntax.js"

export type Severity = "error" | "note"

export type Rule =
  | "not-json"
  | "missing"
  | "type"
  | "null"
  | "placeholder"
  | "literal"
  | "undocumented"
  | "id-form"
  | "status"
  | "pagination.first-id"
  | "pagination.last-id"
  | "pagination.limit"
  | "pagination.order"
  | "timestamps.order"
  | "request-counts.sum"
  | "error-shape"

export interface Violation {
  readonly path: string
  readonly rule: Rule
  readonly severity: Severity
  readonly message: string
  readonly expected: string
  readonly actual: string
  readonly line?: number
  readonly column?: number
}

export interface ContractShape {
  readonly provider: Provider
  readonly batch: Schema.Schema.AnyNoContext
  readonly list: Schema.Schema.AnyNoContext
  readonly errorBodies: {
    readonly byStatus: Readonly<Record<number, Schema.Schema.AnyNoContext>>
    readonly otherwise: Schema.Schema.AnyNoContext
    readonly severity: Severity
  }
  readonly statuses: ReadonlyArray<string>
  readonly statusSeverity: Severity
  readonly idPrefix: string
  readonly newestFirst: boolean
}

export interface Input {
  readonly operation: "list" | "retrieve"
  readonly status?: number | undefined
  readonly body: unknown
  readonly limit?: number | undefined
  readonly allowExtra?: boolean | undefined
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

type JsonKind = "string" | "number" | "boolean" | "null" | "object" | "array"

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isEmptyObject = (value: unknown): boolean => {
  if (!isRecord(value)) return false
  for (const _ in value) return false
  return true
}

const kindOfValue = (value: unknown): JsonKind =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : (typeof value as JsonKind)

const pathOfKey = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

const clip = (text: string, length = 60): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text)

/** The actual value, short enough for one line. */
export const render = (value: unknown): string => {
  if (value === undefined) return "absent"
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `an array of ${value.length}`
  return clip(JSON.stringify(value))
}

const typeName = (value: unknown): string => {
  switch (kindOfValue(value)) {
    case "null":
      return "null"
    case "array":
      return "an array"
    case "object":
      return isEmptyObject(value) ? "{}" : "an object"
    default:
      return `${typeof value} ${render(value)}`
  }
}

// ---------------------------------------------------------------------------------------------
// Schema AST helpers
// ---------------------------------------------------------------------------------------------

const flattenCache = new WeakMap<AST.Union, ReadonlyArray<AST.AST>>()

/** The members of a union, nested unions flattened, `undefined` (an optional key) left out. */
const membersOf = (ast: AST.Union): ReadonlyArray<AST.AST> => {
  let members = flattenCache.get(ast)
  if (members === undefined) {
    const collected: Array<AST.AST> = []
    const visit = (node: AST.AST) => {
      if (AST.isUnion(node)) node.types.forEach(visit)
      else if (!AST.isUndefinedKeyword(node)) collected.push(node)
    }
    visit(ast)
    members = collected
    flattenCache.set(ast, members)
  }
  return members
}

const isNullLiteral = (ast: AST.AST) => AST.isLiteral(ast) && ast.literal === null

/** Whether a node could accept a value of this JSON kind at its top level. */
const acceptsKind = (ast: AST.AST, kind: JsonKind): boolean => {
  switch (ast._tag) {
    case "StringKeyword":
    case "TemplateLiteral":
      return kind === "string"
    case "NumberKeyword":
      return kind === "number"
    case "BooleanKeyword":
      return kind === "boolean"
    case "Literal":
      return ast.literal === null ? kind === "null" : typeof ast.literal === kind
    case "Refinement":
    case "Transformation":
      return acceptsKind(ast.from, kind)
    case "Suspend":
      return acceptsKind(ast.f(), kind)
    case "Union":
      return membersOf(ast).some((member) => acceptsKind(member, kind))
    case "TypeLiteral":
      return kind === "object"
    case "TupleType":
      return kind === "array"
    case "UndefinedKeyword":
    case "NeverKeyword":
    case "VoidKeyword":
      return false
    default:
      // Declarations (the `{}` placeholder), unknown, enums: let the trial decide.
      return true
  }
}

/** Shorter words for the refinements the wire schemas use. */
const refinementWords: Record<string, string> = {
  UnixSeconds: "an integer (unix seconds)",
  NonNegativeInt: "a non-negative integer",
  Int: "an integer"
}

const annotation = <A>(ast: AST.AST, key: symbol): A | undefined => Option.getOrUndefined(AST.getAnnotation<A>(key)(ast))

/** What a node documents, in words: "a string or null", "\"batch\"", "an integer (unix seconds)". */
export const describe = (ast: AST.AST): string => {
  switch (ast._tag) {
    case "StringKeyword":
      return "a string"
    case "NumberKeyword":
      return "a number"
    case "BooleanKeyword":
      return "a boolean"
    case "Literal":
      return ast.literal === null ? "null" : JSON.stringify(ast.literal)
    case "Refinement": {
      const identifier = annotation<string>(ast, AST.IdentifierAnnotationId)
      if (identifier !== undefined && refinementWords[identifier] !== undefined) return refinementWords[identifier]!
      return annotation<string>(ast, AST.DescriptionAnnotationId) ?? describe(ast.from)
    }
    case "Transformation":
      return describe(ast.from)
    case "Suspend":
      return describe(ast.f())
    case "Union": {
      const words = membersOf(ast).map(describe)
      return words.length <= 1 ? (words[0] ?? "nothing") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`
    }
    case "TypeLiteral": {
      const index = ast.indexSignatures[0]
      if (ast.propertySignatures.length === 0 && index !== undefined) return `an object of ${plural(describe(index.type))}`
      const names = ast.propertySignatures.map((field) => String(field.name))
      return names.length > 0 && names.length <= 4 ? `an object with ${names.join(", ")}` : "an object"
    }
    case "TupleType":
      return "an array"
    case "UnknownKeyword":
    case "AnyKeyword":
      return "any value"
    default:
      return annotation<string>(ast, AST.DescriptionAnnotationId) ?? String(ast)
  }
}

const plural = (words: string) => words.replace(/^an? /, "") + (words.startsWith("a ") || words.startsWith("an ") ? " values" : "")

const fallbackCache = new WeakMap<AST.AST, (value: unknown) => boolean>()

/** `Schema.is` for the nodes the walk does not take apart itself. */
const fallbackIs = (ast: AST.AST): ((value: unknown) => boolean) => {
  let is = fallbackCache.get(ast)
  if (is === undefined) {
    const guard = Schema.is(Schema.make(ast), { onExcessProperty: "error" })
    is = (value) => guard(value)
    fallbackCache.set(ast, is)
  }
  return is
}

interface ObjectInfo {
  readonly fields: ReadonlyArray<AST.PropertySignature>
  readonly names: ReadonlySet<string>
  readonly index: AST.AST | undefined
  readonly required: number
}

const objectCache = new WeakMap<AST.TypeLiteral, ObjectInfo>()

const objectInfo = (ast: AST.TypeLiteral): ObjectInfo => {
  let info = objectCache.get(ast)
  if (info === undefined) {
    info = {
      fields: ast.propertySignatures,
      names: new Set(ast.propertySignatures.map((field) => String(field.name))),
      index: ast.indexSignatures[0]?.type,
      required: ast.propertySignatures.filter((field) => !field.isOptional).length
    }
    objectCache.set(ast, info)
  }
  return info
}

// ---------------------------------------------------------------------------------------------
// The structural walk
// ---------------------------------------------------------------------------------------------

interface Walk {
  readonly provider: Provider
  readonly allowExtra: boolean
  /** In an error body every shape problem is reported as `error-shape`. */
  readonly errorBody: boolean
  readonly severity: Severity
}

const errorCount = (violations: ReadonlyArray<Violation>): number => {
  let count = 0
  for (const violation of violations) if (violation.severity === "error") count++
  return count
}

const shapeRule = (walk: Walk, rule: Rule): Rule => (walk.errorBody ? "error-shape" : rule)

const literalLike = (ast: AST.AST, value: unknown): boolean => {
  const members = AST.isUnion(ast) ? membersOf(ast) : [ast]
  const scalars = members.filter((member) => !isNullLiteral(member))
  return scalars.length > 0 && scalars.every(AST.isLiteral) && scalars.some((member) => typeof (member as AST.Literal).literal === typeof value)
}

/** One violation for a value that is not what `ast` documents at all. */
const mismatch = (walk: Walk, ast: AST.AST, value: unknown, path: string, sink: Array<Violation>) => {
  const expected = describe(ast)
  const actual = render(value)
  let rule: Rule
  let message: string
  if (value === null) {
    rule = "null"
    message = `null where ${expected} is documented`
  } else if (isEmptyObject(value)) {
    rule = "placeholder"
    message = `the {} placeholder where ${expected} is documented`
  } else if (literalLike(ast, value)) {
    rule = "literal"
    message = `expected ${expected}, got ${actual}`
  } else {
    rule = "type"
    message = `expected ${expected}, got ${typeName(value)}`
  }
  sink.push({
    path,
    rule: shapeRule(walk, rule),
    severity: walk.severity,
    message: walk.errorBody ? `error body: ${message}` : message,
    expected,
    actual
  })
}

const walkNode = (walk: Walk, ast: AST.AST, value: unknown, path: string, sink: Array<Violation>): void => {
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
      if (typeof value !== (ast._tag === "StringKeyword" ? "string" : ast._tag === "NumberKeyword" ? "number" : "boolean")) {
        mismatch(walk, ast, value, path, sink)
      }
      return
    case "Literal":
      if (value !== ast.literal) mismatch(walk, ast, value, path, sink)
      return
    case "UnknownKeyword":
    case "AnyKeyword":
      return
    case "Transformation":
      // The body is the encoded side.
      return walkNode(walk, ast.from, value, path, sink)
    case "Suspend":
      return walkNode(walk, ast.f(), value, path, sink)
    case "Refinement":
      return walkRefinement(walk, ast, value, path, sink)
    case "Union":
      return walkUnion(walk, ast, value, path, sink)
    case "TypeLiteral":
      return walkObject(walk, ast, value, path, sink)
    case "TupleType":
      return walkArray(walk, ast, value, path, sink)
    default:
      if (!fallbackIs(ast)(value)) mismatch(walk, ast, value, path, sink)
  }
}

/** Nested problems are kept; a problem with the value itself is said once, in the outer words. */
const onlyAt = (violations: ReadonlyArray<Violation>, path: string) =>
  violations.every((violation) => violation.path === path || violation.severity === "note")

const walkRefinement = (walk: Walk, ast: AST.Refinement, value: unknown, path: string, sink: Array<Violation>) => {
  const trial: Array<Violation> = []
  walkNode(walk, ast.from, value, path, trial)
  if (errorCount(trial) > 0) {
    if (onlyAt(trial, path)) mismatch(walk, ast, value, path, sink)
    else sink.push(...trial)
    return
  }
  sink.push(...trial)
  if (Option.isSome(ast.filter(value, AST.defaultParseOption, ast))) mismatch(walk, ast, value, path, sink)
}

const walkUnion = (walk: Walk, ast: AST.Union, value: unknown, path: string, sink: Array<Violation>) => {
  const members = membersOf(ast)
  if (value === null && members.some(isNullLiteral)) return
  const kind = kindOfValue(value)
  let best: Array<Violation> | undefined
  for (const member of members) {
    if (!acceptsKind(member, kind)) continue
    const trial: Array<Violation> = []
    walkNode(walk, member, value, path, trial)
    if (errorCount(trial) === 0) {
      sink.push(...trial)
      return
    }
    if (best === undefined || errorCount(trial) < errorCount(best)) best = trial
  }
  // Say what is nested inside the closest member; a value that fits no member is one mismatch.
  if (best !== undefined && !onlyAt(best, path)) sink.push(...best)
  else mismatch(walk, ast, value, path, sink)
}

const walkObject = (walk: Walk, ast: AST.TypeLiteral, value: unknown, path: string, sink: Array<Violation>) => {
  if (!isRecord(value)) return mismatch(walk, ast, value, path, sink)
  const info = objectInfo(ast)
  if (info.required > 0 && isEmptyObject(value)) return mismatch(walk, ast, value, path, sink)
  for (const field of info.fields) {
    const name = String(field.name)
    // `undefined` is how a parsed-object caller writes "absent"; JSON has no such value.
    if (Object.hasOwn(value, name) && value[name] !== undefined) {
      walkNode(walk, field.type, value[name], path + pathOfKey(name), sink)
    } else if (!field.isOptional) {
      const expected = describe(field.type)
      const message = `required field "${name}" is missing`
      sink.push({
        path: path + pathOfKey(name),
        rule: shapeRule(walk, "missing"),
        severity: walk.severity,
        message: walk.errorBody ? `error body: ${message}` : message,
        expected,
        actual: "absent"
      })
    }
  }
  for (const key in value) {
    if (info.names.has(key) || value[key] === undefined) continue
    if (info.index !== undefined) {
      walkNode(walk, info.index, value[key], path + pathOfKey(key), sink)
      continue
    }
    sink.push({
      path: path + pathOfKey(key),
      rule: "undocumented",
      // Undocumented fields are reported either way; --allow-extra only stops them failing the check.
      severity: walk.allowExtra ? "note" : walk.severity,
      message: `"${key}" is not a field ${walk.provider} documents here`,
      expected: "no such field",
      actual: render(value[key])
    })
  }
}

const walkArray = (walk: Walk, ast: AST.TupleType, value: unknown, path: string, sink: Array<Violation>) => {
  if (!Array.isArray(value)) return mismatch(walk, ast, value, path, sink)
  ast.elements.forEach((element, index) => {
    if (index < value.length) walkNode(walk, element.type, value[index], `${path}[${index}]`, sink)
    else if (!element.isOptional) {
      sink.push({
        path: `${path}[${index}]`,
        rule: shapeRule(walk, "missing"),
        severity: walk.severity,
        message: `item ${index} is missing`,
        expected: describe(element.type),
        actual: "absent"
      })
    }
  })
  const rest = ast.rest[0]?.type
  if (rest === undefined) {
    if (value.length > ast.elements.length) mismatch(walk, ast, value, path, sink)
    return
  }
  for (let index = ast.elements.length; index < value.length; index++) walkNode(walk, rest, value[index], `${path}[${index}]`, sink)
}

// ---------------------------------------------------------------------------------------------
// Invariants no Schema states
// ---------------------------------------------------------------------------------------------

/** Each lifecycle timestamp and the ones that must not be later than it, nearest first. */
const lifecycle: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ["in_progress_at", ["created_at"]],
  ["finalizing_at", ["in_progress_at", "created_at"]],
  ["completed_at", ["finalizing_at", "in_progress_at", "created_at"]],
  // A batch can fail, expire or be cancelled from more than one state, so only creation comes first.
  ["failed_at", ["created_at"]],
  ["expired_at", ["created_at"]],
  ["cancelling_at", ["created_at"]],
  ["cancelled_at", ["cancelling_at", "created_at"]],
  ["expires_at", ["created_at"]]
]

/** The vendor's ID form: its prefix, then a non-empty rest that is safe in a URL path. */
export const fitsIdForm = (prefix: string, id: string): boolean => {
  if (!id.startsWith(prefix)) return false
  const rest = id.slice(prefix.length)
  return rest.length > 0 && !/[\s/?#]/.test(rest) && !rest.includes("..")
}

interface Semantics {
  readonly contract: ContractShape
  /**
   * Paths at or above a problem the structural walk already reported: an invariant is not judged
   * on a value of the wrong shape, so one mistake is reported once.
   */
  readonly flagged: ReadonlySet<string>
  readonly sink: Array<Violation>
}

/** Every path at or above the given ones: `$.a[0].b` gives `$.a[0].b`, `$.a[0]`, `$.a`, `$`. */
const withAncestors = (paths: Iterable<string>): Set<string> => {
  const all = new Set<string>()
  for (const path of paths) {
    all.add(path)
    for (let index = 1; index < path.length; index++) {
      const char = path[index]
      if (char === "." || char === "[") all.add(path.slice(0, index))
    }
  }
  return all
}

const idForm = (semantics: Semantics, id: unknown, path: string, what: string) => {
  const { contract, sink } = semantics
  if (typeof id !== "string" || semantics.flagged.has(path) || fitsIdForm(contract.idPrefix, id)) return
  sink.push({
    path,
    rule: "id-form",
    severity: "error",
    message: `${what} ${render(id)} does not have ${contract.provider}'s form ${contract.idPrefix}<id>`,
    expected: `${contract.idPrefix}<id>`,
    actual: render(id)
  })
}

const batchInvariants = (semantics: Semantics, item: unknown, path: string) => {
  if (!isRecord(item)) return
  const { contract, flagged, sink } = semantics
  idForm(semantics, item.id, `${path}.id`, "batch ID")

  const status = item.status
  if (typeof status === "string" && !flagged.has(`${path}.status`) && !contract.statuses.includes(status)) {
    sink.push({
      path: `${path}.status`,
      rule: "status",
      severity: contract.statusSeverity,
      message: `status ${render(status)} is not one of ${contract.provider}'s statuses`,
      expected: `one of ${contract.statuses.join(", ")}`,
      actual: render(status)
    })
  }

  const time = (field: string): number | undefined => {
    const value = item[field]
    return typeof value === "number" && !flagged.has(`${path}.${field}`) ? value : undefined
  }
  for (const [field, earlier] of lifecycle) {
    const at = time(field)
    if (at === undefined) continue
    for (const before of earlier) {
      const previous = time(before)
      if (previous === undefined || previous <= at) continue
      sink.push({
        path: `${path}.${field}`,
        rule: "timestamps.order",
        severity: "error",
        message: `${field} (${at}) is before ${before} (${previous})`,
        expected: `at or after ${before} (${previous})`,
        actual: String(at)
      })
      break
    }
  }

  const counts = item.request_counts
  const countsPath = `${path}.request_counts`
  if (isRecord(counts) && !flagged.has(countsPath)) {
    const { completed, failed, total } = counts
    if (typeof total === "number" && typeof completed === "number" && typeof failed === "number" && completed + failed > total) {
      sink.push({
        path: countsPath,
        rule: "request-counts.sum",
        severity: "error",
        message: `completed + failed (${completed} + ${failed}) is more than total (${total})`,
        expected: "completed + failed ≤ total",
        actual: `${completed} + ${failed} > ${total}`
      })
    }
  }
}

const listInvariants = (semantics: Semantics, body: unknown, limit: number | undefined) => {
  if (!isRecord(body) || !Array.isArray(body.data)) return
  const { contract, flagged, sink } = semantics
  const data: ReadonlyArray<unknown> = body.data
  data.forEach((item, index) => batchInvariants(semantics, item, `$.data[${index}]`))

  if (contract.newestFirst) {
    for (let index = 1; index < data.length; index++) {
      const previous = data[index - 1]
      const item = data[index]
      if (!isRecord(previous) || !isRecord(item)) continue
      const before = previous.created_at
      const at = item.created_at
      const path = `$.data[${index}].created_at`
      if (typeof before === "number" && typeof at === "number" && !flagged.has(path) && at > before) {
        sink.push({
          path,
          rule: "pagination.order",
          severity: "error",
          message: `the list is not newest first: item ${index} (${at}) is newer than item ${index - 1} (${before})`,
          expected: `at or before ${before}`,
          actual: String(at)
        })
      }
    }
  }

  if (limit !== undefined && data.length > limit) {
    sink.push({
      path: "$.data",
      rule: "pagination.limit",
      severity: "error",
      message: `the page has ${data.length} items, more than the requested limit of ${limit}`,
      expected: `at most ${limit} items`,
      actual: `${data.length} items`
    })
  }

  const cursor = (key: "first_id" | "last_id", rule: Rule, item: unknown, which: string) => {
    const path = `$.${key}`
    if (!Object.hasOwn(body, key) || flagged.has(path)) return
    const raw = body[key]
    // A `{}` that passed the structural walk is that vendor's documented way of writing null.
    const value = isEmptyObject(raw) ? null : raw
    if (typeof value !== "string" && value !== null) return
    if (typeof value === "string") idForm(semantics, value, path, key)
    const expectedId = data.length === 0 ? null : isRecord(item) && typeof item.id === "string" ? item.id : undefined
    if (expectedId === undefined || value === expectedId) return
    sink.push({
      path,
      rule,
      severity: "error",
      message: expectedId === null
        ? `${key} must be null on an empty page`
        : `${key} must be the ${which} item's id (${render(expectedId)})`,
      expected: expectedId === null ? "null" : render(expectedId),
      actual: render(raw)
    })
  }
  cursor("first_id", "pagination.first-id", data[0], "first")
  cursor("last_id", "pagination.last-id", data[data.length - 1], "last")
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/** Runs every check and returns the violations in the order they appear in the body. */
export const check = (contract: ContractShape, input: Input): Array<Violation> => {
  const status = input.status ?? 200
  const success = status >= 200 && status < 300
  const severity: Severity = success ? "error" : contract.errorBodies.severity
  const sink: Array<Violation> = []

  let body = input.body
  if (typeof body === "string") {
    const text = body
    try {
      body = JSON.parse(text)
    } catch {
      const fault = locateFault(text)
      // One character says what is wrong; the fault's longer excerpt runs over line ends.
      const found = fault.offset >= text.length ? "end of input" : JSON.stringify(text[fault.offset])
      sink.push({
        path: "$",
        rule: "not-json",
        severity,
        message: `body is not JSON: unexpected ${found} at line ${fault.line}, column ${fault.column}`,
        expected: "JSON",
        actual: found,
        line: fault.line,
        column: fault.column
      })
      return sink
    }
  }

  const walk: Walk = { provider: contract.provider, allowExtra: input.allowExtra === true, errorBody: !success, severity }
  if (!success) {
    const schema = contract.errorBodies.byStatus[status] ?? contract.errorBodies.otherwise
    walkNode(walk, schema.ast, body, "$", sink)
    return sink
  }
  const schema = input.operation === "list" ? contract.list : contract.batch
  walkNode(walk, schema.ast, body, "$", sink)
  const semantics: Semantics = {
    contract,
    flagged: withAncestors(sink.filter((violation) => violation.severity === "error").map((violation) => violation.path)),
    sink
  }
  if (input.operation === "list") listInvariants(semantics, body, input.limit)
  else batchInvariants(semantics, body, "$")
  return inDocumentOrder(sink, body)
}

const segmentPattern = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g

/**
 * Sorts violations the way a reader meets them in the body: by the position of each path segment
 * (object keys in body order, array items by index); an absent field comes after its siblings.
 * The sort is stable, so violations at the same place keep the order the checks found them in.
 */
const inDocumentOrder = (violations: Array<Violation>, body: unknown): Array<Violation> => {
  if (violations.length < 2) return violations
  const keyOrder = new Map<object, Map<string, number>>()
  const positions = (path: string): Array<number> => {
    const result: Array<number> = []
    let value: unknown = body
    for (const match of path.matchAll(segmentPattern)) {
      if (match[2] !== undefined) {
        const index = Number(match[2])
        result.push(index)
        value = Array.isArray(value) ? value[index] : undefined
        continue
      }
      const key = match[1] ?? (JSON.parse(match[3]!) as string)
      if (!isRecord(value)) {
        result.push(Number.MAX_SAFE_INTEGER)
        value = undefined
        continue
      }
      let order = keyOrder.get(value)
      if (order === undefined) {
        order = new Map(Object.keys(value).map((name, index) => [name, index]))
        keyOrder.set(value, order)
      }
      result.push(order.get(key) ?? Number.MAX_SAFE_INTEGER)
      value = value[key]
    }
    return result
  }
  const keyed = violations.map((violation) => ({ violation, position: positions(violation.path) }))
  keyed.sort((left, right) => {
    const length = Math.min(left.position.length, right.position.length)
    for (let index = 0; index < length; index++) {
      const difference = left.position[index]! - right.position[index]!
      if (difference !== 0) return difference
    }
    return left.position.length - right.position.length
  })
  return keyed.map((entry) => entry.violation)
}
