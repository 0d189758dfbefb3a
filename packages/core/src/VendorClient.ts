/**
 * The HTTP client shared by every vendor: a vendor package hands over its {@link VendorDefinition}
 * and this module does the rest the same way for all of them: input checks before any request,
 * the request itself through the `HttpClient` in context (whichever the application provides),
 * timeouts, retries, error classification, decoding, and lazy pagination.
 *
 * @module \@unibatch/core/VendorClient
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type { Batch, BatchPage } from "./Batch.js"
import type { BatchClientService, ListAllOptions, ListOptions } from "./BatchClient.js"
import * as BatchId from "./BatchId.js"
import * as Decoder from "./Decoder.js"
import * as Pagination from "./Pagination.js"
import * as Retry from "./Retry.js"
import { readBody, type TooLarge } from "./internal/responseBody.js"
import { DecodeError, fromResponse, invalidInput, TransportError, type UnibatchError } from "./UnibatchError.js"
import type { VendorDefinition } from "./VendorDefinition.js"

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
  /** Time allowed for one request, response body included. Default: 10 minutes. */
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

/** Redirects followed before the last 3xx is taken as the answer (as `fetch` does). */
const maxRedirects = 20

/**
 * Checks a base URL: http or https, no credentials, query or fragment in it. Returns the message
 * to show when it is not acceptable.
 *
 * @example
 * ```ts
 * import { baseUrlProblem } from "@unibatch/core/VendorClient"
 *
 * baseUrlProblem("ftp://example.com") // => "base URL must be http or https, got ftp:."
 * baseUrlProblem("https://api.example.com/v1?") // => "base URL must not contain a query or fragment."
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
 * bad one with an `InvalidRequestError` (`status: null`) before any request. Each request has
 * `timeout` (response body included), failed attempts are retried on the `Retry` schedule, and
 * each call is one `unibatch.list` / `unibatch.retrieve` span carrying the method, path and
 * status. The key is sent only to the base URL's origin: redirects are followed here (with
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
     * Runs one exchange as unibatch needs it: the platform's own HTTP span is off (its exit holds
     * the raw request, auth header included, and trace headers would go to the vendor), and
     * `fetch` hands redirects back rather than following them with the credentials.
     */
    const execute = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
        guarded.execute(request).pipe(
          Effect.flatMap((response) => {
            const ok = response.status >= 200 && response.status < 300
            return Effect.map(
              readBody(response, maxResponseBytes, ok),
              (body) => ({ response, body })
            )
          }),
          Effect.provideService(HttpClient.TracerDisabledWhen, () => true),
          Effect.provideService(FetchHttpClient.RequestInit, { ...Option.getOrUndefined(init), redirect: "manual" })
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

    /**
     * One GET: the body of a 2xx answer, or a {@link Retry.FailedAttempt} saying what came back.
     *
     * Timeout, span and retries use Effect's public APIs. Measured against an in-memory
     * `HttpClient` (2,000 pages of 100), everything this module adds to a request (timeout, span,
     * retry set-up, redirect guard, the stream and its read-ahead) costs well under 0.1 ms of CPU
     * a page; beyond a bare `fetch` loop, a listing's CPU goes mostly to Effect's `HttpClient`
     * itself and to decoding, which hand-rolled timers and spans would not change: the listAll
     * budget is missed over FetchHttpClient for that reason (docs/performance.md, "Known limits").
     */
    const attempt = (operation: string, request: HttpClientRequest.HttpClientRequest): Effect.Effect<Answer, Retry.FailedAttempt> =>
      execute(request).pipe(
        Effect.catchTag("HttpClientError", (error: HttpClientError.HttpClientError) =>
          Effect.fail(transportFailure(operation, "Connection", `${provider} ${operation} failed: ${withoutSecrets(describe(error))}`))),
        Effect.catchTag("TooLarge", ({ declared, headers: responseHeaders, read, status }: TooLarge) =>
          Effect.fail(refusedBody(
            operation,
            declared !== undefined && declared > maxResponseBytes
              ? `the response body is larger than maxResponseBytes (${maxResponseBytes} bytes): its content-length is ${declared}`
              : `the response body is larger than maxResponseBytes (${maxResponseBytes} bytes): reading stopped after ${read}`,
            status,
            responseHeaders[requestIdHeader] ?? null
          ))),
        Effect.timeoutOrElse({
          duration: timeout,
          orElse: () => Effect.fail(transportFailure(operation, "Timeout", `${provider} ${operation} timed out after ${Duration.format(timeout)}`))
        }),
        Effect.tap(({ response }) => Effect.annotateCurrentSpan("http.response.status_code", response.status)),
        Effect.flatMap(({ body, response }): Effect.Effect<Answer, Retry.FailedAttempt> => {
          const { headers: responseHeaders, status } = response
          const requestId = responseHeaders[requestIdHeader] ?? null
          if (status >= 200 && status < 300) {
            return body.notText === undefined
              ? Effect.succeed({ text: body.text, status, requestId })
              : Effect.fail(refusedBody(operation, `the response body is not JSON text (${body.notText})`, status, requestId))
          }
          return Effect.fail({
            toError: (attempts) =>
              fromResponse({
                provider,
                operation,
                status,
                // A body that is not text is named, not shown (its bytes would be garbage).
                body: body.notText === undefined ? withoutSecrets(body.text) : `[a response body that is not text: ${body.notText}]`,
                headers: responseHeaders,
                requestIdHeader,
                attempts
              }),
            ...Retry.fromResponse(status, responseHeaders, Date.now())
          })
        })
      )

    /**
     * Sends one GET with the retry policy; the error of the last attempt says how many were made.
     */
    const send = (operation: string, path: string, urlParams: Record<string, string>): Effect.Effect<Answer, UnibatchError> => {
      const request = HttpClientRequest.get(baseUrl + path, { urlParams, headers, acceptJson: true })
      // The retry schedule is set up only once an attempt has failed: most requests never need it.
      const retryFrom = (first: Retry.FailedAttempt) => {
        let attempts = 0
        // The schedule sees the first failure again, then each retry's.
        return Effect.suspend(() => ++attempts === 1 ? Effect.fail(first) : attempt(operation, request)).pipe(
          Effect.retry(retrySchedule),
          Effect.mapError((failed) => failed.toError(attempts))
        )
      }
      return Effect.andThen(
        Effect.annotateCurrentSpan({ "http.request.method": "GET", "url.path": basePath + path }),
        Effect.catch(attempt(operation, request), retryFrom)
      )
    }

    const refuse = (operation: string, message: string) => Effect.fail(invalidInput(provider, operation, message))

    const nativeIdOf = (operation: string, id: string): Effect.Effect<string, UnibatchError> =>
      Result.match(BatchId.toNative(definition, id), {
        onFailure: (message) => refuse(operation, message),
        onSuccess: (nativeId) => Effect.succeed(nativeId)
      })

    const decoded = <A>(result: Result.Result<A, UnibatchError>): Effect.Effect<A, UnibatchError> =>
      Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

    /** A list response that has been read and parsed, its items not yet decoded. */
    interface FetchedPage {
      readonly body: unknown
      readonly context: Decoder.DecodeContext
    }

    /** One list request (limit and native cursor already checked) and its parsed body. */
    const fetchPage = (limit: number | undefined, cursor: string | undefined): Effect.Effect<FetchedPage, UnibatchError> =>
      spanned(
        "unibatch.list",
        Effect.gen(function*() {
          if (problem !== undefined) return yield* refuse("list", problem)
          const urlParams: Record<string, string> = {}
          if (limit !== undefined) urlParams[definition.paging.limitParam] = String(limit)
          if (cursor !== undefined) urlParams[definition.paging.cursorParam] = cursor
          const { requestId, status, text } = yield* send("list", definition.paths.list, urlParams)
          const context: Decoder.DecodeContext = { provider, operation: "list", status, requestId }
          const body = yield* decoded(Decoder.parseJson(text, context))
          return { body, context }
        }),
        provider
      )

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
          if (problem !== undefined) return yield* refuse("retrieve", problem)
          const nativeId = yield* nativeIdOf("retrieve", id)
          const path = definition.paths.retrieve.replace("{id}", encodeURIComponent(nativeId))
          const { requestId, status, text } = yield* send("retrieve", path, {})
          return yield* decoded(Decoder.decodeBatchText(definition, text, { provider, operation: "retrieve", status, requestId }))
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

    // Placeholders while the lifecycle is built (issue 16); replaced by the real operations.
    const pending = (operation: string) => () => Effect.die(`${operation}: not built yet`)
    const pendingStream = (operation: string) => () => Stream.die(`${operation}: not built yet`)
    return {
      provider,
      definition,
      list,
      retrieve,
      listAll,
      create: pending("create"),
      cancel: pending("cancel"),
      upload: pending("upload"),
      retrieveFile: pending("retrieveFile"),
      listFiles: pendingStream("listFiles"),
      fileContent: pendingStream("fileContent"),
      submit: pending("submit"),
      results: pendingStream("results"),
      watch: pendingStream("watch"),
      waitForCompletion: pending("waitForCompletion")
    }
  })

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
