/**
 * An `HttpClient` for Node that sends its requests from a worker thread, so that the main thread
 * only parses and decodes. Listing a large account is a loop of request, response, `JSON.parse`,
 * next request, all on one thread; with the HTTP work (sockets, parsing HTTP, collecting the body)
 * on a second one, `listAll` runs close to a bare `fetch` loop (docs/performance.md).
 *
 * It speaks `node:http` / `node:https` with keep-alive, follows redirects as `fetch` does (up to
 * 20; leaving the origin drops `authorization`, `proxy-authorization`, `cookie` and `x-api-key`),
 * and reads each response in full before handing it over: it is made for JSON APIs such as the
 * vendors' Batch APIs, not for downloads. Request bodies must be in memory (bytes or a string).
 * Compressed bodies are neither asked for nor decompressed.
 *
 * The worker starts at the first request (about 25 ms, once) and stops when the layer's scope
 * closes; while no request is in flight it does not keep the process alive.
 *
 * @module \@unibatch/core/WorkerHttpClient
 * @since 0.1.0
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { Worker } from "node:worker_threads"
import { source, type WorkerReply, type WorkerRequest } from "./internal/httpWorker.js"

/** Redirects followed before a request fails, as `fetch` does. */
const maxRedirects = 20

/** The worker and the requests waiting for it; the worker is started by the first request. */
class WorkerConnection {
  private worker: Worker | undefined
  private readonly pending = new Map<number, (reply: WorkerReply) => void>()
  private nextId = 0
  private closed = false

  send(request: Omit<WorkerRequest, "id">, onReply: (reply: WorkerReply) => void): number {
    const id = this.nextId++
    if (this.closed) {
      // As with a destroyed undici Agent: the layer's scope is over, and a new worker would never be stopped.
      onReply({ id, error: { name: "Error", message: "the HTTP worker was stopped: its layer's scope is closed", code: undefined } })
      return id
    }
    const worker = this.worker ?? this.start()
    this.pending.set(id, onReply)
    // Only a request in flight keeps the process alive, so a program that never closes the
    // layer's scope still exits when its work is done.
    if (this.pending.size === 1) worker.ref()
    worker.postMessage({ ...request, id })
    return id
  }

  cancel(id: number): void {
    if (this.settle(id) !== undefined) this.worker?.postMessage({ cancel: id })
  }

  close(): Promise<unknown> {
    this.closed = true
    const worker = this.worker
    this.worker = undefined
    this.failAll("the HTTP worker was stopped")
    return worker === undefined ? Promise.resolve() : worker.terminate()
  }

  private start(): Worker {
    // No flags from the parent: its loaders (tsx, a test runner's) are not needed, and
    // --input-type=module would make the CommonJS source fail.
    const worker = new Worker(source, { eval: true, execArgv: [] })
    worker.unref()
    worker.on("message", (reply: WorkerReply) => this.settle(reply.id)?.(reply))
    // The worker's code catches every request's errors; this is for the worker itself dying.
    const lost = (message: string) => {
      if (this.worker !== worker) return
      this.worker = undefined
      this.failAll(message)
    }
    worker.on("error", (error) => lost(`the HTTP worker failed: ${error.message}`))
    worker.on("exit", (code) => lost(`the HTTP worker exited with code ${code}`))
    this.worker = worker
    return worker
  }

  /** Forgets request `id` and returns its callback, if it was still pending. */
  private settle(id: number): ((reply: WorkerReply) => void) | undefined {
    const onReply = this.pending.get(id)
    if (onReply === undefined) return undefined
    this.pending.delete(id)
    if (this.pending.size === 0) this.worker?.unref()
    return onReply
  }

  private failAll(message: string): void {
    const waiting = [...this.pending]
    this.pending.clear()
    for (const [id, onReply] of waiting) onReply({ id, error: { name: "Error", message, code: undefined } })
  }
}

const encoder = new TextEncoder()

/** The body as bytes, or why this client cannot send it. */
const bodyBytes = (body: HttpBody.HttpBody): Uint8Array | null | string => {
  switch (body._tag) {
    case "Empty":
      return null
    case "Uint8Array":
      return body.body
    case "Raw":
      if (typeof body.body === "string") return encoder.encode(body.body)
      if (body.body instanceof Uint8Array) return body.body
      return "WorkerHttpClient sends only bodies held in memory (a string or bytes)"
    case "FormData":
    case "Stream":
      return `WorkerHttpClient sends only bodies held in memory (a string or bytes), not a ${body._tag} body`
  }
}

const errorOf = (reply: { readonly name: string; readonly message: string; readonly code: string | undefined }): Error =>
  Object.assign(new Error(reply.message), { name: reply.name, code: reply.code })

const execute = (connection: WorkerConnection) =>
(
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.async((resume) => {
    const body = bodyBytes(request.body)
    if (typeof body === "string") {
      return resume(Effect.fail(new HttpClientError.RequestError({ request, reason: "Encode", description: body })))
    }
    const transportError = (cause: unknown) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
    if (signal.aborted) return resume(Effect.fail(transportError(signal.reason)))
    let id = -1
    const onAbort = () => {
      connection.cancel(id)
      resume(Effect.fail(transportError(signal.reason)))
    }
    signal.addEventListener("abort", onAbort, { once: true })
    id = connection.send({ method: request.method, url: url.href, headers: request.headers, body, maxRedirects }, (reply) => {
      signal.removeEventListener("abort", onAbort)
      resume(
        "error" in reply
          ? Effect.fail(transportError(errorOf(reply.error)))
          : Effect.succeed(new BufferedResponse(request, reply.status, reply.headers, new Uint8Array(reply.body)))
      )
    })
    return Effect.sync(() => {
      signal.removeEventListener("abort", onAbort)
      connection.cancel(id)
    })
  })

const decoder = new TextDecoder()

/** A response whose body has been read in full. */
class BufferedResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  private parsedHeaders: Headers.Headers | undefined
  private textBody: Effect.Effect<string> | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    readonly status: number,
    private readonly rawHeaders: Headers.Input,
    private readonly body: Uint8Array
  ) {
    super()
  }

  get headers(): Headers.Headers {
    return this.parsedHeaders ??= Headers.fromInput(this.rawHeaders)
  }

  get cookies(): Cookies.Cookies {
    const header = (this.rawHeaders as Record<string, string | ReadonlyArray<string> | undefined>)["set-cookie"]
    if (header === undefined) return Cookies.empty
    return Cookies.fromSetCookie(typeof header === "string" ? [header] : header)
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  get text(): Effect.Effect<string> {
    return this.textBody ??= Effect.succeed(decoder.decode(this.body))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => (text === "" ? null : JSON.parse(text)),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({
        try: () => UrlParams.fromInput(new URLSearchParams(text)),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () => new Response(this.body, { headers: this.headers }).formData(),
      catch: (cause) => this.decodeError(cause)
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer> {
    return Effect.sync(() => this.body.slice().buffer)
  }

  get stream(): Stream.Stream<Uint8Array> {
    return Stream.succeed(this.body)
  }

  toJSON(): unknown {
    return HttpIncomingMessage.inspect(this, { _id: "@effect/platform/HttpClientResponse", request: this.request.toJSON(), status: this.status })
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }
}

/**
 * Makes the client; its worker stops when the scope closes.
 *
 * @example
 * ```ts
 * import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
 * import * as HttpClient from "@effect/platform/HttpClient"
 * import * as Effect from "effect/Effect"
 *
 * const status = Effect.scoped(Effect.gen(function* () {
 *   const client = yield* WorkerHttpClient.make
 *   const response = yield* client.get("https://api.openai.com/v1/models")
 *   return response.status
 * }))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(Effect.sync(() => new WorkerConnection()), (connection) => Effect.promise(() => connection.close())),
  (connection) => HttpClient.make(execute(connection))
)

/**
 * The client as a layer, for adapters: provide it once around the whole program, as its worker
 * and its keep-alive connections live as long as the layer.
 *
 * @example
 * ```ts
 * import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import * as Stream from "effect/Stream"
 *
 * const OpenAiLive = OpenAi.layer({ apiKey: "sk-..." }).pipe(Layer.provide(WorkerHttpClient.layer))
 * const count = Stream.runCount(BatchClient.listAll()).pipe(Effect.provide(OpenAiLive))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(HttpClient.HttpClient, make)
