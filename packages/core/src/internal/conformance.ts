/**
 * The strict checker behind `Conformance.check`: a walk over a vendor's wire Schema that reports
 * every deviation with a JSON path and a stable rule id, followed by the invariants no Schema
 * states (ID form, status vocabulary, pagination, lifecycle order, request counts).
 *
 * It walks the Schema instead of running Schema's parser so that each problem gets its own rule
 * and a readable `expected`; a property test proves it agrees with Schema's own decoding with
 * `onExcessProperty: "error"`. Nodes the walk does not take apart are judged by Schema itself.
 */
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import type { Contract, IdForm, LifecycleContract } from "../Conformance.js"
import { isPlaceholder, isRecord, kindOfValue, pathOfKey, render, typeName } from "./json.js"
import { locateFault } from "./jsonSyntax.js"
import * as Walk from "./schemaWalk.js"

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

export type Operation = "list" | "retrieve" | "create" | "cancel" | "file" | "file-list" | "output-line" | "error-line"

/** The operations whose body is one line of a JSONL file (an output or error file). */
export const lineOperations: ReadonlySet<Operation> = new Set(["output-line", "error-line"])

export interface Input {
  readonly operation: Operation
  readonly status?: number | undefined
  readonly body: unknown
  readonly limit?: number | undefined
  readonly allowExtra?: boolean | undefined
}

// ---------------------------------------------------------------------------------------------
// The structural walk
// ---------------------------------------------------------------------------------------------

interface Walker {
  readonly provider: string
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

const shapeRule = (walk: Walker, rule: Rule): Rule => (walk.errorBody ? "error-shape" : rule)

/** Whether a value is a wrong choice among documented constants (`"lists"` where `"list"` is). */
const literalLike = (node: Walk.Node, value: unknown): boolean => {
  const members = node._tag === "union" ? node.members : [node]
  const scalars = members.filter((member) => member._tag !== "null")
  return scalars.length > 0 &&
    scalars.every((member) => member._tag === "literal") &&
    scalars.some((member) => member._tag === "literal" && typeof member.literal === typeof value)
}

/** One violation for a value that is not what the node documents at all. */
const mismatch = (walk: Walker, node: Walk.Node, value: unknown, path: string, sink: Array<Violation>) => {
  const expected = Walk.describe(node)
  const actual = render(value)
  let rule: Rule
  let message: string
  if (value === null) {
    rule = "null"
    message = `null where ${expected} is documented`
  } else if (isPlaceholder(value)) {
    rule = "placeholder"
    message = `the {} placeholder where ${expected} is documented`
  } else if (literalLike(node, value)) {
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

/** Nested problems are kept; a problem with the value itself is said once, in the outer words. */
const onlyAt = (violations: ReadonlyArray<Violation>, path: string) =>
  violations.every((violation) => violation.path === path || violation.severity === "note")

const walkNode = (walk: Walker, node: Walk.Node, value: unknown, path: string, sink: Array<Violation>): void => {
  if (!node.checked) return walkShape(walk, node, value, path, sink)
  // A node with checks (an integer, a non-negative count): its shape first, then its checks.
  const trial: Array<Violation> = []
  walkShape(walk, node, value, path, trial)
  if (errorCount(trial) > 0) {
    if (onlyAt(trial, path)) mismatch(walk, node, value, path, sink)
    else sink.push(...trial)
    return
  }
  sink.push(...trial)
  if (!Walk.accepts(node, value)) mismatch(walk, node, value, path, sink)
}

const walkShape = (walk: Walker, node: Walk.Node, value: unknown, path: string, sink: Array<Violation>): void => {
  switch (node._tag) {
    case "string":
    case "number":
    case "boolean":
      if (typeof value !== node._tag) mismatch(walk, node, value, path, sink)
      return
    case "null":
      if (value !== null) mismatch(walk, node, value, path, sink)
      return
    case "literal":
      if (value !== node.literal) mismatch(walk, node, value, path, sink)
      return
    case "unknown":
      return
    case "union":
      return walkUnion(walk, node, value, path, sink)
    case "object":
      return walkObject(walk, node, value, path, sink)
    case "array":
      return walkArray(walk, node, value, path, sink)
    case "other":
      if (!exactly(node.ast)(value)) mismatch(walk, node, value, path, sink)
  }
}

const walkUnion = (walk: Walker, node: Walk.Union, value: unknown, path: string, sink: Array<Violation>) => {
  if (value === null && node.members.some((member) => member._tag === "null")) return
  const kind = kindOfValue(value)
  let best: Array<Violation> | undefined
  for (const member of node.members) {
    if (!Walk.acceptsKind(member, kind)) continue
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
  else mismatch(walk, node, value, path, sink)
}

const walkObject = (walk: Walker, node: Walk.Object, value: unknown, path: string, sink: Array<Violation>) => {
  if (!isRecord(value)) return mismatch(walk, node, value, path, sink)
  if (node.required > 0 && isPlaceholder(value)) return mismatch(walk, node, value, path, sink)
  for (const field of node.fields) {
    const name = field.name
    // `undefined` is how a parsed-object caller writes "absent"; JSON has no such value.
    if (Object.hasOwn(value, name) && value[name] !== undefined) {
      walkNode(walk, field.node, value[name], path + pathOfKey(name), sink)
    } else if (!field.optional) {
      const message = `required field "${name}" is missing`
      sink.push({
        path: path + pathOfKey(name),
        rule: shapeRule(walk, "missing"),
        severity: walk.severity,
        message: walk.errorBody ? `error body: ${message}` : message,
        expected: Walk.describe(field.node),
        actual: "absent"
      })
    }
  }
  for (const key in value) {
    if (node.byName.has(key) || value[key] === undefined) continue
    if (node.index !== undefined) {
      walkNode(walk, node.index, value[key], path + pathOfKey(key), sink)
      continue
    }
    sink.push({
      path: path + pathOfKey(key),
      rule: "undocumented",
      // Undocumented fields are reported either way; allowExtra only stops them failing the check.
      severity: walk.allowExtra ? "note" : walk.severity,
      message: `"${key}" is not a field ${walk.provider} documents here`,
      expected: "no such field",
      actual: render(value[key])
    })
  }
}

const walkArray = (walk: Walker, node: Walk.Array, value: unknown, path: string, sink: Array<Violation>) => {
  if (!Array.isArray(value)) return mismatch(walk, node, value, path, sink)
  node.elements.forEach((element, index) => {
    if (index < value.length) walkNode(walk, element.node, value[index], `${path}[${index}]`, sink)
    else if (!element.optional) {
      sink.push({
        path: `${path}[${index}]`,
        rule: shapeRule(walk, "missing"),
        severity: walk.severity,
        message: `item ${index} is missing`,
        expected: Walk.describe(element.node),
        actual: "absent"
      })
    }
  })
  const rest = node.rest
  if (rest === undefined) {
    if (value.length > node.elements.length) mismatch(walk, node, value, path, sink)
    return
  }
  for (let index = node.elements.length; index < value.length; index++) walkNode(walk, rest, value[index], `${path}[${index}]`, sink)
}

const exactCache = new WeakMap<AST.AST, (value: unknown) => boolean>()

/** Schema's own verdict on a node the walk does not take apart, undocumented keys included. */
const exactly = (ast: AST.AST): ((value: unknown) => boolean) => {
  let is = exactCache.get(ast)
  if (is === undefined) {
    const decode = Schema.decodeUnknownExit(Schema.make<Schema.Codec<unknown>>(ast), { onExcessProperty: "error" })
    is = (value) => Exit.isSuccess(decode(value))
    exactCache.set(ast, is)
  }
  return is
}

// ---------------------------------------------------------------------------------------------
// Invariants no Schema states
// ---------------------------------------------------------------------------------------------

/** The vendor's ID form: its prefix, then a non-empty rest that is safe in a URL path. */
export const fitsIdForm = (prefix: string, id: string): boolean => {
  if (!id.startsWith(prefix)) return false
  const rest = id.slice(prefix.length)
  return rest.length > 0 && !/[\s/?#]/.test(rest) && !rest.includes("..")
}

interface Semantics {
  readonly contract: Contract
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

const idForm = (semantics: Semantics, id: unknown, path: string, what: string, prefix = semantics.contract.nativePrefix) => {
  const { contract, sink } = semantics
  if (typeof id !== "string" || semantics.flagged.has(path) || fitsIdForm(prefix, id)) return
  sink.push({
    path,
    rule: "id-form",
    severity: "error",
    message: `${what} ${render(id)} does not have ${contract.provider}'s form ${prefix}<id>`,
    expected: `${prefix}<id>`,
    actual: render(id)
  })
}

/** A field's value when the object has it as its own key (a contract's names are data: `constructor` is a field like any other). */
const fieldOf = (record: Readonly<Record<string, unknown>>, name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined)

/** How a wire value reads inside a message: a string as it is, anything else as JSON. */
const shown = (value: unknown): string => (typeof value === "string" ? value : render(value))

/** A timestamp the structural walk did not flag and the contract's codec can read. */
interface Time {
  readonly wire: unknown
  readonly millis: number
}

const timeAt = (semantics: Semantics, record: Readonly<Record<string, unknown>>, field: string, path: string): Time | undefined => {
  const wire = fieldOf(record, field)
  if (wire === undefined || wire === null || semantics.flagged.has(path)) return undefined
  const millis = semantics.contract.timestamps.codec.read(wire)
  return millis === undefined ? undefined : { wire, millis }
}

const batchInvariants = (semantics: Semantics, item: unknown, path: string) => {
  if (!isRecord(item)) return
  const { contract, flagged, sink } = semantics
  const { fields } = contract
  idForm(semantics, fieldOf(item, fields.id), path + pathOfKey(fields.id), "batch ID")

  const status = fieldOf(item, fields.status)
  const statusPath = path + pathOfKey(fields.status)
  if (typeof status === "string" && !flagged.has(statusPath) && !contract.statuses.includes(status)) {
    sink.push({
      path: statusPath,
      rule: "status",
      severity: contract.statusSeverity,
      message: `${fields.status} ${render(status)} is not one of ${contract.provider}'s statuses`,
      expected: `one of ${contract.statuses.join(", ")}`,
      actual: render(status)
    })
  }

  for (const { field, notBefore } of contract.timestamps.order) {
    const fieldPath = path + pathOfKey(field)
    const at = timeAt(semantics, item, field, fieldPath)
    if (at === undefined) continue
    for (const before of notBefore) {
      const previous = timeAt(semantics, item, before, path + pathOfKey(before))
      if (previous === undefined || previous.millis <= at.millis) continue
      sink.push({
        path: fieldPath,
        rule: "timestamps.order",
        severity: "error",
        message: `${field} (${shown(at.wire)}) is before ${before} (${shown(previous.wire)})`,
        expected: `at or after ${before} (${shown(previous.wire)})`,
        actual: shown(at.wire)
      })
      break
    }
  }

  const rule = contract.counts
  if (rule === null) return
  const counts = fieldOf(item, rule.field)
  const countsPath = path + pathOfKey(rule.field)
  if (!isRecord(counts) || flagged.has(countsPath)) return
  const total = fieldOf(counts, rule.total)
  const parts = rule.parts.map((part) => fieldOf(counts, part))
  if (typeof total !== "number" || !parts.every((part): part is number => typeof part === "number")) return
  const sum = parts.reduce((left, right) => left + right, 0)
  if (sum <= total) return
  const names = rule.parts.join(" + ")
  sink.push({
    path: countsPath,
    rule: "request-counts.sum",
    severity: "error",
    message: `${names} (${parts.join(" + ")}) is more than ${rule.total} (${total})`,
    expected: `${names} ≤ ${rule.total}`,
    actual: `${parts.join(" + ")} > ${total}`
  })
}

/** What the page invariants read: the envelope's names, the items' ID form, their order. */
interface Page {
  readonly data: string
  /** `null` where the vendor sends no such cursor. */
  readonly firstId: string | null
  readonly lastId: string | null
  readonly id: IdForm
  /** The creation field the page is newest first by, or `null` when no order is documented. */
  readonly newestFirstBy: string | null
  readonly item: (semantics: Semantics, item: unknown, path: string) => void
}

const batchPage = (contract: Contract): Page => ({
  data: contract.envelope.data,
  firstId: contract.envelope.firstId,
  lastId: contract.envelope.lastId,
  id: { field: contract.fields.id, prefix: contract.nativePrefix },
  newestFirstBy: contract.newestFirst ? contract.fields.createdAt : null,
  item: batchInvariants
})

const fileInvariants = (semantics: Semantics, item: unknown, path: string) => {
  const ids = semantics.contract.lifecycle?.fileIds
  if (!isRecord(item) || ids === undefined) return
  idForm(semantics, fieldOf(item, ids.field), path + pathOfKey(ids.field), "file ID", ids.prefix)
}

const filePage = (lifecycle: LifecycleContract): Page => ({
  ...lifecycle.fileEnvelope,
  id: lifecycle.fileIds,
  newestFirstBy: null,
  item: fileInvariants
})

const lineInvariants = (semantics: Semantics, line: unknown) => {
  const ids = semantics.contract.lifecycle?.lineIds
  if (!isRecord(line) || ids === undefined || ids === null) return
  idForm(semantics, fieldOf(line, ids.field), "$" + pathOfKey(ids.field), "result line ID", ids.prefix)
}

const pageInvariants = (semantics: Semantics, body: unknown, limit: number | undefined, page: Page) => {
  if (!isRecord(body)) return
  const { sink } = semantics
  const data = fieldOf(body, page.data)
  if (!Array.isArray(data)) return
  const dataPath = "$" + pathOfKey(page.data)
  data.forEach((item, index) => page.item(semantics, item, `${dataPath}[${index}]`))

  const createdAtField = page.newestFirstBy
  if (createdAtField !== null) {
    const createdAt = (index: number): Time | undefined => {
      const item = data[index]
      return isRecord(item) ? timeAt(semantics, item, createdAtField, `${dataPath}[${index}]${pathOfKey(createdAtField)}`) : undefined
    }
    for (let index = 1; index < data.length; index++) {
      const before = createdAt(index - 1)
      const at = createdAt(index)
      if (before === undefined || at === undefined || at.millis <= before.millis) continue
      sink.push({
        path: `${dataPath}[${index}]${pathOfKey(createdAtField)}`,
        rule: "pagination.order",
        severity: "error",
        message: `the list is not newest first: item ${index} (${shown(at.wire)}) is newer than item ${index - 1} (${shown(before.wire)})`,
        expected: `at or before ${shown(before.wire)}`,
        actual: shown(at.wire)
      })
    }
  }

  if (limit !== undefined && data.length > limit) {
    sink.push({
      path: dataPath,
      rule: "pagination.limit",
      severity: "error",
      message: `the page has ${data.length} items, more than the requested limit of ${limit}`,
      expected: `at most ${limit} items`,
      actual: `${data.length} items`
    })
  }

  const cursor = (key: string | null, rule: Rule, item: unknown, which: string) => {
    if (key === null) return
    const path = "$" + pathOfKey(key)
    if (!Object.hasOwn(body, key) || semantics.flagged.has(path)) return
    const raw = body[key]
    // A `{}` that passed the structural walk is that vendor's documented way of writing null.
    const value = isPlaceholder(raw) ? null : raw
    if (typeof value !== "string" && value !== null) return
    if (typeof value === "string") idForm(semantics, value, path, key, page.id.prefix)
    const itemId = isRecord(item) ? fieldOf(item, page.id.field) : undefined
    const expectedId = data.length === 0 ? null : typeof itemId === "string" ? itemId : undefined
    if (expectedId === undefined || value === expectedId) return
    sink.push({
      path,
      rule,
      severity: "error",
      message: expectedId === null
        ? `${key} must be null on an empty page`
        : `${key} must be the ${which} item's ${page.id.field} (${render(expectedId)})`,
      expected: expectedId === null ? "null" : render(expectedId),
      actual: render(raw)
    })
  }
  cursor(page.firstId, "pagination.first-id", data[0], "first")
  cursor(page.lastId, "pagination.last-id", data[data.length - 1], "last")
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/** The Schema a 2xx body of the operation is checked against; `undefined` when the contract has none. */
const schemaOf = (contract: Contract, operation: Operation): Schema.Top | undefined => {
  const lifecycle = contract.lifecycle
  switch (operation) {
    case "list":
      return contract.list
    case "retrieve":
      return contract.batch
    case "create":
      return lifecycle?.create
    case "cancel":
      return lifecycle?.cancel
    case "file":
      return lifecycle?.file
    case "file-list":
      return lifecycle?.fileList
    case "output-line":
      return lifecycle?.outputLine
    case "error-line":
      return lifecycle?.errorLine
  }
}

const invariants = (semantics: Semantics, operation: Operation, body: unknown, limit: number | undefined) => {
  const lifecycle = semantics.contract.lifecycle
  switch (operation) {
    case "list":
      return pageInvariants(semantics, body, limit, batchPage(semantics.contract))
    case "retrieve":
    case "create":
    case "cancel":
      return batchInvariants(semantics, body, "$")
    case "file":
      return fileInvariants(semantics, body, "$")
    case "file-list":
      return lifecycle === undefined ? undefined : pageInvariants(semantics, body, limit, filePage(lifecycle))
    case "output-line":
    case "error-line":
      return lineInvariants(semantics, body)
  }
}

/** Checks one body (one response, or one line of a JSONL file: `line` is its line number). */
const checkOne = (contract: Contract, input: Input, body: unknown, line: number): Array<Violation> => {
  const status = input.status ?? 200
  const success = status >= 200 && status < 300
  const severity: Severity = success ? "error" : contract.errorBodies.severity
  const sink: Array<Violation> = []

  if (typeof body === "string") {
    const text = body
    try {
      body = JSON.parse(text)
    } catch {
      const fault = locateFault(text)
      // One character says what is wrong; the fault's longer excerpt runs over line ends.
      const found = fault.offset >= text.length ? "end of input" : JSON.stringify(text[fault.offset])
      const faultLine = fault.line + line - 1
      sink.push({
        path: "$",
        rule: "not-json",
        severity,
        message: `body is not JSON: unexpected ${found} at line ${faultLine}, column ${fault.column}`,
        expected: "JSON",
        actual: found,
        line: faultLine,
        column: fault.column
      })
      return sink
    }
  }

  const walk: Walker = { provider: contract.provider, allowExtra: input.allowExtra === true, errorBody: !success, severity }
  if (!success) {
    const schema = contract.errorBodies.byStatus[status] ?? contract.errorBodies.otherwise
    walkNode(walk, Walk.nodeOf(schema), body, "$", sink)
    return sink
  }
  const schema = schemaOf(contract, input.operation)
  if (schema === undefined) {
    sink.push({
      path: "$",
      rule: "undocumented",
      severity: "error",
      message: `${contract.provider}'s contract documents no ${input.operation} response`,
      expected: `a contract with a ${input.operation} schema`,
      actual: render(body)
    })
    return sink
  }
  walkNode(walk, Walk.nodeOf(schema), body, "$", sink)
  const semantics: Semantics = {
    contract,
    flagged: withAncestors(sink.filter((violation) => violation.severity === "error").map((violation) => violation.path)),
    sink
  }
  invariants(semantics, input.operation, body, input.limit)
  return inDocumentOrder(sink, body)
}

/**
 * The lines of a whole JSONL file: text that is not one JSON value, has more than one non-blank
 * line, and whose first such line is JSON on its own (a pretty-printed value that does not parse
 * is one broken body, not lines). Blank lines are skipped; line numbers count them.
 */
const jsonLines = (text: string): Array<{ readonly line: number; readonly text: string }> | undefined => {
  const lines: Array<{ readonly line: number; readonly text: string }> = []
  let start = 0
  for (let number = 1; start <= text.length; number++) {
    const newline = text.indexOf("\n", start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end)
    if (line.trim() !== "") lines.push({ line: number, text: line })
    if (newline === -1) break
    start = newline + 1
  }
  if (lines.length < 2) return undefined
  try {
    JSON.parse(lines[0]!.text)
  } catch {
    return undefined
  }
  return lines
}

/**
 * Runs every check and returns the violations in the order they appear in the body. The body of
 * a line operation may be a whole JSONL file: each line is checked on its own, and its violations'
 * paths start with `line N: `.
 */
export const check = (contract: Contract, input: Input): Array<Violation> => {
  const status = input.status ?? 200
  const body = input.body
  if (status >= 200 && status < 300 && lineOperations.has(input.operation) && typeof body === "string") {
    let parsed: unknown
    let single = true
    try {
      parsed = JSON.parse(body)
    } catch {
      single = false
    }
    if (single) return checkOne(contract, input, parsed, 1)
    const lines = jsonLines(body)
    if (lines !== undefined) {
      return lines.flatMap(({ line, text }) =>
        checkOne(contract, input, text, line).map((violation) => ({ ...violation, path: `line ${line}: ${violation.path}` }))
      )
    }
  }
  return checkOne(contract, input, body, 1)
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

/**
 * The first place a value does not fit a Schema, undocumented keys aside: what a reader that takes
 * the Schema as a lenient type refuses (`normalize` of a result line).
 */
export const firstFault = (schema: Schema.Top, value: unknown): { readonly path: string; readonly message: string } | undefined => {
  const sink: Array<Violation> = []
  walkNode({ provider: "", allowExtra: true, errorBody: false, severity: "error" }, Walk.nodeOf(schema), value, "$", sink)
  const fault = sink.find((violation) => violation.severity === "error")
  return fault === undefined ? undefined : { path: fault.path, message: fault.message }
}
