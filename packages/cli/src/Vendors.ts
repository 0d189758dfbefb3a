/**
 * How the live commands (`list`, `get`, `conform --live`) reach a vendor: the key from the
 * variable its definition names, the checks made before any request, and the `BatchClient` built
 * from the definition over a standard HTTP client. Nothing here names a vendor.
 *
 * @since 0.1.0
 */
import { BatchClient } from "@unibatch/core/BatchClient"
import * as VendorClient from "@unibatch/core/VendorClient"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { badValue, usage, type UsageError } from "./Failure.js"
import * as Output from "./Output.js"

/**
 * Where to reach a vendor and with which key: what `VendorClient.make` takes.
 *
 * @example
 * ```ts
 * import type { Connection } from "@unibatch/cli/Vendors"
 * import * as Redacted from "effect/Redacted"
 *
 * const connection: Connection = { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1", maxRetries: 0 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type Connection = VendorClient.Options

/**
 * The command's HTTP client: `fetch` (`FetchHttpClient`), which Node has built in. Redirects are
 * followed by the vendor client itself, so that the key never leaves the vendor's origin.
 *
 * @example
 * ```ts
 * import { transport } from "@unibatch/cli/Vendors"
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const transport: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer

/**
 * The `BatchClient` for a vendor, over {@link transport}. Every command runs the same program on
 * whichever Layer this returns. With an empty key no auth header is sent (VendorClient's rule).
 *
 * @example
 * ```ts
 * import { layer } from "@unibatch/cli/Vendors"
 * import * as Redacted from "effect/Redacted"
 * import { definitions } from "unibatch/Providers"
 *
 * const live = layer(definitions.openai, { apiKey: Redacted.make("sk-test"), baseUrl: "http://127.0.0.1:4010/v1" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (definition: VendorDefinition, connection: Connection): Layer.Layer<BatchClient> =>
  Layer.effect(BatchClient, VendorClient.make(definition, connection)).pipe(Layer.provide(transport))

/**
 * Flags shared by the commands that call a vendor.
 *
 * @example
 * ```ts
 * import type { RemoteFlags } from "@unibatch/cli/Vendors"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const flags: RemoteFlags = { vendor: definitions.openai, baseUrl: Option.none() }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface RemoteFlags {
  readonly vendor: VendorDefinition
  readonly baseUrl: Option.Option<string>
  /** `--api-key-env`: the variable the key is read from instead of the definition's. */
  readonly apiKeyEnv?: Option.Option<string> | undefined
  readonly maxRetries?: Option.Option<number> | undefined
  readonly timeoutMs?: Option.Option<number> | undefined
}

/**
 * Refuses a `--base-url` that is not an http(s) URL without credentials, query or fragment.
 *
 * @example
 * ```ts
 * import { checkBaseUrl } from "@unibatch/cli/Vendors"
 * import * as Option from "effect/Option"
 *
 * const check = checkBaseUrl(Option.some("ftp://example.com")) // fails: --base-url must be ...
 * ```
 *
 * @since 0.2.0
 * @category checks
 */
export const checkBaseUrl = (baseUrl: Option.Option<string>): Effect.Effect<void, UsageError> => {
  if (Option.isNone(baseUrl)) return Effect.void
  const problem = VendorClient.baseUrlProblem(baseUrl.value)
  if (problem === undefined) return Effect.void
  // Credentials in the URL are not echoed: the message may end up in a log.
  const shown = baseUrl.value.replace(/\/\/[^/@]*@/, "//<credentials>@")
  return Effect.fail(badValue("--base-url", shown, "an http or https URL without credentials, query or fragment"))
}

/**
 * Refuses a page size the vendor does not serve.
 *
 * @example
 * ```ts
 * import { checkLimit } from "@unibatch/cli/Vendors"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const check = checkLimit(definitions.openai, Option.some(500)) // fails: --limit must be an integer from 1 to 100 ...
 * ```
 *
 * @since 0.2.0
 * @category checks
 */
export const checkLimit = (definition: VendorDefinition, limit: Option.Option<number>): Effect.Effect<void, UsageError> =>
  Option.isSome(limit) && limit.value > definition.paging.maxLimit
    ? Effect.fail(badValue("--limit", String(limit.value), `an integer from 1 to ${definition.paging.maxLimit} (${definition.provider}'s largest page)`))
    : Effect.void

/** What an HTTP header value can carry (as core's `VendorClient` checks it): tab, printable ASCII, Latin-1. */
const headerValuePattern = /^[\t\x20-\x7e\x80-\xff]*$/

/**
 * The key, from the variable the definition names (`apiKeyEnv`) or `--api-key-env` names, never printed. Without a key a
 * real vendor is refused; a `--base-url` stand-in (a fake server, a proxy that adds the key) is
 * called without one, with a note on stderr. A key with a character a header cannot carry (CR,
 * LF, another control character, one beyond Latin-1) is wrong usage, refused before any request
 * with a message that does not quote it.
 *
 * @example
 * ```ts
 * import { apiKey } from "@unibatch/cli/Vendors"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const key = apiKey(definitions.respan, Option.none()) // fails unless RESPAN_API_KEY is set
 * ```
 *
 * @since 0.2.0
 * @category keys
 */
export const apiKey = (
  definition: VendorDefinition,
  baseUrl: Option.Option<string>,
  apiKeyEnv: Option.Option<string> = Option.none()
): Effect.Effect<Redacted.Redacted<string>, UsageError> =>
  Effect.gen(function*() {
    const variable = Option.getOrElse(apiKeyEnv, () => definition.apiKeyEnv)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      return yield* Effect.fail(badValue("--api-key-env", variable, "an environment variable name (letters, digits and _, not first a digit)"))
    }
    const key = process.env[variable]?.trim() ?? ""
    if (key === "") {
      if (Option.isNone(baseUrl)) return yield* usage(`${variable} is not set: export the ${definition.provider} API key in it.`)
      yield* Output.printErrorLines(`note: ${variable} is not set; calling ${baseUrl.value} without a key.`)
    }
    if (!headerValuePattern.test(key)) {
      return yield* usage(
        `${variable} holds a character an HTTP header cannot carry (a line break, another control character, or one beyond Latin-1); the key is not shown.`
      )
    }
    return Redacted.make(key)
  })

/**
 * The base URL check, then the key: all before any request, none ever printing the key.
 *
 * @example
 * ```ts
 * import { connect } from "@unibatch/cli/Vendors"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const connection = connect({ vendor: definitions.openai, baseUrl: Option.none() })
 * ```
 *
 * @since 0.2.0
 * @category keys
 */
export const connect = (flags: RemoteFlags): Effect.Effect<Connection, UsageError> =>
  Effect.gen(function*() {
    yield* checkBaseUrl(flags.baseUrl)
    const key = yield* apiKey(flags.vendor, flags.baseUrl, flags.apiKeyEnv ?? Option.none())
    const timeoutMs = flags.timeoutMs === undefined ? undefined : Option.getOrUndefined(flags.timeoutMs)
    return {
      apiKey: key,
      baseUrl: Option.getOrUndefined(flags.baseUrl),
      maxRetries: flags.maxRetries === undefined ? undefined : Option.getOrUndefined(flags.maxRetries),
      timeout: timeoutMs === undefined ? undefined : Duration.millis(timeoutMs)
    }
  })
