/**
 * Recording live vendor responses: call the vendor through the client its definition builds (the
 * very requests the clients send: base URL, paths, auth headers) and keep each raw response,
 * status, headers and body, untouched by decoding. `unibatch conform --live` checks what
 * {@link capture} returns; {@link record} writes one response to a fixture file for the matcher or
 * the CLI. The vendor is a built-in provider's name or any vendor definition.
 *
 * @module \@unibatch/testkit/Recorder
 * @since 0.1.0
 */
import { BatchClient } from "@unibatch/core/BatchClient"
import { invalidInput, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { mkdir, writeFile } from "node:fs/promises"
import { dirname } from "node:path"
import * as BuiltIns from "./internal/builtIns.js"

/** `list` or `retrieve`. */
type Operation = "list" | "retrieve"

/**
 * One raw response as it came over the wire.
 *
 * @example
 * ```ts
 * import * as Recorder from "@unibatch/testkit/Recorder"
 * import * as Effect from "effect/Effect"
 *
 * const requestIds = Recorder.capture({ provider: "openai", operation: "list", apiKey: "sk-..." }).pipe(
 *   Effect.map((capture) => capture.responses.map((response: Recorder.CapturedResponse) => response.headers["x-request-id"]))
 * )
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CapturedResponse {
  readonly status: number
  /** Lower-cased names; `set-cookie` is left out. */
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/**
 * What to call: a built-in `provider` by name, or any vendor's `definition`.
 *
 * @example
 * ```ts
 * import * as Recorder from "@unibatch/testkit/Recorder"
 * import * as Redacted from "effect/Redacted"
 *
 * // Every page (at most 3) of 100 batches each:
 * const options: Recorder.CaptureOptions = {
 *   provider: "neosantara",
 *   operation: "list",
 *   apiKey: Redacted.make("nst-..."),
 *   limit: 100,
 *   all: true,
 *   maxPages: 3
 * }
 * const pages = Recorder.capture(options)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CaptureOptions = CaptureRequest & (
  | { readonly provider: BuiltIns.BuiltIn; readonly definition?: undefined }
  | { readonly definition: VendorDefinition; readonly provider?: undefined }
)

/**
 * What to ask the vendor, whichever way the vendor is named.
 *
 * @example
 * ```ts
 * import * as Recorder from "@unibatch/testkit/Recorder"
 *
 * const request: Recorder.CaptureRequest = { operation: "retrieve", id: "batch_abc123", apiKey: "sk-..." }
 * const capture = Recorder.capture({ provider: "openai", ...request })
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface CaptureRequest {
  readonly operation: Operation
  /** Kept `Redacted` until the adapter puts it in the auth header. */
  readonly apiKey: Redacted.Redacted<string> | string
  /** The vendor's documented base URL when omitted. */
  readonly baseUrl?: string | undefined
  /** list: the page size to ask for. */
  readonly limit?: number | undefined
  /** list: start after this batch ID. */
  readonly after?: string | undefined
  /** retrieve: the batch ID (canonical or native). */
  readonly id?: string | undefined
  /** list: follow `has_more` to the last page. */
  readonly all?: boolean | undefined
  /** list with `all`: stop after this many pages. */
  readonly maxPages?: number | undefined
}

/**
 * Every response received, in order, and the error that ended the calls, if any. A vendor error
 * status is in `responses` too; `error` with a null `status` means a request got no response
 * (connection, timeout) or paging could not go on.
 *
 * @example
 * ```ts
 * import type { Capture } from "@unibatch/testkit/Recorder"
 *
 * declare const capture: Capture
 * const summary = capture.error === undefined
 *   ? `${capture.responses.length} responses`
 *   : `${capture.responses.length} responses, then ${capture.error._tag}: ${capture.error.message}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Capture {
  readonly responses: ReadonlyArray<CapturedResponse>
  readonly error: UnibatchError | undefined
}

const definitionOf = (options: CaptureOptions): VendorDefinition =>
  options.definition !== undefined ? options.definition : BuiltIns.lookup(options.provider)

const clientLayer = (options: CaptureOptions): Layer.Layer<BatchClient, never, HttpClient.HttpClient> =>
  Layer.effect(
    BatchClient,
    VendorClient.make(definitionOf(options), {
      apiKey: typeof options.apiKey === "string" ? Redacted.make(options.apiKey) : options.apiKey,
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl })
    })
  )

/**
 * A response's bytes, read until they pass `limit` (an endless body stops there): the client
 * behind gets them and, being bounded by the same limit, refuses a body that went past it.
 */
const readUpTo = (response: HttpClientResponse.HttpClientResponse, limit: number) => {
  const chunks: Array<Uint8Array> = []
  let size = 0
  return Stream.runForEachWhile(response.stream, (chunk) =>
    Effect.sync(() => {
      chunks.push(chunk)
      size += chunk.length
      return size <= limit
    })).pipe(Effect.map(() => Buffer.concat(chunks, size)))
}

/** The statuses whose `Response` has no body (the constructor refuses one). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * An `HttpClient` over the one in context that keeps a copy of every response it receives, in
 * order, in `responses` (status, lower-cased headers without `set-cookie`, body text). The body
 * is read once and the client that made the request gets a response over the same bytes.
 *
 * @example
 * ```ts
 * import * as Recorder from "@unibatch/testkit/Recorder"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 * import * as Layer from "effect/Layer"
 *
 * const responses: Array<Recorder.CapturedResponse> = []
 * const RecordingFetch = Recorder.capturingLayer(responses).pipe(Layer.provide(FetchHttpClient.layer))
 * // provide RecordingFetch to any client; `responses` fills as it calls
 * ```
 *
 * @since 0.2.0
 * @category capturing
 */
export const capturingLayer = (responses: Array<CapturedResponse>): Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      // The body is read here once, recorded, and handed on as a fresh response over the same
      // bytes: the client that made the request may stream it (core does, to bound its size).
      return HttpClient.transformResponse(client, (exchange) =>
        Effect.flatMap(exchange, (response) =>
          readUpTo(response, VendorClient.defaultMaxResponseBytes).pipe(
            Effect.map((bytes) => {
              const headers: Record<string, string> = {}
              for (const [name, value] of Object.entries(response.headers)) if (name !== "set-cookie") headers[name] = value
              responses.push({ status: response.status, headers, text: new TextDecoder().decode(bytes) })
              return HttpClientResponse.fromWeb(
                response.request,
                new Response(nullBodyStatuses.has(response.status) ? null : bytes, { status: response.status, headers: response.headers })
              )
            }),
            // An unreadable body is the client's error to report.
            Effect.catch(() => Effect.succeed(response))
          )))
    })
  )

/**
 * Calls the vendor once (or page after page with `all`) and returns the raw responses.
 *
 * @example
 * ```ts
 * import * as Recorder from "@unibatch/testkit/Recorder"
 * import { Effect } from "effect"
 *
 * const program = Recorder.capture({ provider: "openai", operation: "list", apiKey: "sk-...", limit: 5 }).pipe(
 *   Effect.map((capture) => capture.responses.map((response) => response.status))
 * )
 * ```
 *
 * @since 0.1.0
 * @category capturing
 */
export const capture = (options: CaptureOptions): Effect.Effect<Capture> =>
  Effect.suspend(() => {
    const responses: Array<CapturedResponse> = []
    const calls = Effect.gen(function* () {
      const client = yield* BatchClient
      if (options.operation === "retrieve") {
        if (options.id === undefined) return yield* invalidInput(definitionOf(options).provider, "retrieve", "retrieve needs the batch ID.")
        yield* client.retrieve(options.id)
      } else if (options.all === true) {
        yield* Stream.runDrain(client.listAll({ limit: options.limit, after: options.after, maxPages: options.maxPages }))
      } else {
        yield* client.list({ limit: options.limit, after: options.after })
      }
    })
    const layer = clientLayer(options).pipe(Layer.provide(capturingLayer(responses)), Layer.provide(FetchHttpClient.layer))
    return calls.pipe(
      Effect.provide(layer),
      Effect.result,
      Effect.map((result): Capture => ({ responses, error: Result.isFailure(result) ? result.failure : undefined }))
    )
  })

/**
 * A response as a fixture file holds it: the body parsed when it is a JSON object or array,
 * else the raw text.
 *
 * @example
 * ```ts
 * import { matchResponse } from "@unibatch/testkit/Matchers"
 * import type { Recording } from "@unibatch/testkit/Recorder"
 * import { readFileSync } from "node:fs"
 *
 * const recording = JSON.parse(readFileSync("test/fixtures/respan/list-recorded.json", "utf8")) as Recording
 * matchResponse(recording, "respan", "list").pass
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Recording {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/**
 * Tells a recording written by {@link record} (`{ status, headers, body }`: an integer HTTP
 * status, a headers object, a body) from a bare vendor body, for tools that read either.
 *
 * @example
 * ```ts
 * import { isRecording } from "@unibatch/testkit/Recorder"
 *
 * isRecording({ status: 200, headers: { "content-type": "application/json" }, body: { object: "list" } }) // => true
 * isRecording({ object: "list", data: [], has_more: false }) // => false
 * ```
 *
 * @since 0.2.0
 * @category recording
 */
export const isRecording = (value: unknown): value is Recording => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false
  const { body, headers, status } = value as Partial<Record<keyof Recording, unknown>>
  return Number.isInteger(status) && typeof headers === "object" && headers !== null && !Array.isArray(headers) &&
    body !== undefined && Object.keys(value).length === 3
}

/**
 * The recording of one captured response.
 *
 * @example
 * ```ts
 * import { toRecording } from "@unibatch/testkit/Recorder"
 *
 * toRecording({ status: 401, headers: {}, text: '{"error":"Invalid API key."}' }).body // => { error: "Invalid API key." }
 * ```
 *
 * @since 0.1.0
 * @category recording
 */
export const toRecording = (response: CapturedResponse): Recording => {
  let body: unknown = response.text
  try {
    const parsed: unknown = JSON.parse(response.text)
    // A JSON string or number is kept as text, so that a string body always means "raw text".
    if (typeof parsed === "object" && parsed !== null) body = parsed
  } catch {
    // Not JSON: kept verbatim, and the checker will say where it breaks.
  }
  return { status: response.status, headers: response.headers, body }
}

/**
 * Calls the vendor once and writes `{ status, headers, body }` as JSON to `file` (directories are
 * created). Rejects when no response came back at all.
 *
 * @example
 * ```ts
 * import * as Recorder from "@unibatch/testkit/Recorder"
 *
 * const recording = await Recorder.record({
 *   provider: "respan",
 *   operation: "list",
 *   apiKey: process.env.RESPAN_API_KEY ?? "",
 *   file: "test/fixtures/respan/list-recorded.json"
 * })
 * // later: expect(recording).toConformTo("respan", "list")
 * ```
 *
 * @since 0.1.0
 * @category recording
 */
export const record = async (options: CaptureOptions & { readonly file: string }): Promise<Recording> => {
  const { error, responses } = await Effect.runPromise(capture({ ...options, all: false }))
  const response = responses[0]
  if (response === undefined) throw error ?? new Error(`${definitionOf(options).provider} ${options.operation}: no response`)
  const recording = toRecording(response)
  await mkdir(dirname(options.file), { recursive: true })
  await writeFile(options.file, JSON.stringify(recording, null, 2) + "\n")
  return recording
}
