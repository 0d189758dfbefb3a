/**
 * JSON values and JSON paths: the one set of helpers the lenient decoder, the conformance checker
 * and the clients share, so that a value is named and a path is written the same way everywhere
 * (a body that does not fit at a path too: {@link decodeError}).
 */
import type { DecodeContext } from "../Decoder.js"
import { DecodeError } from "../UnibatchError.js"

/** The JSON kind of a parsed value. */
export type JsonKind = "string" | "number" | "boolean" | "null" | "object" | "array"

/** A JSON object: an object that is not an array (and not `null`). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Whether an object has no enumerable key (`{}`); no allocation. */
export const isEmptyObject = (value: object): boolean => {
  for (const _ in value) return false
  return true
}

/** Exactly `{}`: the placeholder some vendors write for "no value". */
export const isPlaceholder = (value: unknown): value is Readonly<Record<string, never>> => isRecord(value) && isEmptyObject(value)

/** Absent, `null` and the `{}` placeholder all mean "no value" in the lenient reading. */
export const isNoValue = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "object" && !Array.isArray(value) && isEmptyObject(value))

/** The JSON kind of a value. */
export const kindOfValue = (value: unknown): JsonKind =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : (typeof value as JsonKind)

const identifierKey = /^[A-Za-z_$][\w$]*$/

/** The JSON path step for a key: `.name`, or `["odd key"]`. */
export const pathOfKey = (key: string): string => (identifierKey.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)

/** The JSON path step for an array index: `[3]`. */
export const pathOfIndex = (index: number): string => `[${index}]`

/** Shortens a text to one readable line. */
export const clip = (text: string, length = 60): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text)

/** A value, short enough for one line: `absent`, `[]`, `an array of 3`, or its clipped JSON. */
export const render = (value: unknown): string => {
  if (value === undefined) return "absent"
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `an array of ${value.length}`
  return clip(JSON.stringify(value))
}

/** How a value reads in a message: `string "x"`, `number 5`, `null`, `an array`, `{}`, `an object`. */
export const typeName = (value: unknown): string => {
  switch (kindOfValue(value)) {
    case "null":
      return "null"
    case "array":
      return "an array"
    case "object":
      return isEmptyObject(value as object) ? "{}" : "an object"
    default:
      return `${typeof value} ${render(value)}`
  }
}

/**
 * Sets a key on an object as an own data property. `__proto__` is a legal JSON key: assigning it
 * would set the prototype, so it is defined instead and stays plain data.
 */
export const defineField = (target: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/**
 * The path, below `value`, of the first array or object more than `room` levels down; `undefined`
 * when there is none. Recursion is bounded by `room`; scalars cost one `typeof`.
 */
export const tooDeep = (value: unknown, room: number): string | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  if (room === 0) return ""
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const below = tooDeep(value[index], room - 1)
      if (below !== undefined) return `[${index}]${below}`
    }
    return undefined
  }
  for (const key in value) {
    const below = tooDeep((value as Record<string, unknown>)[key], room - 1)
    if (below !== undefined) return pathOfKey(key) + below
  }
  return undefined
}

/** A path as a message shows it: a very long one (a deep value, a huge key) keeps its ends; the error's `path` stays whole. */
const pathInMessage = (path: string): string => path.length > 120 ? `${path.slice(0, 80)}…${path.slice(-30)}` : path

/** The error of a response body that does not fit at `path`: `example list response does not fit at $.data[0].id: ...`. */
export const decodeError = (context: DecodeContext, path: string, message: string): DecodeError =>
  new DecodeError({
    provider: context.provider,
    operation: context.operation,
    status: context.status ?? null,
    requestId: context.requestId ?? null,
    path,
    message: `${context.provider} ${context.operation} response does not fit at ${pathInMessage(path)}: ${message}`
  })
