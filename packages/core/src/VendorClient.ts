/**
 * The HTTP client shared by every vendor: a vendor package hands over its {@link VendorDefinition}
 * and this module does the rest the same way for all of them: input checks before any request,
 * the request itself through the `HttpClient` in context (whichever the application provides),
 * timeouts, retries, error classification, decoding, and lazy pagination.
 *
 * @module \@unibatch/core/VendorClient
 * @since 0.1.0
 */
import * as ByteSize from "effect/ByteSize"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import type { Batch, BatchPage } from "./Batch.js"
import type {
  BatchClientService,
  CreateOptions,
  ListAllOptions,
  ListFilesOptions,
  ListOptions,
  Requests as RequestsInput,
  ResultsOptions,
  SubmitOptions,
  UploadOptions,
  UploadSource,
  WaitOptions,
  WatchOptions
} from "./BatchClient.js"
import type { BatchFile } from "./BatchFile.js"
import * as BatchId from "./BatchId.js"
import type { BatchResult } from "./BatchResult.js"
import * as Decoder from "./Decoder.js"
import * as Limits from "./internal/limits.js"
import * as Multipart from "./internal/multipart.js"
import { RequestWriter } from "./internal/requests.js"
import { type Body, readBody, type TooLarge } from "./internal/responseBody.js"
import * as Pagination from "./Pagination.js"
import * as Requests from "./Requests.js"
import * as Results from "./Results.js"
import * as Retry from "./Retry.js"
import { DecodeError, fromResponse, invalidInput, TransportError, type UnibatchError } from "./UnibatchError.js"
import type { BatchRequest } from "./BatchRequest.js"
import type { CreateInput, InlineRequests, Paging, VendorDefinition } from "./VendorDefinition.js"
import * as Watch from "./Watch.js"

/**
 * Options every vendor client accepts besides the key. A vendor package's `layer(options)` takes
 * these plus its own.
 *
 * @example
 * ```ts
 * import type { ClientOptions } from "@unibatch/core/VendorClient"
 *
 * const options: ClientOptions = { baseUrl: "http://127.0.0.1:4010/v1", timeout: "30 seconds", maxRetries: 5 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientOptions {
  /**
   * The API root; default: the definition's `defaultBaseUrl`. http or https, no credentials, query
   * or fragment (not even an empty `?` or `#`).
   */
  readonly baseUrl?: string | undefined
  /**
   * Extra headers sent with every request (a project or organization header, say). They never
   * replace the key's header or the definition's static auth headers (an API version).
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /**
   * Query parameters sent with every request (a dated API version, `{ "api-version": "2024-10-21" }`),
   * besides each operation's own (`limit`, `after`), which they never replace.
   *
   * @since 0.3.0
   */
  readonly query?: Readonly<Record<string, string>> | undefined
  /**
   * Time allowed for one request, response body included (an upload's body too). Default: 10
   * minutes. For `fileContent`, the time to the response headers: its body streams as long as
   * the consumer reads.
   */
  readonly timeout?: Duration.Input | undefined
  /** Retries after a failed attempt (see the `Retry` module), an integer of 0 or more. Default: 2. */
  readonly maxRetries?: number | undefined
  /**
   * The largest response body read, in bytes, an integer of 1 or more. Default:
   * {@link defaultMaxResponseBytes} (64 MiB, far above any real page). A larger 2xx body (an
   * endless one included) is a `DecodeError` at `$`, not retried: reading stops at the limit, and
   * a `content-length` above it fails before any of the body is read. An error body (non-2xx) is
   * read up to the limit and the rest dropped: its status decides the error.
   *
   * @since 0.2.0
   */
  readonly maxResponseBytes?: number | undefined
}

/**
 * What {@link make} takes: the API key and the {@link ClientOptions}. A plain string key is
 * wrapped in `Redacted` at once; it leaves the wrapper only in the request's auth header.
 *
 * @example
 * ```ts
 * import type { Options } from "@unibatch/core/VendorClient"
 * import * as Redacted from "effect/Redacted"
 *
 * const options: Options = { apiKey: Redacted.make("sk-..."), maxRetries: 0 }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Options extends ClientOptions {
  readonly apiKey: Redacted.Redacted<string> | string
}

/**
 * The API key from the definition's environment variable, kept `Redacted`. When the variable is
 * missing, the `ConfigError` says which variable to set.
 *
 * @example
 * ```ts
 * import * as VendorClient from "@unibatch/core/VendorClient"
 * import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
 * import * as Effect from "effect/Effect"
 *
 * declare const definition: VendorDefinition
 * const client = Effect.flatMap(VendorClient.apiKeyConfig(definition), (apiKey) => VendorClient.make(definition, { apiKey }))
 * ```
 *
 * @since 0.2.0
 * @category config
 */
export const apiKeyConfig = (
  definition: Pick<VendorDefinition, "apiKeyEnv" | "displayName">
): Config.Config<Redacted.Redacted<string>> =>
  Config.Redacted(definition.apiKeyEnv).pipe(
    Config.orElse((error) =>
      Config.fail(
        error.cause._tag === "SchemaError"
          ? new ConfigProvider.SourceError({
            message: `${definition.apiKeyEnv} is not set: set it to your ${definition.displayName} API key, or pass apiKey to layer.`
          })
          : error.cause
      )
    )
  )

const redacted = (apiKey: Redacted.Redacted<string> | string): Redacted.Redacted<string> =>
  typeof apiKey === "string" ? Redacted.make(apiKey) : apiKey

/**
 * The request timeout when none is given.
 *
 * @example
 * ```ts
 * import { defaultTimeout } from "@unibatch/core/VendorClient"
 * import * as Duration from "effect/Duration"
 *
 * Duration.toMinutes(defaultTimeout) // => 10
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultTimeout: Duration.Duration = Duration.minutes(10)

/**
 * The largest response body read when `maxResponseBytes` is not given: 64 MiB, hundreds of times
 * the largest real page, small enough that a hostile or broken vendor cannot exhaust memory.
 *
 * @example
 * ```ts
 * import { defaultMaxResponseBytes } from "@unibatch/core/VendorClient"
 *
 * defaultMaxResponseBytes // => 67108864
 * ```
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultMaxResponseBytes = 64 * 1024 * 1024

/**
 * How much of a stream of requests `submit` gathers before its upload starts (16 MiB): most
 * batches fit, and go up with a content-length; memory stays bounded for larger ones.
 */
const spoolBytes = 16 * 1024 * 1024

/** Redirects followed before the last 3xx is taken as the answer (as `fetch` does). */
const maxRedirects = 20

/**
 * Checks a base URL: http or https, no credentials, query, fragment or unfilled `{placeholder}` in it. Returns the message
 * to show when it is not acceptable.
 *
 * @example
 * ```ts
 * import { baseUrlProblem } from "@unibatch/core/VendorClient"
 *
 * baseUrlProblem("ftp://example.com") // => "base URL must be http or https, got ftp:."
 * baseUrlProblem("https://api.example.com/v1?") // => "base URL must not contain a query or fragment."
 * baseUrlProblem("https://{resource}.example.com/v1") // => 'base URL "https://{resource}.example.com/v1" has a placeholder to fill, {resource}: pass the vendor\'s base URL.'
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
  // `URL` drops an empty `?` or `#` (`https://x/v1?`), so the raw string is checked too.
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(baseUrl)) return "base URL must not contain a query or fragment."
  // A definition's default may be a template (`https://{resource}.example.com/v1`): the user fills it.
  const placeholder = /\{[^{}]*\}/.exec(baseUrl)
  if (placeholder !== null) return `base URL ${JSON.stringify(baseUrl)} has a placeholder to fill, ${placeholder[0]}: pass the vendor's base URL.`
  return undefined
}

/**
 * A header value HTTP can carry: no line breaks or other control characters, nothing beyond
 * Latin-1. `fetch` refuses anything else with a message that quotes the value, which must never
 * happen to a key.
 */
const headerValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/

/** What was wrong with the options, if anything; every call is refused with it. */
const optionsProblem = (baseUrl: string, options: Options): string | undefined => {
  const badBaseUrl = baseUrlProblem(baseUrl)
  if (badBaseUrl !== undefined) return badBaseUrl
  if (!headerValuePattern.test(Redacted.value(redacted(options.apiKey)))) {
    return "the API key contains a character an HTTP header cannot carry (a line break or other control character, or one beyond Latin-1)."
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!headerValuePattern.test(value)) return `header ${JSON.stringify(name)} contains a character an HTTP header cannot carry.`
  }
  const { maxResponseBytes, maxRetries, timeout } = options
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    return `maxRetries must be an integer of 0 or more, got ${maxRetries}.`
  }
  if (maxResponseBytes !== undefined && !(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes >= 1)) {
    return `maxResponseBytes must be an integer of 1 or more, got ${maxResponseBytes}.`
  }
  if (timeout !== undefined) {
    const duration = Duration.fromInput(timeout)
    if (Option.isNone(duration) || !Duration.isPositive(duration.value)) {
      return `timeout must be a positive duration, got ${JSON.stringify(String(timeout))}.`
    }
  }
  return undefined
}

/** A successful exchange: the body read in full. */
interface Answer {
  readonly text: string
  readonly status: number
  readonly requestId: string | null
}

/**
 * Builds the {@link BatchClientService} for a vendor from its definition: the auth header, paths,
 * ID codec, paging rule, list envelope, batch codec and request-id header all come from
 * `definition`; core knows no vendor. The HTTP client is the one in context.
 *
 * Every call checks its input first (ID, limit, cursor, and the options themselves) and refuses a
 * bad one with an `InvalidRequestError` (`status: null`) before any request: `create` and
 * `submit` check the endpoint, completion window and metadata against `definition.lifecycle.limits`,
 * `upload` the file's size where it is known. Each request has `timeout` (response body
 * included), failed attempts are retried on the `Retry` schedule, and each call is one span
 * (`unibatch.list`, `unibatch.retrieve`, `unibatch.create`, `unibatch.cancel`, `unibatch.upload`,
 * `unibatch.retrieveFile`, `unibatch.listFiles`, `unibatch.fileContent`, `unibatch.submit`)
 * carrying the method, path and status.
 *
 * Uploads are multipart and streamed: a `Blob` through `FormData` (which `fetch` streams), a
 * `Stream` or `{ path }` as a multipart body written as the bytes pass, so memory does not grow
 * with the file. A `Blob` or a path can be read again and is retried like any request; a
 * caller's `Stream` is consumed as it is sent, so its upload is sent once and never retried, and
 * its bytes are counted against `maxFileBytes` as they pass (past it, the upload stops with an
 * `InvalidRequestError`). A failure of the stream itself fails the upload with that error.
 *
 * `fileContent` streams a 2xx body as it arrives, not bounded by `maxResponseBytes` (the consumer
 * decides how much to read); `timeout` covers the wait for the response headers only, ending or
 * interrupting the stream aborts the request, and a failure mid-body is a `TransportError`. The key is sent only to the base URL's origin: redirects are followed here (with
 * `FetchHttpClient`, by asking `fetch` for manual redirects; a browser's `fetch` does not show
 * them, so there a redirect is an error), and a redirect to another origin loses every credential
 * header. A key or header value that HTTP cannot carry (a line break, ...) is refused before any
 * request, without quoting it.
 *
 * @example
 * ```ts
 * import * as BatchClient from "@unibatch/core/BatchClient"
 * import * as VendorClient from "@unibatch/core/VendorClient"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as Effect from "effect/Effect"
 * import * as Layer from "effect/Layer"
 * import * as Redacted from "effect/Redacted"
 * import * as FetchHttpClient from "effect/http/FetchHttpClient"
 *
 * const client = VendorClient.make(OpenAi.definition, {
 *   apiKey: Redacted.make("sk-test"),
 *   baseUrl: "http://127.0.0.1:4010/v1",
 *   maxRetries: 0
 * })
 * const ClientLive = Layer.effect(BatchClient.BatchClient, client).pipe(Layer.provide(FetchHttpClient.layer))
 * const page = BatchClient.list({ limit: 5 }).pipe(Effect.provide(ClientLive))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  definition: VendorDefinition,
  options: Options
): Effect.Effect<BatchClientService, never, HttpClient.HttpClient> =>
  HttpClient.HttpClient.useSync((httpClient): BatchClientService => {
    const { auth, provider } = definition
    const rawBaseUrl = options.baseUrl ?? definition.defaultBaseUrl
    const baseUrl = rawBaseUrl.replace(/\/+$/, "")
    const problem = optionsProblem(rawBaseUrl, options)
    const timeout = options.timeout === undefined || problem !== undefined ? defaultTimeout : Duration.fromInputUnsafe(options.timeout)
    const retrySchedule = Retry.schedule(options.maxRetries ?? Retry.defaultMaxRetries)
    const maxResponseBytes = problem === undefined ? options.maxResponseBytes ?? defaultMaxResponseBytes : defaultMaxResponseBytes
    const origin = problem === undefined ? new URL(baseUrl).origin : ""
    // The path part of the base URL, for the span's `url.path`.
    const basePath = problem === undefined ? new URL(baseUrl).pathname.replace(/\/+$/, "") : ""

    // Every request carries the same headers: the caller's, then the definition's static ones and
    // the key, which the caller's never replace. The key leaves its Redacted wrapper only here.
    const keyHeader = auth.header.toLowerCase()
    const requestIdHeader = definition.requestIdHeader.toLowerCase()
    // An empty key sends no key header at all, so that a stand-in server sees "missing", not "wrong".
    const key = Redacted.value(redacted(options.apiKey))
    const headers = Headers.fromInput({
      ...options.headers,
      ...auth.headers,
      ...(key === "" ? {} : { [keyHeader]: auth.scheme === undefined ? key : `${auth.scheme} ${key}` })
    })
    const credentials = new Set([
      keyHeader,
      ...Object.keys(auth.headers ?? {}).map((name) => name.toLowerCase()),
      "authorization",
      "proxy-authorization",
      "cookie"
    ])
    // A transport's message may quote a header; every credential value is cut out of it.
    const secrets = [...[...credentials].map((name) => headers[name]), key]
      .filter((value): value is string => value !== undefined && value.length > 0)
      .sort((left, right) => right.length - left.length)
    const withoutSecrets = (message: string) => secrets.reduce((text, secret) => text.split(secret).join("<redacted>"), message)
    const withoutCredentials = (request: HttpClientRequest.HttpClientRequest) => {
      let stripped = request
      for (const name of credentials) stripped = HttpClientRequest.removeHeader(stripped, name)
      return stripped
    }

    /**
     * The application's client, with redirects followed here rather than by the transport, so
     * that every request (a redirected one included) passes the origin check: credentials go to
     * the base URL's origin only.
     */
    const guarded = HttpClient.followRedirects(
      HttpClient.makeWith(
        (request) =>
          httpClient.postprocess(Effect.map(request, (request) => requestOrigin(request.url) === origin ? request : withoutCredentials(request))),
        httpClient.preprocess
      ),
      maxRedirects
    )

    /**
     * Sends one request as unibatch needs it and hands back the response, its body unread: the
     * platform's own HTTP span is off (its exit holds the raw request, auth header included, and
     * trace headers would go to the vendor), and `fetch` hands redirects back rather than
     * following them with the credentials.
     *
     * A streamed body (an upload from a path or a `Stream`) is sent with `redirect: "error"`
     * instead: under any other mode `fetch` clones the request to be able to resend it, and the
     * clone of a stream body is a tee whose unread branch keeps every byte sent (200 MB held for
     * a 200 MB upload, measured on Node 24). A redirect of such an upload is a `TransportError`.
     */
    const exchange = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
        guarded.execute(request).pipe(
          Effect.provideService(HttpClient.TracerDisabledWhen, () => true),
          Effect.provideService(FetchHttpClient.RequestInit, {
            ...Option.getOrUndefined(init),
            redirect: request.body._tag === "Stream" ? "error" : "manual"
          })
        ))

    /** A 2xx body refused unread or undecoded (too large, not text): a `DecodeError` at `$`, not retried. */
    const refusedBody = (operation: string, message: string, status: number | null = null, requestId: string | null = null): Retry.FailedAttempt => ({
      toError: (attempts) =>
        new DecodeError({ provider, operation, status, requestId, path: "$", message: `${provider} ${operation}: ${message}`, attempts }),
      retryable: false,
      retryAfter: undefined
    })

    const transportFailure = (operation: string, reason: "Connection" | "Timeout", message: string): Retry.FailedAttempt => ({
      toError: (attempts) => new TransportError({ provider, operation, status: null, requestId: null, reason, message, attempts }),
      retryable: true,
      retryAfter: undefined
    })

    const connectionFailure = (operation: string) => (error: HttpClientError.HttpClientError) =>
      Effect.fail(transportFailure(operation, "Connection", `${provider} ${operation} failed: ${withoutSecrets(describe(error))}`))

    /** A non-2xx answer, classified by its status (its body read up to the limit, secrets cut out). */
    const failedResponse = (operation: string, response: HttpClientResponse.HttpClientResponse, body: Body): Retry.FailedAttempt => ({
      toError: (attempts) =>
        fromResponse({
          provider,
          operation,
          status: response.status,
          // A body that is not text is named, not shown (its bytes would be garbage).
          body: body.notText === undefined ? withoutSecrets(body.text) : `[a response body that is not text: ${body.notText}]`,
          headers: response.headers,
          requestIdHeader,
          attempts
        }),
      ...Retry.fromResponse(response.status, response.headers, Date.now())
    })

    /** The request's time limit: past it, the attempt is a `Timeout` (retried as a connection failure is). */
    const timed = <A>(operation: string, effect: Effect.Effect<A, Retry.FailedAttempt>) =>
      Effect.timeoutOrElse(effect, {
        duration: timeout,
        orElse: () => Effect.fail(transportFailure(operation, "Timeout", `${provider} ${operation} timed out after ${Duration.format(timeout)}`))
      })

    const isOk = (status: number) => status >= 200 && status < 300

    /**
     * One attempt: the body of a 2xx answer, or a {@link Retry.FailedAttempt} saying what came back.
     *
     * Timeout, span and retries use Effect's public APIs. Measured against an in-memory
     * `HttpClient` (2,000 pages of 100), everything this module adds to a request (timeout, span,
     * retry set-up, redirect guard, the stream and its read-ahead) costs well under 0.1 ms of CPU
     * a page; beyond a bare `fetch` loop, a listing's CPU goes mostly to Effect's `HttpClient`
     * itself and to decoding, which hand-rolled timers and spans would not change: the listAll
     * budget is missed over FetchHttpClient for that reason (docs/performance.md, "Known limits").
     */
    const attempt = (operation: string, request: HttpClientRequest.HttpClientRequest): Effect.Effect<Answer, Retry.FailedAttempt> =>
      exchange(request).pipe(
        Effect.flatMap((response) => Effect.map(readBody(response, maxResponseBytes, isOk(response.status)), (body) => ({ response, body }))),
        Effect.catchTag("HttpClientError", connectionFailure(operation)),
        Effect.catchTag("TooLarge", ({ declared, headers: responseHeaders, read, status }: TooLarge) =>
          Effect.fail(refusedBody(
            operation,
            declared !== undefined && declared > maxResponseBytes
              ? `the response body is larger than maxResponseBytes (${maxResponseBytes} bytes): its content-length is ${declared}`
              : `the response body is larger than maxResponseBytes (${maxResponseBytes} bytes): reading stopped after ${read}`,
            status,
            responseHeaders[requestIdHeader] ?? null
          ))),
        (effect) => timed(operation, effect),
        Effect.tap(({ response }) => Effect.annotateCurrentSpan("http.response.status_code", response.status)),
        Effect.flatMap(({ body, response }): Effect.Effect<Answer, Retry.FailedAttempt> => {
          const { headers: responseHeaders, status } = response
          const requestId = responseHeaders[requestIdHeader] ?? null
          if (isOk(status)) {
            return body.notText === undefined
              ? Effect.succeed({ text: body.text, status, requestId })
              : Effect.fail(refusedBody(operation, `the response body is not JSON text (${body.notText})`, status, requestId))
          }
          return Effect.fail(failedResponse(operation, response, body))
        })
      )

    /**
     * One attempt whose 2xx body is left unread, to be streamed: the time limit covers the wait
     * for the response headers (and the reading of an error body), not the 2xx body.
     */
    const attemptStreamed = (
      operation: string,
      request: HttpClientRequest.HttpClientRequest
    ): Effect.Effect<HttpClientResponse.HttpClientResponse, Retry.FailedAttempt> =>
      exchange(request).pipe(
        Effect.flatMap((response) =>
          isOk(response.status)
            ? Effect.succeed(response)
            : Effect.flatMap(readBody(response, maxResponseBytes, false), (body) => Effect.fail(failedResponse(operation, response, body)))
        ),
        Effect.catchTag("HttpClientError", connectionFailure(operation)),
        // Not strict: an error body is cut at the limit, never refused as too large.
        Effect.catchTag("TooLarge", () => Effect.fail(refusedBody(operation, "the error body could not be read"))),
        (effect) => timed(operation, effect),
        Effect.tap((response) => Effect.annotateCurrentSpan("http.response.status_code", response.status))
      )

    /**
     * Runs an attempt with the retry policy; the error of the last attempt says how many were
     * made. A request whose body cannot be sent twice (`replayable: false`) is sent once.
     */
    const withRetries = <A>(run: Effect.Effect<A, Retry.FailedAttempt>, replayable: boolean): Effect.Effect<A, UnibatchError> => {
      if (!replayable) return Effect.mapError(run, (failed) => failed.toError(1))
      // The retry schedule is set up only once an attempt has failed: most requests never need it.
      const retryFrom = (first: Retry.FailedAttempt) => {
        let attempts = 0
        // The schedule sees the first failure again, then each retry's.
        return Effect.suspend(() => ++attempts === 1 ? Effect.fail(first) : run).pipe(
          Effect.retry(retrySchedule),
          Effect.mapError((failed) => failed.toError(attempts))
        )
      }
      return Effect.catch(run, retryFrom)
    }

    /** The request of a {@link Call}, with every header of the client. */
    const requestOf = (call: Call): HttpClientRequest.HttpClientRequest =>
      HttpClientRequest.make(call.method)(baseUrl + call.path, {
        urlParams: { ...options.query, ...call.urlParams },
        headers,
        acceptJson: true,
        ...(call.body === undefined ? {} : { body: call.body })
      })

    const annotated = (call: Call) => Effect.annotateCurrentSpan({ "http.request.method": call.method, "url.path": basePath + call.path })

    /** Sends a request with the retry policy and reads its answer (a 2xx body as text). */
    const send = (call: Call): Effect.Effect<Answer, UnibatchError> => {
      const request = requestOf(call)
      return Effect.andThen(annotated(call), withRetries(attempt(call.operation, request), call.replayable !== false))
    }

    /** Sends a request with the retry policy; a 2xx answer's body is left to stream. */
    const sendStreamed = (call: Call): Effect.Effect<HttpClientResponse.HttpClientResponse, UnibatchError> => {
      const request = requestOf(call)
      return Effect.andThen(annotated(call), withRetries(attemptStreamed(call.operation, request), call.replayable !== false))
    }

    const refuse = (operation: string, message: string) => Effect.fail(invalidInput(provider, operation, message))

    /** Refuses every call when the options are wrong, before anything else. */
    const checkedOptions = (operation: string): Effect.Effect<void, UnibatchError> => problem === undefined ? Effect.void : refuse(operation, problem)

    const nativeIdOf = (operation: string, id: string): Effect.Effect<string, UnibatchError> =>
      Result.match(BatchId.toNative(definition, id), {
        onFailure: (message) => refuse(operation, message),
        onSuccess: (nativeId) => Effect.succeed(nativeId)
      })

    const checkedFileId = (operation: string, id: string, name?: string): Effect.Effect<string, UnibatchError> => {
      const idProblem = Limits.fileIdProblem(id, name)
      return idProblem === undefined ? Effect.succeed(id) : refuse(operation, idProblem)
    }

    const decoded = <A>(result: Result.Result<A, UnibatchError>): Effect.Effect<A, UnibatchError> =>
      Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

    const contextOf = (operation: string, answer: Answer): Decoder.DecodeContext => ({
      provider,
      operation,
      status: answer.status,
      requestId: answer.requestId
    })

    /** A list response that has been read and parsed, its items not yet decoded. */
    interface FetchedPage {
      readonly body: unknown
      readonly context: Decoder.DecodeContext
    }

    /** One list request (limit and native cursor already checked) and its parsed body. */
    const fetchListPage = (
      operation: string,
      path: string,
      paging: Paging,
      limit: number | undefined,
      cursor: string | undefined,
      extraParams: Record<string, string> = {}
    ): Effect.Effect<FetchedPage, UnibatchError> =>
      spanned(
        `unibatch.${operation}`,
        Effect.gen(function*() {
          yield* checkedOptions(operation)
          const urlParams: Record<string, string> = { ...extraParams }
          if (limit !== undefined) urlParams[paging.limitParam] = String(limit)
          if (cursor !== undefined) urlParams[paging.cursorParam] = cursor
          const answer = yield* send({ operation, method: "GET", path, urlParams })
          const context = contextOf(operation, answer)
          const body = yield* decoded(Decoder.parseJson(answer.text, context))
          return { body, context }
        }),
        provider
      )

    const fetchPage = (limit: number | undefined, cursor: string | undefined) =>
      fetchListPage("list", definition.paths.list, definition.paging, limit, cursor)

    const checkedLimit = (limit: number | undefined): Effect.Effect<number | undefined, UnibatchError> => {
      if (limit === undefined) return Effect.succeed(undefined)
      const limitProblem = Pagination.limitProblem(definition.paging, limit)
      return limitProblem === undefined ? Effect.succeed(limit) : refuse("list", limitProblem)
    }

    const cursorOf = (after: string | undefined): Effect.Effect<string | undefined, UnibatchError> =>
      after === undefined ? Effect.succeed(undefined) : nativeIdOf("list", after)

    const list = (listOptions: ListOptions = {}): Effect.Effect<BatchPage, UnibatchError> =>
      Effect.gen(function*() {
        const limit = yield* checkedLimit(listOptions.limit)
        const cursor = yield* cursorOf(listOptions.after)
        const { body, context } = yield* fetchPage(limit, cursor)
        return yield* decoded(Decoder.decodePage(definition, body, context))
      })

    const retrieve = (id: string): Effect.Effect<Batch, UnibatchError> =>
      spanned(
        "unibatch.retrieve",
        Effect.gen(function*() {
          yield* checkedOptions("retrieve")
          const nativeId = yield* nativeIdOf("retrieve", id)
          const answer = yield* send({ operation: "retrieve", method: "GET", path: pathWithId(definition.paths.retrieve, nativeId) })
          return yield* decoded(Decoder.decodeBatchText(definition, answer.text, contextOf("retrieve", answer)))
        }),
        provider,
        { id }
      )

    const pager: Pagination.Pager<FetchedPage, Batch> = {
      fetch: ({ cursor, limit }) => fetchPage(limit, cursor),
      body: (page) => page.body,
      items: ({ body, context }) => Effect.map(decoded(Decoder.decodePage(definition, body, context)), (page) => page.data)
    }

    const listAll = (listAllOptions: ListAllOptions = {}): Stream.Stream<Batch, UnibatchError> =>
      Stream.unwrap(Effect.map(cursorOf(listAllOptions.after), (after) =>
        Pagination.listAll(definition, pager, {
          limit: listAllOptions.limit,
          after,
          maxPages: listAllOptions.maxPages,
          readAhead: listAllOptions.readAhead
        })))

    // -------------------------------------------------------------------------------------------
    // The lifecycle: create, cancel, files, submit, results, watch.
    // -------------------------------------------------------------------------------------------

    const { lifecycle } = definition
    const { limits } = lifecycle

    /** Endpoint, window and metadata, checked against the vendor's limits; the window defaults to the vendor's first. */
    const checkedBatchInput = (
      operation: string,
      input: Omit<CreateOptions, "inputFileId">
    ): Effect.Effect<Omit<CreateInput, "inputFileId">, UnibatchError> => {
      const completionWindow = input.completionWindow ?? limits.completionWindows[0]
      const inputProblem = Limits.batchInputProblem(limits, definition.displayName, {
        endpoint: input.endpoint,
        completionWindow,
        metadata: input.metadata
      })
      return inputProblem === undefined
        ? Effect.succeed({ endpoint: input.endpoint, completionWindow: completionWindow!, metadata: input.metadata ?? {} })
        : refuse(operation, inputProblem)
    }

    /** A vendor that takes its requests inline has no files and no create from a file. */
    const notInline = (operation: string): Effect.Effect<void, UnibatchError> =>
      lifecycle.inline === undefined
        ? Effect.void
        : refuse(operation, `${provider} takes requests inline; use submit (${definition.displayName} has no batch files, so no ${operation}).`)

    const create = (createOptions: CreateOptions): Effect.Effect<Batch, UnibatchError> =>
      spanned(
        "unibatch.create",
        Effect.gen(function*() {
          yield* checkedOptions("create")
          yield* notInline("create")
          if (typeof createOptions !== "object" || createOptions === null) {
            return yield* refuse("create", "create takes { inputFileId, endpoint, completionWindow?, metadata? }.")
          }
          const inputFileId = yield* checkedFileId("create", createOptions.inputFileId, "inputFileId")
          const input = yield* checkedBatchInput("create", createOptions)
          const answer = yield* send({
            operation: "create",
            method: "POST",
            path: lifecycle.paths.create,
            body: jsonBody(lifecycle.createBody({ ...input, inputFileId }))
          })
          return yield* decoded(Decoder.decodeBatchText(definition, answer.text, contextOf("create", answer)))
        }),
        provider
      )

    const cancel = (id: string): Effect.Effect<Batch, UnibatchError> =>
      spanned(
        "unibatch.cancel",
        Effect.gen(function*() {
          yield* checkedOptions("cancel")
          const nativeId = yield* nativeIdOf("cancel", id)
          const answer = yield* send({ operation: "cancel", method: "POST", path: pathWithId(lifecycle.paths.cancel, nativeId) })
          const context = contextOf("cancel", answer)
          const value = yield* decoded(Decoder.parseJson(answer.text, context))
          // Any vendor's cancel answer may be partial (Neosantara documents one; a proxy may trim
          // another): the cancel happened, so only id and status are required of its answer.
          return yield* decoded(Decoder.decodeBatch(definition, value, context, { partial: true }))
        }),
        provider,
        { id }
      )

    const tooLarge = (operation: string, size: number, known: boolean) =>
      invalidInput(provider, operation, Limits.fileTooLarge(limits, definition.displayName, size, known))

    /** The multipart body of an upload, and whether it can be sent again on a retry. */
    interface UploadBody {
      readonly body: HttpBody.HttpBody
      readonly replayable: boolean
    }

    /** A streamed form around `content` (a path's bytes or the caller's stream). */
    const streamedUpload = (
      purpose: string,
      filename: string,
      content: Stream.Stream<Uint8Array, UnibatchError>,
      size: number | undefined
    ): HttpBody.HttpBody => {
      const form = Multipart.streamedForm([["purpose", purpose]], { name: "file", filename, contentType: jsonlType, content, size })
      return HttpBody.stream(form.body, form.contentType, form.contentLength)
    }

    const uploadBody = (
      source: UploadSource,
      purpose: string,
      filename: string | undefined,
      onSourceFailure: (error: UnibatchError) => void
    ): Effect.Effect<UploadBody, UnibatchError> =>
      Effect.gen(function*() {
        const { maxFileBytes } = limits
        if (typeof Blob !== "undefined" && source instanceof Blob) {
          if (source.size > maxFileBytes) return yield* Effect.fail(tooLarge("upload", source.size, true))
          const form = new FormData()
          form.append("purpose", purpose)
          // `slice` gives the part its content type without copying the bytes; `fetch` streams them.
          form.append("file", source.slice(0, source.size, jsonlType), filename ?? defaultFilename)
          return { body: HttpBody.formData(form), replayable: true }
        }
        if (Stream.isStream(source)) {
          // Read once, as it is sent: its bytes are counted against the limit as they pass. A
          // second reading (a 307 redirect resends the body) fails rather than send a stream
          // that may already be spent.
          let readings = 0
          const once = Stream.suspend(() =>
            ++readings === 1
              ? source as Stream.Stream<Uint8Array, UnibatchError>
              : Stream.fail(invalidInput(provider, "upload", "the upload Stream cannot be sent twice (the vendor redirected the upload): pass a Blob or { path }, which can."))
          )
          const content = Multipart.limitBytes(once, maxFileBytes, (read) => tooLarge("upload", read, false))
            .pipe(Stream.tapError((error) => Effect.sync(() => onSourceFailure(error))))
          return { body: streamedUpload(purpose, filename ?? defaultFilename, content, undefined), replayable: false }
        }
        if (typeof source === "object" && source !== null && typeof (source as { path?: unknown }).path === "string") {
          const path = (source as { path: string }).path
          const fileSystem = yield* Effect.serviceOption(FileSystem.FileSystem)
          if (Option.isNone(fileSystem)) {
            return yield* refuse(
              "upload",
              `uploading { path } needs a FileSystem service: provide a FileSystem layer (e.g. NodeFileSystem.layer from @effect/platform-node), or pass the file as a Blob (await fs.openAsBlob(path)).`
            )
          }
          const cannotRead = (error: { readonly message: string }) => invalidInput(provider, "upload", `cannot read ${Limits.quoted(path)}: ${error.message}`)
          const info = yield* Effect.mapError(fileSystem.value.stat(path), cannotRead)
          if (info.type !== "File") return yield* refuse("upload", `${Limits.quoted(path)} is not a file (it is a ${info.type}).`)
          const size = ByteSize.toBigInt(info.size)
          if (size > BigInt(maxFileBytes)) return yield* Effect.fail(tooLarge("upload", Number(size), true))
          // A path is read afresh on every attempt, so its upload is retried like any request; a
          // file that grows past the limit meanwhile is still stopped there.
          const content = Multipart.limitBytes(fileSystem.value.stream(path).pipe(Stream.mapError(cannotRead)), maxFileBytes, (read) => tooLarge("upload", read, false))
            .pipe(Stream.tapError((error) => Effect.sync(() => onSourceFailure(error))))
          return { body: streamedUpload(purpose, filename ?? baseName(path) ?? defaultFilename, content, Number(size)), replayable: true }
        }
        return yield* refuse("upload", `upload takes a Blob, a Stream of Uint8Array or { path }, got ${describeSource(source)}.`)
      })

    const upload = (source: UploadSource, uploadOptions: UploadOptions = {}): Effect.Effect<BatchFile, UnibatchError> =>
      spanned(
        "unibatch.upload",
        Effect.gen(function*() {
          yield* checkedOptions("upload")
          yield* notInline("upload")
          const purpose = uploadOptions.purpose ?? lifecycle.filePurpose
          const purposeProblem = Limits.formValueProblem("purpose", purpose)
          if (purposeProblem !== undefined) return yield* refuse("upload", purposeProblem)
          if (uploadOptions.filename !== undefined) {
            const filenameProblem = Limits.formValueProblem("filename", uploadOptions.filename)
            if (filenameProblem !== undefined) return yield* refuse("upload", filenameProblem)
          }
          // A failure of the source itself (its own error, or the size limit) is what the caller
          // needs to see, not the transport's report of an aborted body.
          let sourceFailure: UnibatchError | undefined
          const { body, replayable } = yield* uploadBody(source, purpose, uploadOptions.filename, (error) => {
            sourceFailure ??= error
          })
          const answer = yield* send({ operation: "upload", method: "POST", path: lifecycle.paths.files, body, replayable }).pipe(
            Effect.catch((error) => Effect.fail(sourceFailure ?? error))
          )
          if (sourceFailure !== undefined) return yield* Effect.fail(sourceFailure)
          return yield* decoded(Decoder.decodeFileText(definition, answer.text, contextOf("upload", answer)))
        }),
        provider
      )

    const retrieveFile = (id: string): Effect.Effect<BatchFile, UnibatchError> =>
      spanned(
        "unibatch.retrieveFile",
        Effect.gen(function*() {
          yield* checkedOptions("retrieveFile")
          yield* notInline("retrieveFile")
          const fileId = yield* checkedFileId("retrieveFile", id)
          const answer = yield* send({ operation: "retrieveFile", method: "GET", path: pathWithId(lifecycle.paths.file, fileId) })
          return yield* decoded(Decoder.decodeFileText(definition, answer.text, contextOf("retrieveFile", answer)))
        }),
        provider,
        { id }
      )

    /** The file listing as {@link Pagination.listAll} reads it: the files' paging and envelope. */
    const filesVendor: Pagination.PagedVendor = {
      provider,
      paging: lifecycle.filePaging,
      list: lifecycle.fileList,
      batch: { required: { id: lifecycle.file.required.id } }
    }

    const listFiles = (listOptions: ListFilesOptions = {}): Stream.Stream<BatchFile, UnibatchError> =>
      Stream.unwrap(Effect.gen(function*() {
        yield* notInline("listFiles")
        const after = listOptions.after === undefined ? undefined : yield* checkedFileId("listFiles", listOptions.after, "after")
        const { purpose } = listOptions
        if (purpose !== undefined) {
          const purposeProblem = Limits.formValueProblem("purpose", purpose)
          if (purposeProblem !== undefined) return yield* refuse("listFiles", purposeProblem)
        }
        const filePager: Pagination.Pager<FetchedPage, BatchFile> = {
          fetch: ({ cursor, limit }) =>
            fetchListPage("listFiles", lifecycle.paths.files, lifecycle.filePaging, limit, cursor, purpose === undefined ? {} : { purpose }),
          body: (page) => page.body,
          items: ({ body, context }) => Effect.map(decoded(Decoder.decodeFilePage(definition, body, context)), (page) => page.data)
        }
        return Pagination.listAll(filesVendor, filePager, {
          limit: listOptions.limit,
          after,
          maxPages: listOptions.maxPages,
          operation: "listFiles"
        })
      }))

    const fileContent = (id: string): Stream.Stream<Uint8Array, UnibatchError> =>
      Stream.unwrap(Effect.gen(function*() {
        yield* checkedOptions("fileContent")
        yield* notInline("fileContent")
        const fileId = yield* checkedFileId("fileContent", id)
        const call: Call = { operation: "fileContent", method: "GET", path: pathWithId(lifecycle.paths.fileContent, fileId) }
        const response = yield* sendStreamed(call)
        const requestId = response.headers[requestIdHeader] ?? null
        // Ending or interrupting the stream aborts the request (the transport's response does so).
        // A missing body (a 204 through `fetch`) is an empty file.
        return Stream.catch(response.stream, (error) =>
          error.reason._tag === "EmptyBodyError" ? Stream.empty : Stream.fail(
            new TransportError({
              provider,
              operation: "fileContent",
              status: response.status,
              requestId,
              reason: "Connection",
              message: `${provider} fileContent ${fileId} failed while reading the body: ${withoutSecrets(describe(error))}`,
              attempts: 1
            })
          ))
      })).pipe(Stream.withSpan("unibatch.fileContent", { attributes: { provider, id }, captureStackTrace: false }))

    /**
     * The bytes at a URL the vendor gave (a batch's `resultsUrl`): the client's headers go with it,
     * and the redirect guard strips every credential when its origin is not the base URL's.
     */
    const urlContent = (url: string): Stream.Stream<Uint8Array, UnibatchError> =>
      Stream.unwrap(Effect.gen(function*() {
        yield* checkedOptions("results")
        let parsed: URL
        try {
          parsed = new URL(url)
        } catch {
          return yield* refuse("results", `the batch's results URL is not a URL: ${Limits.quoted(url)}.`)
        }
        if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
          return yield* refuse("results", `the batch's results URL is not http or https: ${Limits.quoted(url)}.`)
        }
        const request = HttpClientRequest.get(parsed.href, { headers, acceptJson: true })
        const response = yield* withRetries(attemptStreamed("results", request), true)
        const requestId = response.headers[requestIdHeader] ?? null
        return Stream.catch(response.stream, (error) =>
          error.reason._tag === "EmptyBodyError" ? Stream.empty : Stream.fail(
            new TransportError({
              provider,
              operation: "results",
              status: response.status,
              requestId,
              reason: "Connection",
              message: `${provider} results at ${parsed.origin}${parsed.pathname} failed while reading the body: ${withoutSecrets(describe(error))}`,
              attempts: 1
            })
          ))
      }))

    const submit = (requests: RequestsInput, submitOptions: SubmitOptions): Effect.Effect<Batch, UnibatchError> =>
      spanned(
        "unibatch.submit",
        Effect.gen(function*() {
          yield* checkedOptions("submit")
          if (typeof submitOptions !== "object" || submitOptions === null) {
            return yield* refuse("submit", "submit takes the requests and { endpoint, completionWindow?, metadata?, filename? }.")
          }
          // Every check of create first: nothing is uploaded for a batch that cannot be created.
          const input = yield* checkedBatchInput("submit", submitOptions)
          if (lifecycle.inline !== undefined) return yield* submitInline(requests, input, lifecycle.inline)
          // An array is checked whole first: a bad line (a duplicate customId, another model
          // where the vendor takes one) is refused before any request, not mid-upload.
          if (Array.isArray(requests)) {
            const refusal = new RequestWriter(definition, input.endpoint).check(requests)
            if (refusal !== undefined) return yield* Effect.fail(refusal)
          }
          const lines = Requests.writeRequests(definition, requests, { endpoint: input.endpoint })
          // An array is in memory already: its JSONL goes up whole, as a Blob.
          const source = yield* spooled(lines, Array.isArray(requests) ? Number.POSITIVE_INFINITY : spoolBytes)
          const file = yield* upload(source, { filename: submitOptions.filename ?? defaultFilename })
          return yield* create({ ...input, inputFileId: file.id })
        }).pipe(Effect.scoped),
        provider
      )

    /**
     * Inline submit: the requests gathered (one past the limit, to name it), checked whole (the
     * writer's rules, then the vendor's `customId` rule, then the body's size), and sent in the
     * create body. Nothing is sent for a request that would be refused.
     */
    const submitInline = (
      requests: RequestsInput,
      input: Omit<CreateInput, "inputFileId">,
      inline: InlineRequests
    ): Effect.Effect<Batch, UnibatchError> =>
      Effect.gen(function*() {
        const gathered: ReadonlyArray<BatchRequest> = Array.isArray(requests)
          ? requests
          : yield* Stream.runCollect(Stream.take(Requests.fromRequests(requests, { provider, operation: "submit" }), limits.maxRequests + 1))
        if (gathered.length === 0) return yield* refuse("submit", "no requests: a batch takes at least one.")
        const refusal = new RequestWriter(definition, input.endpoint).check(gathered)
        if (refusal !== undefined) return yield* Effect.fail(refusal)
        for (let index = 0; index < gathered.length; index++) {
          const customId = gathered[index]!.customId
          if (!inline.customId.pattern.test(customId)) {
            return yield* refuse(
              "submit",
              `line ${index + 1}: customId ${JSON.stringify(customId.length > 80 ? `${customId.slice(0, 80)}...` : customId)} is not one ${definition.displayName} takes: ${inline.customId.description}.`
            )
          }
        }
        const text = JSON.stringify(inline.body(gathered, input))
        const bytes = new TextEncoder().encode(text).length
        if (bytes > inline.maxBodyBytes) {
          return yield* refuse(
            "submit",
            `the ${gathered.length} requests make a ${bytes}-byte create body, past the ${inline.maxBodyBytes} bytes a ${definition.displayName} batch takes (maxBodyBytes).`
          )
        }
        const answer = yield* send({ operation: "submit", method: "POST", path: lifecycle.paths.create, body: HttpBody.text(text, "application/json") })
        return yield* decoded(Decoder.decodeBatchText(definition, answer.text, contextOf("submit", answer)))
      })

    /**
     * The requests' JSONL as an upload source: when it ends within `limit` bytes, a Blob (sent with
     * a content-length, which some servers require of an upload, and retried like any request);
     * a longer one is sent as it is written, after what was gathered, once.
     */
    const spooled = (
      lines: Stream.Stream<Uint8Array, UnibatchError>,
      limit: number
    ): Effect.Effect<UploadSource, UnibatchError, Scope.Scope> =>
      Effect.gen(function*() {
        const pull = yield* Stream.toPull(lines)
        const head: Array<Uint8Array<ArrayBuffer>> = []
        let size = 0
        while (size < limit) {
          const chunk = yield* Pull.catchDone(pull, () => Effect.succeed(undefined))
          if (chunk === undefined) return new Blob(head)
          for (const bytes of chunk) {
            head.push(bytes as Uint8Array<ArrayBuffer>)
            size += bytes.length
          }
        }
        return Stream.concat(Stream.fromIterable(head), Stream.fromPull(Effect.succeed(pull)))
      })

    const results = (batch: Batch | string, resultsOptions?: ResultsOptions): Stream.Stream<BatchResult, UnibatchError> =>
      Stream.unwrap(Effect.map(
        typeof batch === "string" ? retrieve(batch) : Effect.succeed(batch),
        (known) => Results.read(definition, { batch: known, content: fileContent, url: urlContent }, resultsOptions)
      ))

    const watch = (id: string, watchOptions?: WatchOptions): Stream.Stream<Batch, UnibatchError> => Watch.watch(retrieve, id, watchOptions)

    const waitForCompletion = (id: string, waitOptions?: WaitOptions): Effect.Effect<Batch, UnibatchError> =>
      Watch.waitForCompletion(retrieve, id, { ...waitOptions, provider })

    return {
      provider,
      definition,
      list,
      retrieve,
      listAll,
      create,
      cancel,
      upload,
      retrieveFile,
      listFiles,
      fileContent,
      submit,
      results,
      watch,
      waitForCompletion
    }
  })

/** One request as an operation describes it. */
interface Call {
  readonly operation: string
  readonly method: "GET" | "POST"
  readonly path: string
  readonly urlParams?: Record<string, string> | undefined
  readonly body?: HttpBody.HttpBody | undefined
  /**
   * `false` when the body cannot be sent twice (a caller's `Stream`, consumed as it is sent): the
   * request is then sent once and never retried.
   */
  readonly replayable?: boolean | undefined
}

/** The content type of a batch input file. */
const jsonlType = "application/jsonl"

/** The file name of an upload when neither the options nor a path give one. */
const defaultFilename = "requests.jsonl"

/** A path with its `{id}` replaced by the URL-encoded id. */
const pathWithId = (path: string, id: string): string => path.replace("{id}", encodeURIComponent(id))

const jsonBody = (value: unknown): HttpBody.HttpBody => HttpBody.text(JSON.stringify(value), "application/json")

/** The last part of a path (`/` or `\` separated), or `undefined` when it has none. */
const baseName = (path: string): string | undefined => {
  const name = path.split(/[\\/]/).pop()
  return name === undefined || name === "" ? undefined : name
}

/** What an upload source that is none of the accepted kinds is, for the message. */
const describeSource = (source: unknown): string =>
  source === null ? "null" : Array.isArray(source) ? "an array" : typeof source === "object" ? "an object without a path" : typeof source

/** The origin of a URL, or `""` when it is not one. */
const requestOrigin = (url: string): string => {
  try {
    return new URL(url).origin
  } catch {
    return ""
  }
}

/** A transport failure in a few words, without the request (whose headers hold the key). */
const describe = (error: HttpClientError.HttpClientError): string => {
  const { reason } = error
  const cause = reason.cause
  const detail = cause instanceof Error
    ? (cause.cause instanceof Error && cause.cause.message !== cause.message ? `${cause.message}: ${cause.cause.message}` : cause.message)
    : reason.description
  return detail === undefined || detail === "" ? reason._tag : `${reason._tag} (${detail})`
}

/**
 * Runs `effect` in a span of its own (a child of the caller's), ended with the call's outcome
 * except that a success is recorded as `Exit.void`: a span made before the request and handed
 * the page after it kept every page alive until a full collection
 * (test/adapters/tracing.test.ts pins this).
 */
const spanned = <A, E>(
  name: string,
  effect: Effect.Effect<A, E>,
  provider: string,
  attributes: Record<string, string> = {}
): Effect.Effect<A, E> =>
  Effect.suspend(() => {
    let value: A
    return effect.pipe(
      Effect.map((result) => {
        value = result
      }),
      Effect.withSpan(name, { attributes: { provider, ...attributes } }, { captureStackTrace: false }),
      Effect.map(() => value)
    )
  })
