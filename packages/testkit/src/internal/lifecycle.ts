/**
 * The lifecycle half of the fake server: uploaded files, batches created from them, their state
 * over time, and the output and error files they end with. Driven by `definition.lifecycle` and
 * the profile's `lifecycle` answers (the OpenAI family's where a profile gives none); it has no
 * code of its own for any vendor.
 *
 * Time: a created batch is `validating` for the first tenth of `batchDurationMs`, `in_progress`
 * until eight tenths (its requests finishing one by one, in a shuffled order), `finalizing` until
 * the end, then `completed`. A batch with a request whose `customId` contains `expire` never
 * finalizes: it ends `expired`. A cancel makes it `cancelling` for a quarter of the duration, then
 * `cancelled`. Every state is computed on read from the clock; nothing runs in the background.
 */
import {
  type FakeBatch,
  type FakeFile,
  type FakeLifecycleProblem,
  type FakeRequest,
  type FakeResult,
  type FakeStatus,
  lifecycleProblemMessage,
  lifecycleProblemStatus
} from "@unibatch/core/FakeServerProfile"
import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"
import type { InlineRequests, Lifecycle } from "@unibatch/core/VendorDefinition"
import type * as Http from "node:http"
import type { ServedVendor } from "../FakeVendor.js"
import * as Multipart from "./multipart.js"
import { json, type Reply } from "./reply.js"

export type LifecycleVendor = ServedVendor & { readonly lifecycle: Lifecycle }

export interface LifecycleOptions {
  readonly vendor: LifecycleVendor
  readonly batchDurationMs: number
  readonly now: () => number
  readonly seed: number
  /** The IDs of the generated batches, which a created batch must not reuse. */
  readonly isTaken: (id: string) => boolean
  /** The generated batches, whose input, output and error files are served by id. */
  readonly generated: ReadonlyArray<FakeBatch>
  /** Where the server serves a batch's results, for a vendor with a results path. */
  readonly resultsUrl: (id: string) => string | undefined
}

const DAY_MS = 86_400_000
/** Batch files expire after 30 days, as OpenAI documents. */
const FILE_LIFETIME_MS = 30 * DAY_MS
const MAX_CREATE_BODY_BYTES = 1024 * 1024

/** FNV-1a: a small deterministic number from a string. */
export const hash32 = (text: string): number => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
const MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/** `length` characters of `alphabet`, drawn from `seed` (mulberry32). */
const characters = (seed: number, length: number, alphabet: string): string => {
  let state = seed >>> 0
  let text = ""
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    text += alphabet[(((t ^ (t >>> 14)) >>> 0) % alphabet.length)]
  }
  return text
}

/** A deterministic permutation of `0..count-1` (Fisher-Yates on mulberry32). */
const shuffled = (count: number, seed: number): Array<number> => {
  const order = Array.from({ length: count }, (_, index) => index)
  let state = seed >>> 0
  for (let index = count - 1; index > 0; index--) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    const other = (((t ^ (t >>> 14)) >>> 0) % (index + 1))
    const held = order[index]!
    order[index] = order[other]!
    order[other] = held
  }
  return order
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Calls `visit` for every non-blank line of the chunks (1-based numbers); stops when it returns false. */
const forEachLine = (chunks: ReadonlyArray<Buffer>, visit: (text: string, line: number) => boolean): void => {
  let pieces: Array<Buffer> = []
  let line = 0
  const emit = (buffer: Buffer, start: number, end: number): boolean => {
    line += 1
    let text: string
    if (pieces.length === 0) {
      text = buffer.toString("utf8", start, end)
    } else {
      pieces.push(buffer.subarray(start, end))
      text = Buffer.concat(pieces).toString("utf8")
      pieces = []
    }
    return text.trim() === "" ? true : visit(text.endsWith("\r") ? text.slice(0, -1) : text, line)
  }
  for (const chunk of chunks) {
    let start = 0
    let newline = chunk.indexOf(0x0a, start)
    while (newline !== -1) {
      if (!emit(chunk, start, newline)) return
      start = newline + 1
      newline = chunk.indexOf(0x0a, start)
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start))
  }
  if (pieces.length > 0) emit(Buffer.alloc(0), 0, 0)
}

interface StoredFile {
  readonly id: string
  readonly bytes: number
  readonly filename: string
  readonly purpose: string
  readonly createdAtMs: number
  readonly chunks: ReadonlyArray<Buffer>
  /** Input files: the requests' custom IDs in order, the first line of each URL, the first model. */
  readonly input?: {
    readonly customIds: ReadonlyArray<string>
    readonly urls: ReadonlyMap<string, number>
    readonly model: string | null
  }
  /** Insertion order, to break ties of `createdAtMs`. */
  readonly sequence: number
}

interface CreatedBatch {
  readonly id: string
  readonly sequence: number
  readonly endpoint: string
  readonly inputFileId: string
  readonly completionWindow: string
  readonly metadata: Readonly<Record<string, string>>
  readonly model: string
  readonly createdAtMs: number
  readonly expiresAtMs: number
  readonly customIds: ReadonlyArray<string>
  /** Indices of the requests in the order they run (expiring ones included, never run). */
  readonly order: ReadonlyArray<number>
  readonly runnable: number
  readonly placeholders: boolean
  cancelAtMs: number | null
  outputFileId: string | null
  errorFileId: string | null
  settled: boolean
}

interface BatchState {
  readonly status: FakeStatus
  readonly validated: boolean
  /** How many runnable requests have finished, in run order. */
  readonly done: number
  readonly inProgressAtMs: number | null
  readonly finalizingAtMs: number | null
  readonly completedAtMs: number | null
  readonly expiredAtMs: number | null
  readonly cancellingAtMs: number | null
  readonly cancelledAtMs: number | null
  /** When the batch ended, or `null` while it runs. */
  readonly endedAtMs: number | null
}

const TERMINAL: ReadonlySet<FakeStatus> = new Set(["completed", "failed", "expired", "cancelled"])

const isPlanted = (customId: string, word: "fail" | "expire"): boolean => customId.includes(word)

const windowMs = (window: string): number => {
  const match = /^(\d+)\s*([hd])$/.exec(window)
  if (match === null) return DAY_MS
  return Number(match[1]) * (match[2] === "d" ? DAY_MS : 3_600_000)
}

/** The wire names of an input line's fields, read off the definition's own `requestLine`. */
const lineFields = (lifecycle: Lifecycle) => {
  const line = lifecycle.requestLine(
    { customId: "\u0000customId", method: "\u0000method", url: "\u0000url", body: "\u0000body" },
    "\u0000endpoint"
  )
  const nameOf = (sentinel: string): string | undefined => Object.keys(line).find((key) => line[key] === sentinel)
  return { customId: nameOf("\u0000customId") ?? "custom_id", method: nameOf("\u0000method"), url: nameOf("\u0000url"), body: nameOf("\u0000body") }
}

export interface LifecycleServer {
  readonly upload: (request: Http.IncomingMessage, headers: Record<string, string>) => Promise<Reply>
  readonly create: (request: Http.IncomingMessage) => Promise<Reply>
  /** `undefined` when no created batch has that ID. */
  readonly cancel: (id: string) => Reply | undefined
  /** The wire object of a created batch, or `undefined`. */
  readonly retrieve: (id: string) => Record<string, unknown> | undefined
  /** The created batches' wire objects, newest first. */
  readonly batches: () => ReadonlyArray<Record<string, unknown>>
  readonly listFiles: (query: URLSearchParams) => Reply
  readonly file: (id: string) => Reply
  readonly content: (id: string) => Reply
  /** An ended batch's result lines (output, then errors); `undefined` when no batch has that ID. */
  readonly results: (id: string) => Reply | undefined
}

export const make = (options: LifecycleOptions): LifecycleServer => {
  const { batchDurationMs: duration, now, vendor } = options
  const { lifecycle } = vendor
  const given = vendor.fakeServer.lifecycle
  const profile = {
    // Without lifecycle errors of its own, a refusal is the profile's error body for its status.
    error: given?.error ??
      ((issue: FakeLifecycleProblem) =>
        vendor.fakeServer.error({ _tag: "Fault", status: lifecycleProblemStatus(issue), message: lifecycleProblemMessage(issue) })),
    file: given?.file ?? OpenAiFamilyFake.fakeFile,
    responseBody: given?.responseBody ?? OpenAiFamilyFake.fakeResponseBody,
    resultLine: given?.resultLine ?? OpenAiFamilyFake.fakeResultLine,
    cancelAnswer: given?.cancelAnswer ?? vendor.fakeServer.batch
  }
  const cancelAnswer = profile.cancelAnswer
  const write = vendor.timestamps.write
  const fields = lineFields(lifecycle)
  const files = new Map<string, StoredFile>()
  const created: Array<CreatedBatch> = []
  const createdById = new Map<string, CreatedBatch>()
  let fileSequence = 0
  let batchSequence = 0

  const problem = (issue: FakeLifecycleProblem): Reply => json(lifecycleProblemStatus(issue), profile.error(issue))

  const newFileId = (): string => {
    let id: string
    do id = `file-${characters(hash32(`file:${options.seed}:${++fileSequence}`), 24, MIXED_ALNUM)}`
    while (files.has(id))
    return id
  }

  const newBatchId = (): string => {
    let id: string
    do id = `${vendor.ids.nativePrefix}${characters(hash32(`batch:${options.seed}:${++batchSequence}`), 24, LOWER_ALNUM)}`
    while (createdById.has(id) || options.isTaken(id))
    return id
  }

  const fakeFile = (file: StoredFile): FakeFile => ({
    id: file.id,
    bytes: file.bytes,
    filename: file.filename,
    purpose: file.purpose,
    createdAt: write(file.createdAtMs),
    expiresAt: write(file.createdAtMs + FILE_LIFETIME_MS)
  })

  // -------------------------------------------------------------------------------------------
  // Batch state over time
  // -------------------------------------------------------------------------------------------

  const stateOf = (batch: CreatedBatch, at: number): BatchState => {
    const start = batch.createdAtMs
    const validatedAt = start + duration * 0.1
    const finalizingAt = start + duration * 0.8
    const endAt = start + duration
    const expires = batch.runnable < batch.customIds.length
    const doneAt = (time: number): number => {
      if (time >= finalizingAt) return batch.runnable
      if (time < validatedAt) return 0
      return Math.floor(batch.runnable * (time - validatedAt) / (finalizingAt - validatedAt))
    }
    const cancelAt = batch.cancelAtMs
    if (cancelAt !== null) {
      const cancelledAt = cancelAt + duration / 4
      const cancelled = at >= cancelledAt
      return {
        status: cancelled ? "cancelled" : "cancelling",
        validated: cancelAt >= validatedAt,
        done: doneAt(cancelAt),
        inProgressAtMs: cancelAt >= validatedAt ? validatedAt : null,
        finalizingAtMs: !expires && cancelAt >= finalizingAt ? finalizingAt : null,
        completedAtMs: null,
        expiredAtMs: null,
        cancellingAtMs: cancelAt,
        cancelledAtMs: cancelled ? cancelledAt : null,
        endedAtMs: cancelled ? cancelledAt : null
      }
    }
    const validated = at >= validatedAt
    const base = {
      validated,
      done: doneAt(Math.min(at, endAt)),
      inProgressAtMs: validated ? validatedAt : null,
      finalizingAtMs: null,
      completedAtMs: null,
      expiredAtMs: null,
      cancellingAtMs: null,
      cancelledAtMs: null,
      endedAtMs: null
    }
    if (!validated) return { ...base, status: "validating" }
    if (expires) {
      return at >= endAt ? { ...base, status: "expired", expiredAtMs: endAt, endedAtMs: endAt } : { ...base, status: "in_progress" }
    }
    if (at < finalizingAt) return { ...base, status: "in_progress" }
    if (at < endAt) return { ...base, status: "finalizing", finalizingAtMs: finalizingAt }
    return { ...base, status: "completed", finalizingAtMs: finalizingAt, completedAtMs: endAt, endedAtMs: endAt }
  }

  /** Which run-order ranks have finished: failed or succeeded, by the planted words. */
  const counts = (batch: CreatedBatch, state: BatchState) => {
    // Before validation nothing is counted; a batch cancelled then still reports its requests, as
    // its error file holds one `batch_cancelled` line for each.
    if (!state.validated && state.endedAtMs === null) return { total: 0, completed: 0, failed: 0 }
    let failed = 0
    let rank = 0
    for (const index of batch.order) {
      const customId = batch.customIds[index]!
      if (isPlanted(customId, "expire")) continue
      if (rank >= state.done) break
      rank += 1
      if (isPlanted(customId, "fail")) failed += 1
    }
    return { total: batch.customIds.length, completed: state.done - failed, failed }
  }

  /** Writes the output and error files of a batch that has just ended. */
  const settle = (batch: CreatedBatch, state: BatchState): void => {
    if (batch.settled || state.endedAtMs === null) return
    batch.settled = true
    const input = files.get(batch.inputFileId) ?? generatedFile(batch.inputFileId)
    const createdAt = Math.floor(batch.createdAtMs / 1000)
    const notRunReason = state.status === "cancelled" ? "cancelled" as const : "expired" as const
    // The k-th failing request (input order) alternates between the two documented shapes.
    const failingOrdinal = new Map<number, number>()
    batch.customIds.forEach((customId, index) => {
      if (isPlanted(customId, "fail") && !isPlanted(customId, "expire")) failingOrdinal.set(index, failingOrdinal.size)
    })
    const ranks = new Map<number, number>()
    for (const index of batch.order) {
      if (!isPlanted(batch.customIds[index]!, "expire")) ranks.set(index, ranks.size)
    }
    const lineId = (customId: string) => `batch_req_${characters(hash32(`${batch.id}:${customId}`), 32, LOWER_ALNUM)}`
    const requestId = (customId: string) => `req_${characters(hash32(`request:${batch.id}:${customId}`), 32, LOWER_ALNUM)}`
    const results: Array<FakeResult | undefined> = new Array(batch.customIds.length)
    // Bodies are read again from the input file, so that a large input is held once.
    let index = 0
    forEachLine(input?.chunks ?? [], (text) => {
      const position = index++
      const customId = batch.customIds[position]!
      const rank = ranks.get(position)
      if (rank === undefined || rank >= state.done) {
        results[position] = { _tag: "NotRun", lineId: lineId(customId), customId, reason: notRunReason }
        return true
      }
      const ordinal = failingOrdinal.get(position)
      if (ordinal !== undefined) {
        results[position] = {
          _tag: "Failed",
          lineId: lineId(customId),
          customId,
          requestId: requestId(customId),
          statusCode: 400,
          code: "invalid_request",
          message: `Planted failure: the custom_id '${customId}' contains 'fail'.`,
          inBody: ordinal % 2 === 1
        }
        return true
      }
      const parsed = JSON.parse(text) as Record<string, unknown>
      const request: FakeRequest = {
        customId,
        endpoint: batch.endpoint,
        body: fields.body === undefined ? null : parsed[fields.body],
        seed: hash32(customId),
        createdAt
      }
      results[position] = {
        _tag: "Succeeded",
        lineId: lineId(customId),
        customId,
        requestId: requestId(customId),
        body: profile.responseBody(request)
      }
      return true
    })
    const output: Array<string> = []
    const errors: Array<string> = []
    for (const position of batch.order) {
      const result = results[position]
      if (result === undefined) continue
      ;(result._tag === "Succeeded" ? output : errors).push(JSON.stringify(profile.resultLine(result)))
    }
    const store = (lines: Array<string>, kind: "output" | "error"): string | null => {
      if (lines.length === 0) return null
      const content = Buffer.from(`${lines.join("\n")}\n`)
      const id = newFileId()
      files.set(id, {
        id,
        bytes: content.length,
        filename: `${batch.id}_${kind}.jsonl`,
        purpose: "batch_output",
        createdAtMs: state.endedAtMs!,
        chunks: [content],
        sequence: fileSequence
      })
      return id
    }
    batch.outputFileId = store(output, "output")
    batch.errorFileId = store(errors, "error")
  }

  /** The batch as the profile writes it, at the current time; its files written once it ends. */
  const fakeBatchOf = (batch: CreatedBatch, at: number): FakeBatch => {
    const state = stateOf(batch, at)
    settle(batch, state)
    const time = (ms: number | null): unknown => (ms === null ? null : write(ms))
    const requestCounts = counts(batch, state)
    const ended = state.endedAtMs !== null
    return {
      index: created.length - 1 - created.indexOf(batch),
      id: batch.id,
      status: state.status,
      endpoint: batch.endpoint,
      model: batch.model,
      completionWindow: batch.completionWindow,
      inputFileId: batch.inputFileId,
      outputFileId: batch.outputFileId,
      errorFileId: batch.errorFileId,
      createdAt: write(batch.createdAtMs),
      inProgressAt: time(state.inProgressAtMs),
      expiresAt: write(batch.expiresAtMs),
      finalizingAt: time(state.finalizingAtMs),
      completedAt: time(state.completedAtMs),
      failedAt: null,
      expiredAt: time(state.expiredAtMs),
      cancellingAt: time(state.cancellingAtMs),
      cancelledAt: time(state.cancelledAtMs),
      requestCounts,
      errors: [],
      metadata: batch.metadata,
      usage: ended
        ? {
          inputTokens: requestCounts.completed * 24,
          cachedInputTokens: 0,
          outputTokens: requestCounts.completed * 12,
          reasoningTokens: 0,
          totalTokens: requestCounts.completed * 36
        }
        : null,
      brief: false,
      placeholders: batch.placeholders,
      ...resultsUrlField(batch.id, ended)
    }
  }

  const resultsUrlField = (id: string, ended: boolean) => {
    const url = options.resultsUrl(id)
    return url === undefined ? {} : { resultsUrl: ended ? url : null }
  }

  const wire = (batch: CreatedBatch): Record<string, unknown> => vendor.fakeServer.batch(fakeBatchOf(batch, now()))

  /** Ends every batch whose time has come, so its files are listed. */
  const settleAll = (): void => {
    const at = now()
    for (const batch of created) if (!batch.settled) settle(batch, stateOf(batch, at))
  }

  // -------------------------------------------------------------------------------------------
  // Files
  // -------------------------------------------------------------------------------------------

  /** Checks an input file's lines; the summary, or the problem with the first bad line. */
  const readInput = (chunks: ReadonlyArray<Buffer>): StoredFile["input"] | FakeLifecycleProblem => {
    const customIds: Array<string> = []
    const lineOfCustomId = new Map<string, number>()
    const urls = new Map<string, number>()
    let model: string | null = null
    let issue: FakeLifecycleProblem | undefined
    const invalid = (line: number, message: string): false => {
      issue = { _tag: "InvalidFile", line, message: `Line ${line}: ${message}` }
      return false
    }
    forEachLine(chunks, (text, line) => {
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        return invalid(line, "not valid JSON.")
      }
      if (!isRecord(parsed)) return invalid(line, "a request line must be a JSON object.")
      const customId = parsed[fields.customId]
      if (typeof customId !== "string" || customId === "") {
        return invalid(line, `'${fields.customId}' is missing or not a non-empty string.`)
      }
      const earlier = lineOfCustomId.get(customId)
      if (earlier !== undefined) return invalid(line, `'${fields.customId}' '${customId}' is already used on line ${earlier}.`)
      if (fields.method !== undefined && typeof parsed[fields.method] !== "string") {
        return invalid(line, `'${fields.method}' is missing or not a string.`)
      }
      let url: string | undefined
      if (fields.url !== undefined) {
        const value = parsed[fields.url]
        if (typeof value !== "string") return invalid(line, `'${fields.url}' is missing or not a string.`)
        url = value
      }
      if (fields.body !== undefined && !isRecord(parsed[fields.body])) {
        return invalid(line, `'${fields.body}' is missing or not a JSON object.`)
      }
      if (customIds.length >= lifecycle.limits.maxRequests) {
        return invalid(line, `over ${lifecycle.limits.maxRequests} requests, the most one batch input file may hold.`)
      }
      lineOfCustomId.set(customId, line)
      customIds.push(customId)
      if (url !== undefined && !urls.has(url)) urls.set(url, line)
      if (model === null && fields.body !== undefined) {
        const value = (parsed[fields.body] as Record<string, unknown>)["model"]
        if (typeof value === "string") model = value
      }
      return true
    })
    if (issue !== undefined) return issue
    if (customIds.length === 0) return { _tag: "InvalidFile", line: null, message: "The file holds no requests." }
    return { customIds, urls, model }
  }

  const upload = (request: Http.IncomingMessage, headers: Record<string, string>): Promise<Reply> => {
    const boundary = Multipart.boundaryOf(headers["content-type"])
    if (boundary === undefined) {
      request.resume()
      return new Promise((resolve) => {
        request.once("end", () =>
          resolve(problem({ _tag: "MissingFile", message: "Expected a multipart/form-data body with a 'file' part." })))
        request.once("error", () => resolve(problem({ _tag: "MissingFile", message: "The upload was cut short." })))
      })
    }
    const maxBytes = lifecycle.limits.maxFileBytes
    const chunks: Array<Buffer> = []
    let fileBytes = 0
    let sawFile = false
    let filename = "upload.jsonl"
    let purpose: string | undefined
    let current: "file" | "purpose" | "other" = "other"
    let text = ""
    const reader = Multipart.reader(boundary, {
      onPart: (part) => {
        current = part.name === "file" ? "file" : part.name === "purpose" ? "purpose" : "other"
        if (current === "file") {
          sawFile = true
          if (part.filename !== null && part.filename !== "") filename = part.filename
        }
        text = ""
      },
      onData: (chunk) => {
        if (current === "file") {
          fileBytes += chunk.length
          // Over the limit: count on, keep nothing.
          if (fileBytes <= maxBytes) chunks.push(chunk)
          else chunks.length = 0
        } else if (current === "purpose" && text.length < 1024) {
          text += chunk.toString("utf8")
        }
      },
      onPartEnd: () => {
        if (current === "purpose") purpose = text
        current = "other"
      }
    })
    return new Promise((resolve) => {
      request.on("data", (chunk: Buffer) => reader.write(chunk))
      // An upload cut short (the client gave up) ends in an error or a bare close.
      const cutShort = () => resolve(problem({ _tag: "MissingFile", message: "The upload was cut short." }))
      request.once("error", cutShort)
      request.once("close", cutShort)
      request.once("end", () => {
        const broken = reader.end()
        if (broken !== undefined) return resolve(problem({ _tag: "MissingFile", message: `Malformed multipart body: ${broken}.` }))
        if (!sawFile) return resolve(problem({ _tag: "MissingFile", message: "No file was submitted: the form has no 'file' part." }))
        if (purpose !== lifecycle.filePurpose) {
          return resolve(problem({ _tag: "InvalidPurpose", purpose: purpose ?? "", expected: lifecycle.filePurpose }))
        }
        if (fileBytes > maxBytes) return resolve(problem({ _tag: "FileTooLarge", bytes: fileBytes, maxBytes }))
        const input = readInput(chunks)
        if (input !== undefined && "_tag" in input) return resolve(problem(input))
        const file: StoredFile = {
          id: newFileId(),
          bytes: fileBytes,
          filename,
          purpose,
          createdAtMs: now(),
          chunks,
          ...(input === undefined ? {} : { input }),
          sequence: fileSequence
        }
        files.set(file.id, file)
        resolve(json(200, profile.file(fakeFile(file))))
      })
    })
  }

  const listedFiles = (purpose: string | null): Array<StoredFile> =>
    [...files.values()]
      .filter((file) => purpose === null || file.purpose === purpose)
      .sort((left, right) => right.createdAtMs - left.createdAtMs || right.sequence - left.sequence)

  const listFiles = (query: URLSearchParams): Reply => {
    settleAll()
    const paging = lifecycle.filePaging
    const rawLimit = query.get(paging.limitParam)
    let limit = paging.defaultLimit
    if (rawLimit !== null) {
      const parsed = /^\d+$/.test(rawLimit.trim()) ? Number(rawLimit.trim()) : Number.NaN
      if (!(parsed >= 1 && parsed <= paging.maxLimit)) {
        return problem({
          _tag: "InvalidRequest",
          param: paging.limitParam,
          message: `Invalid '${paging.limitParam}': expected an integer from 1 to ${paging.maxLimit}, but got '${rawLimit}' instead.`
        })
      }
      limit = parsed
    }
    const order = query.get("order")
    const all = listedFiles(query.get("purpose"))
    if (order === "asc") all.reverse()
    const after = query.get(paging.cursorParam)
    let from = 0
    if (after !== null && after !== "") {
      const index = all.findIndex((file) => file.id === after)
      from = index === -1 ? all.length : index + 1
    }
    const page = all.slice(from, from + limit).map((file) => profile.file(fakeFile(file)))
    const envelope = lifecycle.fileList
    return json(200, {
      ...vendor.fakeServer.listFields,
      [envelope.data]: page,
      ...(envelope.firstId === null ? {} : { [envelope.firstId]: page[0]?.["id"] ?? null }),
      ...(envelope.lastId === null ? {} : { [envelope.lastId]: page[page.length - 1]?.["id"] ?? null }),
      [envelope.hasMore]: from + page.length < all.length
    })
  }

  const fileById = (id: string): StoredFile | undefined => {
    settleAll()
    return files.get(id) ?? generatedFile(id)
  }

  // -------------------------------------------------------------------------------------------
  // The generated batches' files: made from the batch on first request, served by id, not listed
  // (a server of 100,000 generated batches would otherwise make them all for one listing).
  // -------------------------------------------------------------------------------------------

  let generatedFileIds: Map<string, { readonly batch: FakeBatch; readonly kind: "input" | "output" | "error" }> | undefined
  const generatedFiles = new Map<string, StoredFile>()

  const generatedFile = (id: string): StoredFile | undefined => {
    const made = generatedFiles.get(id)
    if (made !== undefined) return made
    if (generatedFileIds === undefined) {
      generatedFileIds = new Map()
      for (const batch of options.generated) {
        generatedFileIds.set(batch.inputFileId, { batch, kind: "input" })
        if (batch.outputFileId !== null) generatedFileIds.set(batch.outputFileId, { batch, kind: "output" })
        if (batch.errorFileId !== null) generatedFileIds.set(batch.errorFileId, { batch, kind: "error" })
      }
    }
    const entry = generatedFileIds.get(id)
    if (entry === undefined) return undefined
    const file = makeGeneratedFile(id, entry.batch, entry.kind)
    generatedFiles.set(id, file)
    return file
  }

  const makeGeneratedFile = (id: string, batch: FakeBatch, kind: "input" | "output" | "error"): StoredFile => {
    const read = vendor.timestamps.read
    const createdAtMs = read(batch.createdAt) ?? 0
    const { completed, failed, total } = batch.requestCounts
    // Nothing is counted before validation; the input still holds requests.
    const count = total > 0 ? total : 10
    const customIds = Array.from({ length: count }, (_, index) => `request-${index + 1}`)
    const embeddings = batch.endpoint === "/v1/embeddings"
    const bodyOf = (index: number): Record<string, unknown> =>
      embeddings
        ? { model: batch.model, input: `Text ${index + 1} to embed.` }
        : { model: batch.model, messages: [{ role: "user", content: `Question ${index + 1}?` }] }
    let lines: Array<string>
    if (kind === "input") {
      lines = customIds.map((customId, index) =>
        JSON.stringify(lifecycle.requestLine({ customId, body: bodyOf(index) }, batch.endpoint))
      )
    } else {
      const reason = batch.status === "expired" ? "expired" as const : "cancelled" as const
      lines = []
      for (const index of shuffled(count, hash32(batch.id))) {
        const customId = customIds[index]!
        const lineId = `batch_req_${characters(hash32(`${batch.id}:${customId}`), 32, LOWER_ALNUM)}`
        const requestId = `req_${characters(hash32(`request:${batch.id}:${customId}`), 32, LOWER_ALNUM)}`
        let result: FakeResult
        if (index < completed) {
          const request: FakeRequest = {
            customId,
            endpoint: batch.endpoint,
            body: bodyOf(index),
            seed: hash32(customId),
            createdAt: Math.floor(createdAtMs / 1000)
          }
          result = { _tag: "Succeeded", lineId, customId, requestId, body: profile.responseBody(request) }
        } else if (index < completed + failed) {
          result = {
            _tag: "Failed",
            lineId,
            customId,
            requestId,
            statusCode: 400,
            code: "invalid_request",
            message: `The request ${customId} failed.`,
            inBody: (index - completed) % 2 === 1
          }
        } else {
          result = { _tag: "NotRun", lineId, customId, reason }
        }
        if ((result._tag === "Succeeded") === (kind === "output")) lines.push(JSON.stringify(profile.resultLine(result)))
      }
    }
    const content = Buffer.from(lines.length === 0 ? "" : `${lines.join("\n")}\n`)
    const endedAt = read(batch.completedAt) ?? read(batch.expiredAt) ?? read(batch.cancelledAt) ?? createdAtMs
    return {
      id,
      bytes: content.length,
      filename: kind === "input" ? `${batch.id}_input.jsonl` : `${batch.id}_${kind}.jsonl`,
      purpose: kind === "input" ? lifecycle.filePurpose : "batch_output",
      createdAtMs: kind === "input" ? createdAtMs : endedAt,
      chunks: [content],
      ...(kind === "input" ? { input: { customIds, urls: new Map([[batch.endpoint, 1]]), model: batch.model } } : {}),
      sequence: 0
    }
  }

  const file = (id: string): Reply => {
    const found = fileById(id)
    return found === undefined ? problem({ _tag: "FileNotFound", id, param: null }) : json(200, profile.file(fakeFile(found)))
  }

  const content = (id: string): Reply => {
    const found = fileById(id)
    if (found === undefined) return problem({ _tag: "FileNotFound", id, param: null })
    return { status: 200, headers: { "content-type": "application/octet-stream" }, body: found.chunks }
  }

  // -------------------------------------------------------------------------------------------
  // Create and cancel
  // -------------------------------------------------------------------------------------------

  // A vendor that takes its requests inline takes create bodies up to its own limit.
  const maxCreateBytes = lifecycle.inline?.maxBodyBytes ?? MAX_CREATE_BODY_BYTES

  const readBody = (request: Http.IncomingMessage): Promise<Buffer | undefined> =>
    new Promise((resolve) => {
      const chunks: Array<Buffer> = []
      let size = 0
      request.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size <= maxCreateBytes) chunks.push(chunk)
      })
      request.once("end", () => resolve(size > maxCreateBytes ? undefined : Buffer.concat(chunks)))
      request.once("error", () => resolve(undefined))
      request.once("close", () => resolve(undefined))
    })

  const invalidRequest = (param: string | null, message: string): Reply => problem({ _tag: "InvalidRequest", param, message })

  const create = async (request: Http.IncomingMessage): Promise<Reply> => {
    const raw = await readBody(request)
    if (raw === undefined) return invalidRequest(null, `The request body is over ${maxCreateBytes} bytes.`)
    let body: unknown
    try {
      body = JSON.parse(raw.toString("utf8"))
    } catch {
      return invalidRequest(null, "The request body is not valid JSON.")
    }
    if (!isRecord(body)) return invalidRequest(null, "The request body must be a JSON object.")
    if (lifecycle.inline !== undefined) return createInline(body, lifecycle.inline)
    const { limits } = lifecycle
    const inputFileId = body["input_file_id"]
    if (typeof inputFileId !== "string" || inputFileId === "") {
      return invalidRequest("input_file_id", "Missing required parameter: 'input_file_id'.")
    }
    const endpoint = body["endpoint"]
    if (typeof endpoint !== "string") return invalidRequest("endpoint", "Missing required parameter: 'endpoint'.")
    if (!limits.endpoints.includes(endpoint)) {
      return invalidRequest(
        "endpoint",
        `Invalid value for 'endpoint': '${endpoint}'. Supported values are: ${limits.endpoints.map((e) => `'${e}'`).join(", ")}.`
      )
    }
    const window = body["completion_window"] ?? limits.completionWindows[0]
    if (typeof window !== "string" || !limits.completionWindows.includes(window)) {
      return invalidRequest(
        "completion_window",
        `Invalid value for 'completion_window': '${String(window)}'. Supported values are: ${
          limits.completionWindows.map((w) => `'${w}'`).join(", ")
        }.`
      )
    }
    const metadata = body["metadata"] ?? {}
    if (!isRecord(metadata)) return invalidRequest("metadata", "Invalid 'metadata': expected an object of strings.")
    const entries = Object.entries(metadata)
    if (entries.length > 0 && limits.metadata === null) return invalidRequest("metadata", "This vendor takes no 'metadata'.")
    if (limits.metadata !== null) {
      const { maxKeyLength, maxPairs, maxValueLength } = limits.metadata
      if (entries.length > maxPairs) {
        return invalidRequest("metadata", `Invalid 'metadata': ${entries.length} pairs; at most ${maxPairs} are allowed.`)
      }
      for (const [key, value] of entries) {
        if (typeof value !== "string") return invalidRequest(`metadata.${key}`, `Invalid 'metadata.${key}': expected a string.`)
        if (key.length > maxKeyLength) {
          return invalidRequest("metadata", `Invalid 'metadata': key '${key}' is ${key.length} characters; at most ${maxKeyLength}.`)
        }
        if (value.length > maxValueLength) {
          return invalidRequest(
            `metadata.${key}`,
            `Invalid 'metadata.${key}': ${value.length} characters; at most ${maxValueLength}.`
          )
        }
      }
    }
    const input = fileById(inputFileId)
    if (input === undefined) return problem({ _tag: "FileNotFound", id: inputFileId, param: "input_file_id" })
    if (input.input === undefined) {
      return invalidRequest("input_file_id", `File ${inputFileId} has purpose '${input.purpose}', not '${lifecycle.filePurpose}'.`)
    }
    for (const [url, line] of input.input.urls) {
      if (url !== endpoint) {
        return invalidRequest(
          "input_file_id",
          `Line ${line} of ${inputFileId}: url '${url}' does not match the batch's endpoint '${endpoint}'.`
        )
      }
    }
    return createFrom(inputFileId, input.input, endpoint, window, metadata as Record<string, string>)
  }

  /**
   * Inline requests (`{requests: [{custom_id, params}]}`): checked, kept as an input file of the
   * definition's request lines (so that they run as an uploaded file's would), then created.
   */
  const createInline = (body: Readonly<Record<string, unknown>>, inline: InlineRequests): Reply => {
    const requests = body["requests"]
    if (!Array.isArray(requests) || requests.length === 0) {
      return invalidRequest("requests", "requests: expected a non-empty array of { custom_id, params }.")
    }
    if (requests.length > lifecycle.limits.maxRequests) {
      return invalidRequest("requests", `requests: ${requests.length} requests; a batch takes at most ${lifecycle.limits.maxRequests}.`)
    }
    const endpoint = lifecycle.limits.endpoints[0] ?? ""
    const seen = new Set<string>()
    const lines: Array<string> = []
    for (let index = 0; index < requests.length; index++) {
      const entry: unknown = requests[index]
      const customId = isRecord(entry) ? entry["custom_id"] : undefined
      if (typeof customId !== "string" || !inline.customId.pattern.test(customId)) {
        return invalidRequest(`requests.${index}.custom_id`, `requests.${index}.custom_id: ${inline.customId.description}, got ${JSON.stringify(customId ?? null)}.`)
      }
      if (seen.has(customId)) return invalidRequest(`requests.${index}.custom_id`, `requests.${index}.custom_id: '${customId}' is used twice.`)
      seen.add(customId)
      const params = (entry as Record<string, unknown>)["params"]
      if (!isRecord(params)) return invalidRequest(`requests.${index}.params`, `requests.${index}.params: expected an object.`)
      lines.push(JSON.stringify(lifecycle.requestLine({ customId, body: params }, endpoint)))
    }
    const content = Buffer.from(`${lines.join("\n")}\n`)
    const input = readInput([content])
    if (input === undefined || "_tag" in input) return problem(input ?? { _tag: "InvalidRequest", param: "requests", message: "requests: unreadable." })
    const file: StoredFile = {
      id: newFileId(),
      bytes: content.length,
      filename: "requests.jsonl",
      purpose: lifecycle.filePurpose,
      createdAtMs: now(),
      chunks: [content],
      input,
      sequence: fileSequence
    }
    files.set(file.id, file)
    return createFrom(file.id, input, endpoint, lifecycle.limits.completionWindows[0] ?? "24h", {})
  }

  const createFrom = (
    inputFileId: string,
    inputSummary: NonNullable<StoredFile["input"]>,
    endpoint: string,
    window: string,
    metadata: Record<string, string>
  ): Reply => {
    const id = newBatchId()
    const createdAtMs = now()
    const customIds = inputSummary.customIds
    const batch: CreatedBatch = {
      id,
      sequence: batchSequence,
      endpoint,
      inputFileId,
      completionWindow: window,
      metadata,
      model: inputSummary.model ?? "",
      createdAtMs,
      expiresAtMs: createdAtMs + windowMs(window),
      customIds,
      order: shuffled(customIds.length, hash32(id)),
      runnable: customIds.filter((customId) => !isPlanted(customId, "expire")).length,
      // Every other batch writes unset values as the `{}` placeholder, where its vendor does.
      placeholders: batchSequence % 2 === 0,
      cancelAtMs: null,
      outputFileId: null,
      errorFileId: null,
      settled: false
    }
    created.push(batch)
    createdById.set(id, batch)
    return json(200, wire(batch))
  }

  const findCreated = (id: string): CreatedBatch | undefined =>
    createdById.get(id) ??
      (id.startsWith("batch_") ? createdById.get(vendor.ids.nativePrefix + id.slice("batch_".length)) : undefined)

  const cancel = (id: string): Reply | undefined => {
    const batch = findCreated(id)
    if (batch === undefined) return undefined
    const at = now()
    const state = stateOf(batch, at)
    if (TERMINAL.has(state.status)) {
      settle(batch, state)
      return problem({ _tag: "CannotCancel", id: batch.id, status: state.status })
    }
    // Cancelling twice answers the batch as it is.
    if (batch.cancelAtMs === null) batch.cancelAtMs = at
    return json(200, cancelAnswer(fakeBatchOf(batch, at)))
  }

  let generatedById: Map<string, FakeBatch> | undefined

  const results = (id: string): Reply | undefined => {
    const createdBatch = findCreated(id)
    let fileIds: ReadonlyArray<string | null>
    if (createdBatch !== undefined) {
      const state = stateOf(createdBatch, now())
      settle(createdBatch, state)
      if (state.endedAtMs === null) return notEnded(createdBatch.id, state.status)
      fileIds = [createdBatch.outputFileId, createdBatch.errorFileId]
    } else {
      generatedById ??= new Map(options.generated.map((batch) => [batch.id, batch]))
      const fake = generatedById.get(id) ??
        (id.startsWith("batch_") ? generatedById.get(vendor.ids.nativePrefix + id.slice("batch_".length)) : undefined)
      if (fake === undefined) return undefined
      if (!TERMINAL.has(fake.status)) return notEnded(fake.id, fake.status)
      // Every request has its line (succeeded, failed or not run), whatever files the batch names.
      const lines = fake.requestCounts.total === 0
        ? []
        : [...makeGeneratedFile(`${fake.id}:output`, fake, "output").chunks, ...makeGeneratedFile(`${fake.id}:error`, fake, "error").chunks]
      return { status: 200, headers: { "content-type": "application/binary" }, body: lines }
    }
    const chunks = fileIds.flatMap((fileId) => (fileId === null ? [] : fileById(fileId)?.chunks ?? []))
    return { status: 200, headers: { "content-type": "application/binary" }, body: chunks }
  }

  const notEnded = (id: string, status: FakeStatus): Reply =>
    invalidRequest(null, `Batch ${id} is ${status}: its results are available once it has ended.`)

  return {
    results,
    upload,
    create,
    cancel,
    retrieve: (id) => {
      const batch = findCreated(id)
      return batch === undefined ? undefined : wire(batch)
    },
    batches: () => [...created].reverse().map(wire),
    listFiles,
    file,
    content
  }
}
