/**
 * A held-out fake vendor for the batch lifecycle, written from the vendors' public docs
 * (/work/shared/VENDORS-LIFECYCLE.md) on bare `node:http`, sharing no code with the test kit:
 * OpenAI (`/v1`, Bearer), Respan (`/api/v1`, slashed paths, Bearer) and Neosantara (`/v1`,
 * `x-api-key`, `batch-` ids, a partial cancel answer with `"status": "canceled"`).
 *
 * Every quirk that a real server (or a proxy in front of one) plausibly has is a switch in
 * {@link Quirks}; with none set the server answers as the docs say.
 *
 * Requests planted by `custom_id`: containing `fail` -> the request ran and got a 400 (the error
 * in the body, `error: null`, in the error file); `boom` -> an error line `{code, message}`;
 * `expire` -> never runs when the batch expires (`endAs: "expired"`); anything else succeeds with
 * a chat completion. A cancelled batch runs the first half of its requests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { gzipSync } from "node:zlib"

export type Vendor = "openai" | "respan" | "neosantara"

export interface Quirks {
  /** Timestamps as unix seconds with a fraction (`1711471533.25`), as a Python `time.time()` server writes them. */
  readonly floatTimestamps?: boolean
  /** How an optional field that is not set is written: `null` (default), left out, or the `{}` placeholder. */
  readonly unset?: "null" | "missing" | "placeholder"
  /** Sends `usage` on the batch (default true for openai). */
  readonly usage?: boolean
  /** Unknown fields on every object: batches, files, lists, result lines, responses. */
  readonly extraFields?: boolean
  /** Status strings in another spelling: `IN_PROGRESS`, `In-Progress`. */
  readonly statusCase?: "lower" | "upper" | "kebabTitle"
  /** Result lines: unknown fields, `response.body` as a JSON string, `error` as a plain string, lines shuffled. */
  readonly lines?: {
    readonly extraFields?: boolean
    readonly bodyAsString?: boolean
    readonly errorAsString?: boolean
    readonly shuffle?: boolean
  }
  /** Output and error files: `\r\n` line ends, no newline after the last line, a UTF-8 BOM first. */
  readonly crlf?: boolean
  readonly noTrailingNewline?: boolean
  readonly bom?: boolean
  /** File content gzip'd with `content-encoding: gzip`. */
  readonly gzip?: boolean
  /** File content as `application/octet-stream` (default `application/jsonl`). */
  readonly octetStream?: boolean
  /** File content written a few bytes at a time (a UTF-8 character split across chunks). */
  readonly tinyChunks?: boolean
  /** `error_file_id` set, but that file is gone (404); or `output_file_id` gone. */
  readonly errorFileMissing?: boolean
  readonly outputFileMissing?: boolean
  /** `error_file_id` set on a batch with no failures: an empty file. */
  readonly emptyErrorFile?: boolean
  /** Every Nth batch retrieve answers 429 with `retry-after: 1`. */
  readonly rateLimitEvery?: number
  /** The first upload answers 500. */
  readonly failFirstUpload?: boolean
  /** An upload sent with `transfer-encoding: chunked` gets 411 Length Required. */
  readonly rejectChunked?: boolean
  /** The multipart form must carry `purpose` before `file` (a streaming parser), or `file` first. */
  readonly multipartOrder?: "any" | "purposeFirst" | "fileFirst"
  /** Every GET is first answered 307 to the same path under `/moved` (same origin). */
  readonly redirectGets?: boolean
  /** Error bodies as plain text or HTML (a proxy's) instead of the vendor's JSON. */
  readonly errorBody?: "json" | "text" | "html"
  /** The file list: without `first_id` / `last_id`; without `has_more`. */
  readonly fileListCursors?: boolean
  readonly fileListHasMore?: boolean
  /** How a batch ends when not cancelled. */
  readonly endAs?: "completed" | "expired" | "failed"
  /** Time in each of validating, in_progress and finalizing, in ms (default 100). */
  readonly stepMs?: number
  /** Time a cancel stays `cancelling`, in ms (default 300). */
  readonly cancelMs?: number
  /** The cancel answer: the whole batch, or a partial object (Neosantara's default). */
  readonly cancelAnswer?: "full" | "partial"
  /** JSON answers with this content type instead of `application/json`. */
  readonly jsonContentType?: string
  /** Output and error file content cut off halfway (the connection dropped), with or without a content-length. */
  readonly truncateContent?: "length" | "chunked"
  /** File ids as a LiteLLM-style proxy writes them: base64 with `=` padding. */
  readonly base64FileIds?: boolean
  /** Timestamps as ISO strings (not what the family documents). */
  readonly isoTimestamps?: boolean
}

interface StoredFile {
  readonly id: string
  readonly bytes: Buffer
  readonly filename: string
  readonly purpose: string
  readonly createdAt: number
}

interface InputRequest {
  readonly customId: string
  readonly url: string
  readonly body: Record<string, unknown>
}

interface StoredBatch {
  readonly id: string
  readonly endpoint: string
  readonly inputFileId: string
  readonly completionWindow: string
  readonly metadata: Record<string, string> | null
  readonly requests: ReadonlyArray<InputRequest>
  readonly createdAt: number
  cancelledAt: number | null
  outputFileId: string | null
  errorFileId: string | null
  finishedAs: string | null
}

export interface Upload {
  readonly chunked: boolean
  readonly contentLength: string | undefined
  readonly partOrder: ReadonlyArray<string>
  readonly status: number
}

export interface HeldOutServer {
  readonly vendor: Vendor
  readonly baseUrl: string
  readonly apiKey: string
  /** Every request seen: method and path (query included). */
  readonly requests: Array<string>
  readonly uploads: Array<Upload>
  readonly close: () => Promise<void>
}

const prefixOf = (vendor: Vendor) => (vendor === "respan" ? "/api/v1" : "/v1")

const keyVariable: Record<Vendor, string> = {
  openai: "OPENAI_API_KEY",
  respan: "RESPAN_API_KEY",
  neosantara: "NEOSANTARA_API_KEY"
}

export const keyEnv = (vendor: Vendor, key: string) => ({ [keyVariable[vendor]]: key })

const randomPart = () => Math.random().toString(36).slice(2, 12)

export const start = (vendor: Vendor, quirks: Quirks = {}, apiKey = "sk-heldout-KEY-777"): Promise<HeldOutServer> => {
  const files = new Map<string, StoredFile>()
  const batches = new Map<string, StoredBatch>()
  const requests: Array<string> = []
  const uploads: Array<Upload> = []
  let retrieves = 0
  let uploadsSeen = 0
  const prefix = prefixOf(vendor)
  const slash = vendor === "respan" ? "/" : ""
  const stepMs = quirks.stepMs ?? 100
  const cancelMs = quirks.cancelMs ?? 300
  const unset = quirks.unset ?? "null"
  const nowSeconds = () => Date.now() / 1000
  const fileId = (prefix: string) =>
    quirks.base64FileIds ? `${prefix}${Buffer.from(`litellm:custom_llm_provider:openai;id:${randomPart()}`).toString("base64url")}==` : `${prefix}${randomPart()}`

  // -------------------------------------------------------------------------------------------
  // Writing
  // -------------------------------------------------------------------------------------------

  const time = (seconds: number | null): unknown =>
    seconds === null ? null : quirks.isoTimestamps ? new Date(seconds * 1000).toISOString() : quirks.floatTimestamps ? Math.round(seconds * 1000) / 1000 + 0.0005 : Math.floor(seconds)

  /** An object with its unset fields written the configured way. */
  const withUnset = (object: Record<string, unknown>, optional: ReadonlyArray<string>): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(object)) {
      if (value === null && optional.includes(key)) {
        if (unset === "missing") continue
        out[key] = unset === "placeholder" ? {} : null
      } else out[key] = value
    }
    return out
  }

  const spelled = (status: string): string => {
    if (quirks.statusCase === "upper") return status.toUpperCase()
    if (quirks.statusCase === "kebabTitle") return status.split("_").map((word) => word[0]!.toUpperCase() + word.slice(1)).join("-")
    if (vendor === "neosantara" && status === "cancelled") return "canceled"
    return status
  }

  const extra = (kind: string) => (quirks.extraFields ? { [`x_${kind}_trace`]: { region: "eu", hops: [1, 2] }, priority: 3 } : {})

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body)
    response.writeHead(status, { "content-type": quirks.jsonContentType ?? "application/json", "x-request-id": `req_${randomPart()}`, ...headers })
    response.end(text)
  }

  const fail = (response: ServerResponse, status: number, message: string, type: string, code: string | null = null, headers: Record<string, string> = {}) => {
    if (quirks.errorBody === "text") {
      response.writeHead(status, { "content-type": "text/plain", ...headers })
      return response.end(`${status} ${message}`)
    }
    if (quirks.errorBody === "html") {
      response.writeHead(status, { "content-type": "text/html", ...headers })
      return response.end(`<html><head><title>${status}</title></head><body><h1>${status}</h1><p>${message}</p></body></html>`)
    }
    send(response, status, { error: { message, type, param: null, code } }, headers)
  }

  // -------------------------------------------------------------------------------------------
  // The lifecycle
  // -------------------------------------------------------------------------------------------

  /** Where a batch is now: the status and the times it passed each step. */
  const stateOf = (batch: StoredBatch) => {
    const now = nowSeconds()
    const at = (steps: number) => batch.createdAt + (steps * stepMs) / 1000
    const reached = (steps: number) => (now >= at(steps) ? at(steps) : null)
    if (batch.cancelledAt !== null) {
      const done = now >= batch.cancelledAt + cancelMs / 1000
      return {
        status: done ? "cancelled" : "cancelling",
        inProgressAt: reached(1),
        finalizingAt: null,
        endedAt: done ? batch.cancelledAt + cancelMs / 1000 : null
      }
    }
    const inProgressAt = reached(1)
    const finalizingAt = reached(2)
    const endedAt = reached(3)
    const status = endedAt !== null ? (quirks.endAs ?? "completed") : finalizingAt !== null ? "finalizing" : inProgressAt !== null ? "in_progress" : "validating"
    return { status, inProgressAt, finalizingAt, endedAt }
  }

  const chatCompletion = (request: InputRequest, index: number) => ({
    id: `chatcmpl-${index}`,
    object: "chat.completion",
    created: 1711471533,
    model: String(request.body.model ?? "gpt-4o-mini"),
    choices: [{ index: 0, message: { role: "assistant", content: `answer to ${request.customId}: ünïcødé ✓ 日本語` }, finish_reason: "stop" }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }
  })

  /** What happened to each request once the batch ended. */
  const outcomes = (batch: StoredBatch, status: string) =>
    batch.requests.map((request, index) => {
      if (status === "cancelled" && index >= Math.ceil(batch.requests.length / 2)) return { request, index, kind: "cancelled" as const }
      if (status === "expired" && request.customId.includes("expire")) return { request, index, kind: "expired" as const }
      if (request.customId.includes("boom")) return { request, index, kind: "error" as const }
      if (request.customId.includes("fail")) return { request, index, kind: "http400" as const }
      return { request, index, kind: "ok" as const }
    })

  const lineOf = (entry: ReturnType<typeof outcomes>[number]): Record<string, unknown> => {
    const { index, kind, request } = entry
    const id = `batch_req_${index}_${randomPart()}`
    const extraLine = quirks.lines?.extraFields ? { x_latency_ms: 12.5, attempt: 1 } : {}
    const response = (statusCode: number, body: Record<string, unknown>) => ({
      status_code: statusCode,
      request_id: `req_${index}`,
      body: quirks.lines?.bodyAsString ? JSON.stringify(body) : body,
      ...(quirks.lines?.extraFields ? { headers: { "x-ratelimit-remaining": "99" } } : {})
    })
    const errorLine = (code: string, message: string) => ({
      id,
      custom_id: request.customId,
      response: null,
      error: quirks.lines?.errorAsString ? message : { code, message },
      ...extraLine
    })
    switch (kind) {
      case "ok":
        return { id, custom_id: request.customId, response: response(200, chatCompletion(request, index)), error: null, ...extraLine }
      case "http400":
        return {
          id,
          custom_id: request.customId,
          response: response(400, { error: { message: `bad request ${request.customId}`, type: "invalid_request_error", param: null, code: "invalid_value" } }),
          error: null,
          ...extraLine
        }
      case "error":
        return errorLine("server_error", `the model crashed on ${request.customId}`)
      case "expired":
        return errorLine("batch_expired", "This request could not be executed before the completion window expired.")
      case "cancelled":
        return errorLine("batch_cancelled", "This request was not executed because the batch was cancelled.")
    }
  }

  const storeFile = (id: string, purpose: string, filename: string, bytes: Buffer): StoredFile => {
    const file = { id, bytes, filename, purpose, createdAt: nowSeconds() }
    files.set(id, file)
    return file
  }

  const jsonl = (lines: ReadonlyArray<unknown>): Buffer => {
    const eol = quirks.crlf ? "\r\n" : "\n"
    let text = lines.map((line) => JSON.stringify(line)).join(eol)
    if (lines.length > 0 && !quirks.noTrailingNewline) text += eol
    if (quirks.bom && text.length > 0) text = "\uFEFF" + text
    return Buffer.from(text, "utf8")
  }

  /** Writes the output and error files the first time the batch is seen ended. */
  const finish = (batch: StoredBatch, status: string) => {
    if (batch.finishedAs !== null) return
    batch.finishedAs = status
    // A batch that failed validation ran nothing and has no files.
    if (status === "failed") return
    const all = outcomes(batch, status)
    const output = all.filter((entry) => entry.kind === "ok").map(lineOf)
    const errors = all.filter((entry) => entry.kind !== "ok").map(lineOf)
    const shuffled = (lines: Array<Record<string, unknown>>) => (quirks.lines?.shuffle ? lines.reverse() : lines)
    if (output.length > 0) {
      batch.outputFileId = fileId("file-out")
      if (!quirks.outputFileMissing) storeFile(batch.outputFileId, "batch_output", "batch_output.jsonl", jsonl(shuffled(output)))
    }
    if (errors.length > 0 || quirks.emptyErrorFile) {
      batch.errorFileId = fileId("file-err")
      if (!quirks.errorFileMissing) storeFile(batch.errorFileId, "batch_output", "batch_errors.jsonl", jsonl(shuffled(errors)))
    }
  }

  const batchJson = (batch: StoredBatch): Record<string, unknown> => {
    const state = stateOf(batch)
    const ended = state.endedAt !== null
    if (ended) finish(batch, state.status)
    const all = ended ? outcomes(batch, state.status) : []
    const failed = all.filter((entry) => entry.kind !== "ok" && entry.kind !== "cancelled" && entry.kind !== "expired").length
    const total = batch.requests.length
    const completed = ended ? all.filter((entry) => entry.kind === "ok").length : state.status === "in_progress" ? Math.floor(total / 2) : 0
    const optional = [
      "output_file_id", "error_file_id", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
      "cancelling_at", "cancelled_at", "errors", "metadata", "model", "usage"
    ]
    const showUsage = quirks.usage ?? vendor === "openai"
    return {
      ...withUnset({
        id: batch.id,
        object: "batch",
        endpoint: batch.endpoint,
        errors: state.status === "failed"
          ? { object: "list", data: [{ code: "invalid_request", message: "The model gpt-4o-mini is not available for batch.", param: "body.model", line: 1 }] }
          : null,
        input_file_id: batch.inputFileId,
        completion_window: batch.completionWindow,
        status: spelled(state.status),
        output_file_id: ended ? batch.outputFileId : null,
        error_file_id: ended ? batch.errorFileId : null,
        created_at: time(batch.createdAt),
        in_progress_at: time(state.inProgressAt),
        expires_at: time(batch.createdAt + 86_400),
        finalizing_at: time(state.finalizingAt),
        completed_at: state.status === "completed" ? time(state.endedAt) : null,
        failed_at: state.status === "failed" ? time(state.endedAt) : null,
        expired_at: state.status === "expired" ? time(state.endedAt) : null,
        cancelling_at: time(batch.cancelledAt),
        cancelled_at: state.status === "cancelled" ? time(state.endedAt) : null,
        request_counts: { total, completed, failed },
        metadata: batch.metadata,
        model: showUsage ? "gpt-4o-mini-2024-07-18" : null,
        usage: showUsage && ended
          ? { input_tokens: 10 * total, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5 * total, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 * total }
          : null
      }, optional),
      ...extra("batch")
    }
  }

  const fileJson = (file: StoredFile): Record<string, unknown> => ({
    ...withUnset({
      id: file.id,
      object: "file",
      bytes: file.bytes.length,
      created_at: time(file.createdAt),
      expires_at: vendor === "openai" ? time(file.createdAt + 30 * 86_400) : null,
      filename: file.filename,
      purpose: file.purpose,
      status: vendor === "neosantara" ? "uploaded" : "processed",
      status_details: null
    }, ["expires_at", "status_details"]),
    ...extra("file")
  })

  // -------------------------------------------------------------------------------------------
  // Reading requests
  // -------------------------------------------------------------------------------------------

  const readBody = (request: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => resolve(Buffer.concat(chunks)))
      request.on("error", reject)
    })

  interface Part {
    readonly name: string
    readonly filename: string | undefined
    readonly data: Buffer
  }

  /** A multipart/form-data body, parsed from the bytes (RFC 7578), parts in the order sent. */
  const parseMultipart = (contentType: string, body: Buffer): Array<Part> | string => {
    const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
    if (match === null) return "no multipart boundary"
    const boundary = Buffer.from(`--${match[1] ?? match[2]!.trim()}`)
    const parts: Array<Part> = []
    let position = body.indexOf(boundary)
    if (position === -1) return "boundary not found"
    for (;;) {
      position += boundary.length
      if (body.subarray(position, position + 2).toString() === "--") return parts
      position += 2 // CRLF
      const headersEnd = body.indexOf("\r\n\r\n", position)
      if (headersEnd === -1) return "unterminated part headers"
      const headers = body.subarray(position, headersEnd).toString("utf8")
      const next = body.indexOf(boundary, headersEnd + 4)
      if (next === -1) return "unterminated part"
      const data = body.subarray(headersEnd + 4, next - 2)
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? ""
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
      if (name === undefined) return "a part without a name"
      parts.push({ name, filename, data })
      position = next
    }
  }

  const inputRequests = (bytes: Buffer): Array<InputRequest> | string => {
    const text = bytes.toString("utf8")
    const out: Array<InputRequest> = []
    const ids = new Set<string>()
    const lines = text.split("\n")
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!.replace(/\r$/, "")
      if (line.trim() === "") continue
      let value: any
      try {
        value = JSON.parse(line)
      } catch {
        return `line ${index + 1} is not valid JSON`
      }
      if (typeof value?.custom_id !== "string" || value.method !== "POST" || typeof value.url !== "string" || typeof value.body !== "object") {
        return `line ${index + 1} is not a batch request line`
      }
      if (ids.has(value.custom_id)) return `line ${index + 1}: duplicate custom_id ${value.custom_id}`
      ids.add(value.custom_id)
      out.push({ customId: value.custom_id, url: value.url, body: value.body })
    }
    return out.length === 0 ? "the file has no requests" : out
  }

  // -------------------------------------------------------------------------------------------
  // Routes
  // -------------------------------------------------------------------------------------------

  const authorized = (request: IncomingMessage): boolean =>
    vendor === "neosantara" ? request.headers["x-api-key"] === apiKey : request.headers.authorization === `Bearer ${apiKey}`

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost")
    const method = request.method ?? "GET"
    requests.push(`${method} ${url.pathname}${url.search}`)
    let path = url.pathname
    if (quirks.redirectGets && method === "GET" && !path.startsWith("/moved/")) {
      response.writeHead(307, { location: `/moved${path}${url.search}` })
      return response.end()
    }
    if (path.startsWith("/moved/")) path = path.slice("/moved".length)
    if (!authorized(request)) {
      return fail(response, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
    }
    if (!path.startsWith(prefix + "/")) return fail(response, 404, `no route ${path}`, "invalid_request_error")
    const route = path.slice(prefix.length)
    // Respan answers on slashed paths only; the others on unslashed ones.
    if (vendor === "respan" ? !route.endsWith("/") : route.endsWith("/")) {
      return fail(response, 404, `no route ${path}`, "invalid_request_error")
    }
    const parts = route.split("/").filter((part) => part !== "")

    if (parts[0] === "files" && parts.length === 1 && method === "POST") return upload(request, response)
    if (parts[0] === "files" && parts.length === 1 && method === "GET") return listFiles(url, response)
    if (parts[0] === "files" && parts.length === 2 && method === "GET") {
      const file = files.get(decodeURIComponent(parts[1]!))
      return file === undefined ? fail(response, 404, "No such file", "invalid_request_error", "file_not_found") : send(response, 200, fileJson(file))
    }
    if (parts[0] === "files" && parts.length === 3 && parts[2] === "content" && method === "GET") {
      const file = files.get(decodeURIComponent(parts[1]!))
      return file === undefined ? fail(response, 404, "No such file", "invalid_request_error", "file_not_found") : content(file, response)
    }
    if (parts[0] === "batches" && parts.length === 1 && method === "POST") return create(request, response)
    if (parts[0] === "batches" && parts.length === 2 && method === "GET") {
      const batch = batches.get(decodeURIComponent(parts[1]!))
      if (batch === undefined) return fail(response, 404, "No such batch", "invalid_request_error", "batch_not_found")
      retrieves++
      if (quirks.rateLimitEvery !== undefined && retrieves % quirks.rateLimitEvery === 0) {
        return fail(response, 429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", { "retry-after": "1" })
      }
      return send(response, 200, batchJson(batch))
    }
    if (parts[0] === "batches" && parts.length === 3 && parts[2] === "cancel" && method === "POST") {
      const batch = batches.get(decodeURIComponent(parts[1]!))
      if (batch === undefined) return fail(response, 404, "No such batch", "invalid_request_error", "batch_not_found")
      const state = stateOf(batch)
      if (state.endedAt !== null) return fail(response, 400, `Cannot cancel a batch that is ${state.status}.`, "invalid_request_error")
      if (batch.cancelledAt === null) batch.cancelledAt = nowSeconds()
      const full = batchJson(batch)
      const partial = quirks.cancelAnswer === "partial" || (quirks.cancelAnswer === undefined && vendor === "neosantara")
      return send(
        response,
        200,
        partial
          ? { id: full.id, object: "batch", endpoint: full.endpoint, status: full.status, cancelled_at: time(nowSeconds()), request_counts: full.request_counts }
          : full
      )
    }
    return fail(response, 404, `no route ${method} ${path}`, "invalid_request_error")
  }

  const upload = async (request: IncomingMessage, response: ServerResponse) => {
    const chunked = /chunked/i.test(request.headers["transfer-encoding"] ?? "")
    const contentLength = request.headers["content-length"]
    const body = await readBody(request)
    const record = (status: number, partOrder: ReadonlyArray<string> = []) => uploads.push({ chunked, contentLength, partOrder, status })
    uploadsSeen++
    if (quirks.rejectChunked && chunked) {
      record(411)
      return fail(response, 411, "Length Required: uploads need a content-length", "invalid_request_error")
    }
    if (quirks.failFirstUpload && uploadsSeen === 1) {
      record(500)
      return fail(response, 500, "The server had an error while processing your request.", "server_error")
    }
    const parsed = parseMultipart(request.headers["content-type"] ?? "", body)
    if (typeof parsed === "string") {
      record(400)
      return fail(response, 400, `bad multipart body: ${parsed}`, "invalid_request_error")
    }
    const order = parsed.map((part) => part.name)
    record(200, order)
    const purposeIndex = order.indexOf("purpose")
    const fileIndex = order.indexOf("file")
    if (purposeIndex === -1 || fileIndex === -1) {
      uploads[uploads.length - 1] = { chunked, contentLength, partOrder: order, status: 400 }
      return fail(response, 400, "Missing file or purpose", "invalid_request_error", "missing_file")
    }
    if (quirks.multipartOrder === "purposeFirst" && purposeIndex > fileIndex) {
      uploads[uploads.length - 1] = { chunked, contentLength, partOrder: order, status: 400 }
      return fail(response, 400, "purpose must come before file", "invalid_request_error")
    }
    if (quirks.multipartOrder === "fileFirst" && fileIndex > purposeIndex) {
      uploads[uploads.length - 1] = { chunked, contentLength, partOrder: order, status: 400 }
      return fail(response, 400, "file must come before purpose", "invalid_request_error")
    }
    const purpose = parsed[purposeIndex]!.data.toString("utf8")
    const allowed = vendor === "neosantara" ? ["batch", "assistants", "fine-tune"] : ["batch", "assistants", "fine-tune", "vision", "user_data"]
    if (!allowed.includes(purpose)) return fail(response, 400, `Invalid purpose ${purpose}`, "invalid_request_error")
    const filePart = parsed[fileIndex]!
    if (purpose === "batch") {
      const checked = inputRequests(filePart.data)
      if (typeof checked === "string") return fail(response, 400, `Invalid batch input file: ${checked}`, "invalid_request_error")
    }
    const file = storeFile(fileId("file-"), purpose, filePart.filename ?? "upload.jsonl", filePart.data)
    return send(response, 200, fileJson(file))
  }

  const listFiles = (url: URL, response: ServerResponse) => {
    const purpose = url.searchParams.get("purpose")
    const limit = Number(url.searchParams.get("limit") ?? "10000")
    const after = url.searchParams.get("after")
    let all = [...files.values()].filter((file) => purpose === null || file.purpose === purpose)
    if (after !== null) all = all.slice(all.findIndex((file) => file.id === after) + 1)
    const page = all.slice(0, limit)
    const data = page.map(fileJson)
    const cursors = quirks.fileListCursors ?? vendor !== "neosantara"
    send(response, 200, {
      object: "list",
      data,
      ...(cursors ? { first_id: page[0]?.id ?? null, last_id: page.at(-1)?.id ?? null } : {}),
      ...(quirks.fileListHasMore === false ? {} : { has_more: all.length > page.length }),
      ...extra("list")
    })
  }

  const content = async (file: StoredFile, response: ServerResponse) => {
    const bytes = quirks.gzip ? gzipSync(file.bytes) : file.bytes
    const headers: Record<string, string> = {
      "content-type": quirks.octetStream ? "application/octet-stream" : "application/jsonl"
    }
    if (quirks.gzip) headers["content-encoding"] = "gzip"
    const cut = quirks.truncateContent !== undefined && file.purpose === "batch_output"
    if (!quirks.tinyChunks && quirks.truncateContent !== "chunked") headers["content-length"] = String(bytes.length)
    response.writeHead(200, headers)
    if (cut) {
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)))
      await new Promise((resolve) => setTimeout(resolve, 20))
      response.socket?.destroy()
      return
    }
    if (!quirks.tinyChunks) return response.end(bytes)
    for (let offset = 0; offset < bytes.length; offset += 5) {
      response.write(bytes.subarray(offset, offset + 5))
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    response.end()
  }

  const create = async (request: IncomingMessage, response: ServerResponse) => {
    let body: any
    try {
      body = JSON.parse((await readBody(request)).toString("utf8"))
    } catch {
      return fail(response, 400, "We could not parse the JSON body of your request.", "invalid_request_error")
    }
    const file = files.get(body?.input_file_id)
    if (file === undefined) return fail(response, 400, `No such file: ${body?.input_file_id}`, "invalid_request_error", "file_not_found")
    const endpoints = vendor === "respan"
      ? ["/v1/chat/completions"]
      : vendor === "neosantara"
      ? ["/v1/chat/completions", "/v1/embeddings", "/v1/responses"]
      : ["/v1/responses", "/v1/chat/completions", "/v1/embeddings", "/v1/completions", "/v1/moderations"]
    if (!endpoints.includes(body.endpoint)) return fail(response, 400, `Invalid endpoint ${body.endpoint}`, "invalid_request_error")
    if (body.completion_window !== "24h") return fail(response, 400, `Invalid completion_window ${body.completion_window}`, "invalid_request_error")
    const checked = inputRequests(file.bytes)
    if (typeof checked === "string") return fail(response, 400, checked, "invalid_request_error")
    if (checked.some((line) => line.url !== body.endpoint)) return fail(response, 400, "every line's url must be the batch's endpoint", "invalid_request_error")
    const id = `${vendor === "neosantara" ? "batch-" : "batch_"}${randomPart()}`
    const batch: StoredBatch = {
      id,
      endpoint: body.endpoint,
      inputFileId: file.id,
      completionWindow: body.completion_window,
      metadata: body.metadata ?? null,
      requests: checked,
      createdAt: nowSeconds(),
      cancelledAt: null,
      outputFileId: null,
      errorFileId: null,
      finishedAs: null
    }
    batches.set(id, batch)
    send(response, 200, batchJson(batch))
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" })
      response.end(`held-out server bug: ${error instanceof Error ? error.stack : String(error)}`)
    })
  })
  void slash
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        vendor,
        baseUrl: `http://127.0.0.1:${port}${prefix}`,
        apiKey,
        requests,
        uploads,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}
