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
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Batch, BatchPage } from "./Batch.js"
import type { BatchClientService, ListAllOptions, ListOptions } from "./BatchClient.js"
import * as BatchId from "./BatchId.js"
import * as Decoder from "./Decoder.js"
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

    /** One GET: the successful body, or a {@link Retry.FailedAttempt} saying what came back. */
    const attempt = (operation: string, request: HttpClientRequest.HttpClientRequest) =>
      httpClient.execute(request).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (text) => ({ response, text }))),
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: (): Retry.FailedAttempt => ({
            toError: transportError(operation, "Timeout", `${provider} ${operation} timed out after ${Duration.format(timeout)}`),
            retryable: true,
            retryAfter: undefined
          })
        }),
        Effect.catchTags({
          RequestError: (error: HttpClientError.RequestError) =>
            Effect.fail<Retry.FailedAttempt>({
              toError: transportError(operation, "Connection", `${provider} ${operation} request failed: ${error.reason} error${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`),
              retryable: true,
              retryAfter: undefined
            }),
          ResponseError: (error: HttpClientError.ResponseError) =>
            Effect.fail<Retry.FailedAttempt>({
              toError: transportError(operation, "Connection", `${provider} ${operation} response could not be read: ${error.reason} error`),
              retryable: true,
              retryAfter: undefined
            })
        }),
        Effect.flatMap(({ response, text }) => {
          if (response.status >= 200 && response.status < 300) {
            return Effect.succeed({ text, status: response.status, requestId: response.headers["x-request-id"] ?? null })
          }
          const { headers, status } = response
          return Effect.fail<Retry.FailedAttempt>({
            toError: (attempts) => fromResponse({ provider, operation, status, body: text, headers, attempts }),
            ...Retry.fromResponse(status, headers, Date.now())
          })
        })
      )

    /** Sends one GET with the retry policy; the error of the last attempt says how many were made. */
    const send = (operation: string, path: string, urlParams: Record<string, string>) => {
      const request = vendor.authorize(HttpClientRequest.get(baseUrl + path, { urlParams, acceptJson: true }))
      return Effect.suspend(() => {
        let attempts = 0
        return Effect.suspend(() => {
          attempts++
          return attempt(operation, request)
        }).pipe(
          Effect.retry(retrySchedule),
          Effect.mapError((failed) => failed.toError(attempts))
        )
      })
    }

    const refuse = (operation: string, message: string) => Effect.fail(invalidInput(provider, operation, message))

    const nativeIdOf = (operation: string, id: string) =>
      Either.match(BatchId.toNative(provider, id), {
        onLeft: (message) => refuse(operation, message),
        onRight: (nativeId) => Effect.succeed(nativeId)
      })

    const list = (options: ListOptions = {}): Effect.Effect<BatchPage, UnibatchError> =>
      Effect.gen(function* () {
        if (badBaseUrl !== undefined) return yield* refuse("list", badBaseUrl)
        const urlParams: Record<string, string> = {}
        if (options.limit !== undefined) {
          const problem = limitProblem(options.limit)
          if (problem !== undefined) return yield* refuse("list", problem)
          urlParams.limit = String(options.limit)
        }
        if (options.after !== undefined) urlParams.after = yield* nativeIdOf("list", options.after)
        const { requestId, status, text } = yield* send("list", vendor.listPath, urlParams)
        return yield* Decoder.decodePageText(text, { provider, operation: "list", status, requestId })
      }).pipe(Effect.withSpan("unibatch.list", { attributes: { provider }, captureStackTrace: false }))

    const retrieve = (id: string): Effect.Effect<Batch, UnibatchError> =>
      Effect.gen(function* () {
        if (badBaseUrl !== undefined) return yield* refuse("retrieve", badBaseUrl)
        const nativeId = yield* nativeIdOf("retrieve", id)
        const { requestId, status, text } = yield* send("retrieve", vendor.retrievePath(encodeURIComponent(nativeId)), {})
        return yield* Decoder.decodeBatchText(text, { provider, operation: "retrieve", status, requestId })
      }).pipe(Effect.withSpan("unibatch.retrieve", { attributes: { provider, id }, captureStackTrace: false }))

    const paginationError = (message: string) =>
      new DecodeError({ provider, operation: "list", status: null, requestId: null, path: "$", message: `${provider} list pagination stopped: ${message}` })

    const listAll = (options: ListAllOptions = {}): Stream.Stream<Batch, UnibatchError> => {
      interface Cursor {
        readonly after: string | undefined
        readonly pages: number
      }
      return Stream.paginateChunkEffect<Cursor, Batch, UnibatchError, never>({ after: options.after, pages: 0 }, (cursor) =>
        Effect.gen(function* () {
          const page = yield* list({ limit: options.limit, after: cursor.after })
          const last = page.data[page.data.length - 1]
          const reachedMaxPages = options.maxPages !== undefined && cursor.pages + 1 >= options.maxPages
          if (!page.hasMore || reachedMaxPages) return [Chunk.unsafeFromArray(page.data), Option.none<Cursor>()] as const
          // A vendor that says "more" but gives nothing, or the same cursor again, would loop forever.
          if (last === undefined) return yield* paginationError("the page is empty but has_more is true")
          if (last.nativeId === cursor.after) return yield* paginationError(`the cursor did not advance (after=${cursor.after})`)
          return [Chunk.unsafeFromArray(page.data), Option.some({ after: last.nativeId, pages: cursor.pages + 1 })] as const
        })
      )
    }

    return { provider, list, retrieve, listAll }
  })
