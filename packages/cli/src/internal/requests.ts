/**
 * The requests file of `unibatch submit`: JSONL read as it arrives (a file streamed from disk, or
 * stdin), one request a line, each checked and turned into a `BatchRequest`. A line in the
 * vendor's own shape (`custom_id`, with `body`, or `params` as Anthropic's inline requests write
 * it) and one in the canonical shape (`customId`) are both taken; a
 * line that is neither is an `InvalidRequestError` naming the line, which ends the upload.
 */
import type { BatchRequest } from "@unibatch/core/BatchRequest"
import { invalidInput, type InvalidRequestError } from "@unibatch/core/UnibatchError"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Readable } from "node:stream"
import { fs } from "./fs.js"

const fields = new Set(["custom_id", "customId", "body", "params", "method", "url"])

const kindOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`

/** What is wrong with one parsed line, or the request it holds. */
const toRequest = (value: unknown): BatchRequest | string => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return `a request must be a JSON object, got ${kindOf(value)}`
  const line = value as Record<string, unknown>
  const unknown = Object.keys(line).find((key) => !fields.has(key))
  if (unknown !== undefined) return `unknown field ${JSON.stringify(unknown)} (a request has custom_id or customId, body (or params), method and url)`
  const { custom_id: snake, customId: camel, method, params, url } = line
  if (line.body !== undefined && params !== undefined) return "body and params are both given: give one (params is the body, as Anthropic writes it)"
  const body = line.body ?? params
  if (snake !== undefined && camel !== undefined && snake !== camel) return "custom_id and customId differ: give one"
  const customId = camel ?? snake
  if (customId === undefined) return "custom_id (or customId) is missing"
  if (typeof customId !== "string" || customId === "") return `custom_id must be a non-empty string, got ${kindOf(customId)}`
  if (body === undefined) return "body is missing"
  if (typeof body !== "object" || body === null || Array.isArray(body)) return `body must be a JSON object, got ${kindOf(body)}`
  if (method !== undefined && typeof method !== "string") return `method must be a string, got ${kindOf(method)}`
  if (url !== undefined && typeof url !== "string") return `url must be a string, got ${kindOf(url)}`
  return { customId, body, ...(method === undefined ? {} : { method }), ...(url === undefined ? {} : { url }) }
}

/**
 * One line of the file as a request, or the error that names the line. A blank line is skipped
 * (`undefined`).
 */
export const parseLine = (
  provider: string,
  source: string,
  text: string,
  lineNumber: number
): Effect.Effect<BatchRequest | undefined, InvalidRequestError> => {
  if (text.trim() === "") return Effect.succeed(undefined)
  const problem = (message: string) => Effect.fail(invalidInput(provider, "submit", `${source} line ${lineNumber}: ${message}.`))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return problem(`not JSON (${error instanceof Error ? error.message : String(error)})`)
  }
  const request = toRequest(value)
  return typeof request === "string" ? problem(request) : Effect.succeed(request)
}

/** The bytes of the requests file, or of stdin for `-`, as they are read. */
const bytesOf = (path: string): ReadableStream<Uint8Array> => {
  if (path !== "-") {
    // Opened lazily and read in chunks: memory does not grow with the file.
    return Readable.toWeb(fs.createReadStream(path)) as ReadableStream<Uint8Array>
  }
  if (process.stdin.isTTY) process.stderr.write("reading requests (JSONL) from stdin; end with Ctrl-D\n")
  return Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>
}

/** The requests of a JSONL file (or stdin, `-`), one per non-blank line, checked as they pass. */
export const readRequests = (provider: string, path: string): Stream.Stream<BatchRequest, InvalidRequestError> => {
  const source = path === "-" ? "stdin" : path
  // Counted per run of the stream: each run reads the file from its start.
  return Stream.suspend(() => {
  let lineNumber = 0
  return Stream.fromReadableStream({
    evaluate: () => bytesOf(path),
    onError: (error) => invalidInput(provider, "submit", `cannot read ${source}: ${error instanceof Error ? error.message : String(error)}.`)
  }).pipe(
    Stream.decodeText,
    Stream.splitLines,
    Stream.mapEffect((text) => parseLine(provider, source, text, ++lineNumber)),
    Stream.filter((request): request is BatchRequest => request !== undefined)
  )
  })
}
