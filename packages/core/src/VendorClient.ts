/**
 * The HTTP client shared by every adapter: an adapter describes its vendor (base URL, paths, auth)
 * and this module does the rest the same way for all of them: input checks before any request,
 * the request itself through `@effect/platform`'s HttpClient, error classification, decoding, and
 * lazy pagination.
 *
 * @module \@unibatch/core/VendorClient
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Tracer from "effect/Tracer"
import type { Batch, BatchPage } from "./Batch.js"
import type { BatchClientService, ListAllOptions, ListOptions } from "./BatchClient.js"
import * as BatchId from "./BatchId.js"
import * as Decoder from "./Decoder.js"
import { Slot } from "./internal/slot.js"
import { isRecord } from "./internal/wireKind.js"
import * as Retry from "./Retry.js"
import type { Provider } from "./Provider.js"
import { DecodeError, fromResponse, invalidInput, TransportError, type UnibatchError } from "./UnibatchError.js"

/**
 * What an adapter tells the shared client about its vendor.
 *
 * @example
 * ```ts
 * import type { Vendor } from "@unibatch/core/VendorClient"
 * import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
 * import * as Redacted from "effect/Redacted"
 *
 * declare const apiKey: Redacted.Redacted<string>
 * const neosantara: Vendor = {
 *   provider: "neosantara",
 *   baseUrl: "https://api.neosantara.xyz/v1",
 *   listPath: "/batches",
 *   retrievePath: (encodedNativeId) => `/batches/${encodedNativeId}`,
 *   authorize: (request) => HttpClientRequest.setHeader(request, "x-api-key", Redacted.value(apiKey))
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Vendor {
  readonly provider: Provider
  /** The API root, e.g. `https://api.openai.com/v1`. */
  readonly baseUrl: string
  /** The list path under the base URL, e.g. `/batches` (Respan: `/batches/`). */
  readonly listPath: string
  /** The retrieve path for an already URL-encoded native ID. */
  readonly retrievePath: (encodedNativeId: string) => string
  /** Adds the vendor's auth header and any extra headers. The key stays `Redacted` until here. */
  readonly authorize: (request: HttpClientRequest.HttpClientRequest) => HttpClientRequest.HttpClientRequest
}

/**
 * Options every adapter layer accepts.
 *
 * @example
 * ```ts
 * import type { ClientOptions } from "@unibatch/core/VendorClient"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * const options: ClientOptions = { timeout: "30 seconds", maxRetries: 5 }
 * const OpenAiLive = OpenAi.layer({ apiKey: "sk-...", ...options })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientOptions {
  /** Time allowed for one request, response body included. Default: 10 minutes. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retries after a failed attempt (see {@link Retry}). Default: 2. */
  readonly maxRetries?: number | undefined
}

/**
 * The largest page any vendor serves; OpenAI documents 1..100.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import { maxLimit } from "@unibatch/core/VendorClient"
 *
 * // The fewest requests for a full listing:
 * const everything = BatchClient.listAll({ limit: maxLimit })
 * ```
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLimit = 100

const defaultTimeout = Duration.minutes(10)

/**
 * Resumes after the work already queued on the event loop, microtasks included: `fetch` sends a
 * request through a chain of promises, and read-ahead wants it on the wire before decoding the
 * page in hand. (`Effect.yieldNow` is a microtask, too early for that.)
 */
const afterQueuedWork: Effect.Effect<void> = Effect.async<void>((resume) => {
  if (typeof setImmediate !== "function") {
    const handle = setTimeout(() => resume(Effect.void), 0)
    return Effect.sync(() => clearTimeout(handle))
  }
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})

/** The longest delay `setTimeout` takes; a longer timeout is no timeout. */
const maxTimerMillis = 2 ** 31 - 1

/**
 * Checks a page size: an integer in 1..100. Returns the message to show when it is not.
 *
 * @example
 * ```ts
 * import { limitProblem } from "@unibatch/core/VendorClient"
 *
 * limitProblem(0) // => "limit must be an integer from 1 to 100, got 0."
 * limitProblem(20) // => undefined
 * ```
 *
 * @since 0.1.0
 * @category validation
 */
export const limitProblem = (limit: number): string | undefined =>
  Number.isInteger(limit) && limit >= 1 && limit <= maxLimit ? undefined : `limit must be an integer from 1 to ${maxLimit}, got ${limit}.`

/**
 * Checks a base URL: http or https, no credentials in it. Returns the message to show when it
 * is not acceptable.
 *
 * @example
 * ```ts
 * import { baseUrlProblem } from "@unibatch/core/VendorClient"
 *
 * baseUrlProblem("ftp://example.com") // => "base URL must be http or https, got ftp:."
 * baseUrlProblem("http://127.0.0.1:8080/v1") // => undefined
 * ```
 *
 * @since 0.1.0
 * @category validation
 */
export const baseUrlProblem = (baseUrl: string): string | undefined => {
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    return `base URL is not a URL: ${JSON.stringify(baseUrl)}.`
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `base URL must be http or https, got ${url.protocol}.`
  // Credentials in a URL end up in logs and error messages; keys belong in the key option.
  if (url.username !== "" || url.password !== "") return "base URL must not contain credentials; pass the key as apiKey."
  if (url.search !== "" || url.hash !== "") return "base URL must not contain a query or fragment."
  return undefined
}

/**
 * Builds a {@link BatchClientService} for a vendor.
 *
 * @example
 * ```ts
 * import * as VendorClient from "@unibatch/core/VendorClient"
 * import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
 * import * as Redacted from "effect/Redacted"
 *
 * const apiKey = Redacted.make("sk-test")
 * const client = VendorClient.make({
 *   provider: "openai",
 *   baseUrl: "http://127.0.0.1:4010/v1",
 *   listPath: "/batches",
 *   retrievePath: (id) => `/batches/${id}`,
 *   authorize: HttpClientRequest.bearerToken(Redacted.value(apiKey))
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (vendor: Vendor, options: ClientOptions = {}): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient): BatchClientService => {
    const { provider } = vendor
    const baseUrl = vendor.baseUrl.replace(/\/+$/, "")
    const badBaseUrl = baseUrlProblem(vendor.baseUrl)
    const timeout = Duration.decode(options.timeout ?? defaultTimeout)
    const retrySchedule = Retry.schedule(options.maxRetries ?? Retry.defaultMaxRetries)

    const transportError = (operation: string, reason: "Connection" | "Timeout", message: string) =>
      (attempts: number) => new TransportError({ provider, operation, status: null, requestId: null, reason, message, attempts })

    const timeoutMillis = Duration.toMillis(timeout)
    // Requests are tied to a scope, so that closing it aborts them (see `attempt`). The platform's
    // own HTTP span is off for them: its exit holds the raw request, auth header included, and it
    // cost ~0.15 ms of CPU a request. The `unibatch.*` span of each call carries the method, path
    // and status instead, and no trace headers go to the vendor.
    const scopedClient = HttpClient.withScope(HttpClient.withTracerDisabledWhen(httpClient, () => true))

    /**
     * One GET: the successful body, or a {@link Retry.FailedAttempt} saying what came back.
     *
     * The timeout is a timer that aborts the request, not `Effect.timeoutFail`: that one races two
     * forked fibers and joins their FiberRefs on every request, measured at 0.35-0.5 ms a page of a
     * listing (docs/performance.md, "Known limits").
     */
    const attempt = (operation: string, request: HttpClientRequest.HttpClientRequest, span: Tracer.Span) =>
      Effect.flatMap(Scope.make(), (scope) => {
        let timedOut = false
        const timer = timeoutMillis <= maxTimerMillis
          ? setTimeout(() => {
            timedOut = true
            Effect.runFork(Scope.close(scope, Exit.void))
          }, timeoutMillis)
          : undefined
        // An aborted request fails as a transport error; the flag tells a timeout from a dropped connection.
        const transportFailure = (message: string): Effect.Effect<never, Retry.FailedAttempt> =>
          Effect.fail({
            toError: timedOut
              ? transportError(operation, "Timeout", `${provider} ${operation} timed out after ${Duration.format(timeout)}`)
              : transportError(operation, "Connection", message),
            retryable: true,
            retryAfter: undefined
          })
        return scopedClient.execute(request).pipe(
          Effect.flatMap((response) => Effect.map(response.text, (text) => ({ response, text }))),
          Effect.provideService(Scope.Scope, scope),
          Effect.onExit((exit) => {
            clearTimeout(timer)
            // Once the body is read there is nothing left to abort, and aborting builds an AbortError.
            return Exit.isSuccess(exit) ? Effect.void : Scope.close(scope, Exit.void)
          }),
          Effect.catchTags({
            RequestError: (error: HttpClientError.RequestError) =>
              transportFailure(`${provider} ${operation} request failed: ${error.reason} error${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`),
            ResponseError: (error: HttpClientError.ResponseError) =>
              transportFailure(`${provider} ${operation} response could not be read: ${error.reason} error`)
          }),
          Effect.flatMap(({ response, text }) => {
            const { status } = response
            span.attribute("http.response.status_code", status)
            if (status >= 200 && status < 300) {
              return Effect.succeed({ text, status, requestId: response.headers["x-request-id"] ?? null })
            }
            const { headers } = response
            return Effect.fail<Retry.FailedAttempt>({
              toError: (attempts) => fromResponse({ provider, operation, status, body: text, headers, attempts }),
              ...Retry.fromResponse(status, headers, Date.now())
            })
          })
        )
      })

    // The path part of the base URL, for the span (`url.path`) without parsing a URL per request.
    const basePath = badBaseUrl === undefined ? new URL(baseUrl).pathname.replace(/\/+$/, "") : ""

    /**
     * Sends one GET with the retry policy; the error of the last attempt says how many were made.
     * The retry schedule is only set up once an attempt has failed: most requests never need it.
     */
    const send = (span: Tracer.Span, operation: string, path: string, urlParams: Record<string, string>) => {
      const request = vendor.authorize(HttpClientRequest.get(baseUrl + path, { urlParams, acceptJson: true }))
      span.attribute("http.request.method", "GET")
      span.attribute("url.path", basePath + path)
      const retryFrom = (firstFailure: Retry.FailedAttempt) => {
        // The schedule sees the first failure again, then each retry's.
        let attempts = 0
        return Effect.suspend(() => ++attempts === 1 ? Effect.fail(firstFailure) : attempt(operation, request, span)).pipe(
          Effect.retry(retrySchedule),
          Effect.mapError((failed) => failed.toError(attempts))
        )
      }
      return Effect.catchAll(attempt(operation, request, span), retryFrom)
    }

    /**
     * Runs `body` in a span of its own, ended as `Effect.useSpan` ends it except that a success is
     * recorded as `Exit.void`: the span, made before the request, must not be handed the page
     * after it (internal/slot.ts says why that costs a scavenge-surviving page each time).
     */
    const spanned = <A, E>(name: string, attributes: Record<string, string>, body: (span: Tracer.Span) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
      Effect.flatMap(Effect.makeSpan(name, { attributes, captureStackTrace: false }), (span) =>
        Effect.onExit(body(span), (exit) =>
          Effect.withFiberRuntime<void>((fiber) => {
            const endTime = fiber.getFiberRef(FiberRef.currentTracerTimingEnabled)
              ? Context.get(fiber.currentDefaultServices, Clock.Clock).unsafeCurrentTimeNanos()
              : 0n
            span.end(endTime, Exit.isSuccess(exit) ? Exit.void : exit)
            return Effect.void
          })))

    const refuse = (operation: string, message: string) => Effect.fail(invalidInput(provider, operation, message))

    const nativeIdOf = (operation: string, id: string) =>
      Either.match(BatchId.toNative(provider, id), {
        onLeft: (message) => refuse(operation, message),
        onRight: (nativeId) => Effect.succeed(nativeId)
      })

    const paginationError = (message: string) =>
      new DecodeError({ provider, operation: "list", status: null, requestId: null, path: "$", message: `${provider} list pagination stopped: ${message}` })

    /** A list response that has been read and parsed, its items not yet decoded. */
    interface FetchedPage {
      readonly body: unknown
      readonly context: Decoder.DecodeContext
    }

    /**
     * Checks the options, then sends one list request and parses the body.
     *
     * Each call is one span ({@link spanned}), written to directly: nothing inside makes spans of
     * its own (the platform's is off), so it need not become the current span, and that saves ~40
     * of the ~200 runtime operations a page of `listAll` costs (`withSpan` plus two
     * `annotateCurrentSpan`). test/adapters/tracing.test.ts pins what a tracer receives.
     */
    const fetchPage = (options: ListOptions): Effect.Effect<FetchedPage, UnibatchError> =>
      spanned("unibatch.list", { provider }, (span) => Effect.gen(function* () {
        if (badBaseUrl !== undefined) return yield* refuse("list", badBaseUrl)
        const urlParams: Record<string, string> = {}
        if (options.limit !== undefined) {
          const problem = limitProblem(options.limit)
          if (problem !== undefined) return yield* refuse("list", problem)
          urlParams.limit = String(options.limit)
        }
        if (options.after !== undefined) urlParams.after = yield* nativeIdOf("list", options.after)
        const { requestId, status, text } = yield* send(span, "list", vendor.listPath, urlParams)
        const context: Decoder.DecodeContext = { provider, operation: "list", status, requestId }
        const body = yield* Decoder.parseJson(text, context)
        return { body, context }
      }))

    const list = (options: ListOptions = {}): Effect.Effect<BatchPage, UnibatchError> =>
      Effect.flatMap(fetchPage(options), ({ body, context }) => Decoder.decodePage(body, context))

    const retrieve = (id: string): Effect.Effect<Batch, UnibatchError> =>
      spanned("unibatch.retrieve", { provider, id }, (span) => Effect.gen(function* () {
        if (badBaseUrl !== undefined) return yield* refuse("retrieve", badBaseUrl)
        const nativeId = yield* nativeIdOf("retrieve", id)
        const { requestId, status, text } = yield* send(span, "retrieve", vendor.retrievePath(encodeURIComponent(nativeId)), {})
        return yield* Decoder.decodeBatchText(text, { provider, operation: "retrieve", status, requestId })
      }))

    const listAll = (options: ListAllOptions = {}): Stream.Stream<Batch, UnibatchError> => {
      interface Cursor {
        readonly after: string | undefined
        readonly pages: number
      }
      /**
       * Where the next page starts, read from the parsed body before its items are decoded, so
       * that the next request can be on its way while they are. A body that does not fit ends
       * the paging here; decoding it then reports exactly what is wrong.
       */
      const next = (body: unknown, cursor: Cursor): { readonly next: Cursor | undefined; readonly problem?: string } => {
        if (!isRecord(body) || body.has_more !== true || !Array.isArray(body.data)) return { next: undefined }
        if (options.maxPages !== undefined && cursor.pages + 1 >= options.maxPages) return { next: undefined }
        // A vendor that says "more" but gives nothing, or the same cursor again, would loop forever.
        if (body.data.length === 0) return { next: undefined, problem: "the page is empty but has_more is true" }
        const last: unknown = body.data[body.data.length - 1]
        const after = isRecord(last) ? last.id : undefined
        if (typeof after !== "string") return { next: undefined }
        if (after === cursor.after) return { next: undefined, problem: `the cursor did not advance (after=${cursor.after})` }
        return { next: { after, pages: cursor.pages + 1 } }
      }
      // Everything is wanted, so pages are as large as vendors serve, not their default of 20:
      // a fifth of the requests (and of their round trips) for the same batches.
      const limit = options.limit ?? maxLimit
      const fetchFrom = (cursor: Cursor) => fetchPage({ limit, after: cursor.after })
      const first: Cursor = { after: options.after, pages: 0 }
      /** A page's batches, or its DecodeError; then the pagination problem found after it, if any. */
      const emit = ({ body, context }: FetchedPage, problem: string | undefined) =>
        Effect.flatMap(Decoder.decodePage(body, context), (page) =>
          problem === undefined ? Effect.succeed(Chunk.unsafeFromArray(page.data)) : Effect.fail(paginationError(problem)))

      if (options.readAhead === false) {
        return Stream.paginateChunkEffect(first, (cursor) =>
          Effect.flatMap(fetchFrom(cursor), (page) => {
            const { next: following, problem } = next(page.body, cursor)
            return Effect.map(emit(page, problem), (batches) => [batches, Option.fromNullable(following)] as const)
          }))
      }

      /**
       * Read-ahead: a producer fiber fetches page after page into a one-value {@link Slot}, taking
       * each cursor from the parsed body, and sends the next request as soon as its page is in
       * the slot. With the consumer on page k, page k+1 waits in the slot and the request for k+2
       * is out: the server's time is hidden behind decoding and consuming two pages, and the
       * producer is never more than two pages ahead. (One fiber for the whole listing, not
       * `Stream.buffer`, which cost ~35 µs a page, nor a fiber per page; a Slot, not
       * `Queue.bounded(1)`, which kept every page alive until a full collection.) The stream's
       * scope interrupts the producer, and so aborts its request, when the stream stops.
       * `undefined` ends the listing.
       */
      type Fetched = Exit.Exit<readonly [FetchedPage, string | undefined], UnibatchError> | undefined
      return Stream.unwrapScoped(Effect.gen(function* () {
        const slot = new Slot<Fetched>()
        const produce = (cursor: Cursor): Effect.Effect<void> =>
          Effect.flatMap(Effect.exit(fetchFrom(cursor)), (exit) => {
            if (Exit.isFailure(exit)) return slot.offer(Exit.failCause(exit.cause))
            const { next: following, problem } = next(exit.value.body, cursor)
            const handedOver = slot.offer(Exit.succeed([exit.value, problem] as const))
            return Effect.zipRight(handedOver, following === undefined ? slot.offer(undefined) : produce(following))
          })
        yield* Effect.forkScoped(produce(first))
        return Stream.repeatEffectChunkOption(Effect.flatMap(slot.take, (fetched) =>
          fetched === undefined
            ? Effect.fail(Option.none())
            // A failed page comes after every batch before it; decoding waits for the work
            // already queued, so that the producer's next request is on the wire first.
            : Effect.mapError(Effect.flatMap(fetched, ([page, problem]) => Effect.zipRight(afterQueuedWork, emit(page, problem))), Option.some)))
      }))
    }

    return { provider, list, retrieve, listAll }
  })
