/**
 * The client-side checks of the lifecycle, as pure functions: each returns the message to show
 * when the input is refused (naming the limit and the value), else `undefined`. The client
 * turns a message into an `InvalidRequestError` before any request. The ID safety rule here is
 * also the one `BatchId.toNative` applies.
 */
import type { Limits } from "../VendorDefinition.js"
import { typeName } from "./json.js"

/**
 * A user value (an ID, an endpoint, a metadata key) as a message quotes it: JSON-quoted, cut to 80
 * characters, and everything outside printable ASCII written as `\uXXXX`, so that no control
 * character or bidi override reaches the terminal through the message.
 */
export const quoted = (value: string): string => {
  const clipped = value.length > 80 ? `${value.slice(0, 79)}…` : value
  return JSON.stringify(clipped).replace(/[^\x20-\x7e…]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
}

/** Characters as people count them (code points, so an emoji is one). */
const characters = (text: string): number => {
  let count = 0
  for (const _ of text) count++
  return count
}

/**
 * Characters no ID may carry: control characters (C0, DEL, C1 such as U+0085), format characters
 * (bidi controls such as U+202E and U+2066-U+2069, zero-width characters), line and paragraph
 * separators, and lone surrogates (which cannot be percent-encoded). They would reach a terminal
 * or a log line, or reorder what a user reads, on their way back.
 */
const unsafeCharacter = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u

/** `U+001B`: how a code unit is named in a message. */
const codePoint = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`

/**
 * Why an ID was refused, in words a user can act on; `undefined` when it is safe to send.
 * Path characters are refused outright rather than escaped: an ID with them is a bug upstream.
 * Batch IDs (`BatchId.toNative`) and file IDs follow it (DESIGN.md, "IDs").
 */
export const unsafeReason = (id: string): string | undefined => {
  if (id.length === 0) return "it is empty"
  if (/\s/.test(id)) return "it contains whitespace"
  const unsafe = unsafeCharacter.exec(id)
  if (unsafe !== null) return `it contains the control character ${codePoint(unsafe[0])}`
  if (id.includes("/")) return "it contains '/'"
  if (id.includes("?")) return "it contains '?'"
  if (id.includes("#")) return "it contains '#'"
  if (id.includes("..")) return "it contains '..'"
  return undefined
}

/** A file id (`inputFileId`, `retrieveFile`, `fileContent`): a non-empty string that can go into a path. */
export const fileIdProblem = (id: unknown, name = "file ID"): string | undefined => {
  if (typeof id !== "string") return `Invalid ${name}: expected a string, got ${typeName(id)}.`
  const reason = unsafeReason(id)
  return reason === undefined ? undefined : `Invalid ${name} ${quoted(id)}: ${reason}.`
}

/** What `create` and `submit` check before any request. */
export interface BatchInput {
  readonly endpoint: unknown
  readonly completionWindow: unknown
  readonly metadata: unknown
}

const oneOf = (allowed: ReadonlyArray<string>): string => allowed.map((value) => JSON.stringify(value)).join(", ")

/**
 * The endpoint, completion window and metadata against the vendor's limits. `displayName` names
 * the vendor in the message.
 */
export const batchInputProblem = (limits: Limits, displayName: string, input: BatchInput): string | undefined => {
  const { completionWindow, endpoint, metadata } = input
  if (typeof endpoint !== "string" || !limits.endpoints.includes(endpoint)) {
    return `endpoint must be one of ${oneOf(limits.endpoints)} on ${displayName}, got ${typeof endpoint === "string" ? quoted(endpoint) : typeName(endpoint)}.`
  }
  if (typeof completionWindow !== "string" || !limits.completionWindows.includes(completionWindow)) {
    return `completionWindow must be one of ${oneOf(limits.completionWindows)} on ${displayName}, got ${
      typeof completionWindow === "string" ? quoted(completionWindow) : typeName(completionWindow)
    }.`
  }
  return metadataProblem(limits, displayName, metadata)
}

const metadataProblem = (limits: Limits, displayName: string, metadata: unknown): string | undefined => {
  if (metadata === undefined || metadata === null) return undefined
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    return `metadata must be an object of string values, got ${typeName(metadata)}.`
  }
  const entries = Object.entries(metadata)
  if (entries.length === 0) return undefined
  const rule = limits.metadata
  if (rule === null) return `${displayName} takes no metadata, got ${entries.length} ${entries.length === 1 ? "pair" : "pairs"}.`
  if (entries.length > rule.maxPairs) {
    return `metadata has ${entries.length} pairs, over ${displayName}'s limit of ${rule.maxPairs} (maxPairs).`
  }
  for (const [key, value] of entries) {
    const keyLength = characters(key)
    if (keyLength > rule.maxKeyLength) {
      return `metadata key ${quoted(key)} is ${keyLength} characters, over ${displayName}'s limit of ${rule.maxKeyLength} (maxKeyLength).`
    }
    if (typeof value !== "string") return `metadata value of ${quoted(key)} must be a string, got ${typeName(value)}.`
    const valueLength = characters(value)
    if (valueLength > rule.maxValueLength) {
      return `metadata value of ${quoted(key)} is ${valueLength} characters, over ${displayName}'s limit of ${rule.maxValueLength} (maxValueLength).`
    }
  }
  return undefined
}

/** Bytes for people: `104857600 bytes (100 MiB)`. */
const bytes = (count: number): string => {
  const mebibytes = count / (1024 * 1024)
  return mebibytes >= 1 ? `${count} bytes (${Number.isInteger(mebibytes) ? mebibytes : mebibytes.toFixed(1)} MiB)` : `${count} bytes`
}

/** A file over the vendor's `maxFileBytes`; `size` is what is known (the whole size, or the bytes read so far). */
export const fileTooLarge = (limits: Limits, displayName: string, size: number, known: boolean): string =>
  known
    ? `the file is ${bytes(size)}, over ${displayName}'s limit of ${bytes(limits.maxFileBytes)} (maxFileBytes).`
    : `the upload stream passed ${displayName}'s limit of ${bytes(limits.maxFileBytes)} (maxFileBytes) after ${bytes(size)}; the upload was stopped.`

/** A form field value (`purpose`, `filename`): a non-empty string without line breaks or other control characters. */
export const formValueProblem = (name: string, value: unknown): string | undefined => {
  if (typeof value !== "string") return `${name} must be a string, got ${typeName(value)}.`
  if (value.length === 0) return `${name} must not be empty.`
  if (/[\p{Cc}]/u.test(value)) return `${name} ${quoted(value)} contains a control character (a line break, ...).`
  return undefined
}
