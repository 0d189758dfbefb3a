/**
 * The JSONL writer behind `Requests.writeRequests`: checks each request as it passes and batches
 * the lines into chunks of about {@link chunkChars} characters, encoded once per chunk. What it
 * keeps grows only with the number of requests (one map entry per `customId`).
 */
import type { BatchRequest } from "../BatchRequest.js"
import { invalidInput, type InvalidRequestError } from "../UnibatchError.js"
import type { VendorDefinition } from "../VendorDefinition.js"
import { clip, render, typeName } from "./json.js"

/** About 64 KiB of text per emitted chunk: few enough encodes, small enough to stream. */
export const chunkChars = 64 * 1024

const encoder = new TextEncoder()

/** What went wrong, from a thrown value, on one line. */
export const thrownMessage = (thrown: unknown): string =>
  clip(thrown instanceof Error ? thrown.message : String(thrown), 200)

const bodyKind = (body: unknown): string | undefined => {
  switch (typeof body) {
    case "undefined":
      return "undefined (no body)"
    case "function":
      return "a function"
    case "symbol":
      return "a symbol"
    case "bigint":
      return `a BigInt (${body})`
    default:
      return undefined
  }
}

/** A value in a message: `absent`, `an empty string`, `number 7`, ... */
const named = (value: unknown): string => (value === undefined ? "absent" : value === "" ? "an empty string" : typeName(value))

/** Bytes in MiB for messages: `200 MiB` (`104857600 bytes` where not a whole number). */
const describeBytes = (bytes: number): string =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB (${bytes} bytes)` : `${bytes} bytes`

/**
 * One writer per written file. `write` takes the requests of one upstream chunk and answers the
 * encoded chunks ready to send, or the first refusal; `end` flushes what is left.
 */
export class RequestWriter {
  private readonly seen = new Map<string, number>()
  private line = 0
  private bytes = 0
  private pending: Array<string> = []
  private pendingChars = 0
  /** The line number of `pending[0]`. */
  private firstPendingLine = 1
  private readonly provider: string
  private readonly displayName: string
  private readonly maxRequests: number
  private readonly maxFileBytes: number
  private readonly requestLine: VendorDefinition["lifecycle"]["requestLine"]
  private readonly sameModel: boolean
  /** The first line's `body.model` and its line number, under `sameModel`. */
  private model: { readonly value: string; readonly line: number } | undefined

  constructor(definition: VendorDefinition, private readonly endpoint: string) {
    this.provider = definition.provider
    this.displayName = definition.displayName
    this.maxRequests = definition.lifecycle.limits.maxRequests
    this.maxFileBytes = definition.lifecycle.limits.maxFileBytes
    this.requestLine = definition.lifecycle.requestLine
    this.sameModel = definition.lifecycle.limits.sameModel === true
  }

  private refuse(message: string): InvalidRequestError {
    // A line refused after lines that already overflow the file: the overflow is the first fault.
    return this.overflow() ?? invalidInput(this.provider, "submit", message)
  }

  private problem(request: BatchRequest): string | undefined {
    const line = this.line
    if (line > this.maxRequests) {
      return `line ${line}: more than the ${this.maxRequests} requests a ${this.displayName} batch takes (maxRequests).`
    }
    if (typeof request !== "object" || request === null) {
      return `line ${line}: expected a request object { customId, body }, got ${typeName(request)}.`
    }
    const customId: unknown = request.customId
    if (typeof customId !== "string" || customId.length === 0) {
      return `line ${line}: customId must be a non-empty string, got ${named(customId)}.`
    }
    const first = this.seen.get(customId)
    if (first !== undefined) return `line ${line}: customId ${render(customId)} is a duplicate of line ${first}; customIds must be unique in a batch.`
    const method: unknown = request.method
    if (method !== undefined && method !== "POST") {
      return `line ${line} (customId ${render(customId)}): method must be "POST", got ${named(method)}.`
    }
    const url: unknown = request.url
    if (url !== undefined && url !== this.endpoint) {
      return `line ${line} (customId ${render(customId)}): url must be the batch's endpoint ${render(this.endpoint)}, got ${named(url)}.`
    }
    const kind = bodyKind(request.body)
    if (kind !== undefined) return `line ${line} (customId ${render(customId)}): the body cannot be written as JSON: it is ${kind}.`
    if (this.sameModel) {
      const body: unknown = request.body
      const model: unknown = typeof body === "object" && body !== null ? (body as { readonly model?: unknown }).model : undefined
      if (typeof model !== "string" || model.length === 0) {
        return `line ${line} (customId ${render(customId)}): body.model must name the model (the same on every line of one ${this.displayName} batch), got ${named(model)}.`
      }
      if (this.model === undefined) this.model = { value: model, line }
      else if (model !== this.model.value) {
        return `line ${line} (customId ${render(customId)}): body.model is ${render(model)}, but line ${this.model.line} has ${render(this.model.value)}; every line of one ${this.displayName} batch names the same model (sameModel).`
      }
    }
    this.seen.set(customId, line)
    return undefined
  }

  /**
   * Checks every request as {@link write} would, without writing any: an in-memory list is
   * checked whole before the upload starts, so a bad line sends nothing.
   */
  check(requests: ReadonlyArray<BatchRequest>): InvalidRequestError | undefined {
    for (const request of requests) {
      this.line++
      const problem = this.problem(request)
      if (problem !== undefined) return invalidInput(this.provider, "submit", problem)
    }
    return undefined
  }

  /** The requests of one upstream chunk: the encoded chunks now full, or the first refusal. */
  write(requests: ReadonlyArray<BatchRequest>): Array<Uint8Array> | InvalidRequestError {
    const out: Array<Uint8Array> = []
    for (const request of requests) {
      this.line++
      const problem = this.problem(request)
      if (problem !== undefined) return this.refuse(problem)
      let text: string | undefined
      try {
        text = JSON.stringify(this.requestLine(request, this.endpoint))
      } catch (thrown) {
        // A cycle, a BigInt deep in the body, a toJSON that throws.
        return this.refuse(`line ${this.line} (customId ${render(request.customId)}): the body cannot be written as JSON: ${thrownMessage(thrown)}.`)
      }
      if (text === undefined) {
        return this.refuse(`line ${this.line} (customId ${render(request.customId)}): the request line cannot be written as JSON.`)
      }
      if (this.pending.length === 0) this.firstPendingLine = this.line
      this.pending.push(text)
      this.pendingChars += text.length + 1
      if (this.pendingChars >= chunkChars) {
        const chunk = this.flush()
        if (!(chunk instanceof Uint8Array)) return chunk
        out.push(chunk)
      }
    }
    return out
  }

  /** What is left once the requests end: the last chunk (`undefined` when none), or the refusal. */
  end(): Uint8Array | undefined | InvalidRequestError {
    return this.pending.length === 0 ? undefined : this.flush()
  }

  private flush(): Uint8Array | InvalidRequestError {
    const chunk = encoder.encode(this.pending.join("\n") + "\n")
    if (this.bytes + chunk.length > this.maxFileBytes) return this.overflowIn(this.pending)
    this.bytes += chunk.length
    this.pending = []
    this.pendingChars = 0
    return chunk
  }

  /** The size refusal of the lines held, when they take the file past its limit. */
  private overflow(): InvalidRequestError | undefined {
    // At most 3 bytes per UTF-16 unit: below that, no need to encode to know.
    if (this.bytes + this.pendingChars * 3 <= this.maxFileBytes) return undefined
    const size = this.pending.reduce((total, text) => total + encoder.encode(text).length + 1, this.bytes)
    return size > this.maxFileBytes ? this.overflowIn(this.pending) : undefined
  }

  /** Names the line that takes the file past `maxFileBytes` (rare: encodes the held lines one by one). */
  private overflowIn(lines: ReadonlyArray<string>): InvalidRequestError {
    let size = this.bytes
    for (let index = 0; index < lines.length; index++) {
      size += encoder.encode(lines[index]!).length + 1
      if (size > this.maxFileBytes) {
        return invalidInput(
          this.provider,
          "submit",
          `line ${this.firstPendingLine + index}: the requests file grows to ${size} bytes there, past the ${describeBytes(this.maxFileBytes)} a ${this.displayName} batch input file may hold (maxFileBytes).`
        )
      }
    }
    return invalidInput(this.provider, "submit", `the requests file grows past the ${describeBytes(this.maxFileBytes)} a ${this.displayName} batch input file may hold (maxFileBytes).`)
  }
}
