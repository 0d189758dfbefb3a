/**
 * `unibatch serve`: one fake vendor in the foreground, a local stand-in for the real API, played
 * from the vendor definition's fake-server profile by the test kit.
 *
 * @since 0.1.0
 */
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Output from "../Output.js"

/**
 * The parsed command line of `serve`.
 *
 * @example
 * ```ts
 * import type { ServeOptions } from "@unibatch/cli/commands/serve"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: ServeOptions = { vendor: definitions.openai, port: 0, count: Option.some(3), apiKey: Option.none(), batchDurationMs: 3000 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions {
  readonly vendor: VendorDefinition
  readonly port: number
  readonly count: Option.Option<number>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  /** How long a created batch takes to reach its end (`validating` to `completed`), in milliseconds. */
  readonly batchDurationMs: number
}

/**
 * A header name as people write it: `Authorization`, but `x-api-key` (an `x-` header) as is.
 *
 * @example
 * ```ts
 * import { headerName } from "@unibatch/cli/commands/serve"
 *
 * headerName("authorization") // => "Authorization"
 * headerName("x-api-key") // => "x-api-key"
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const headerName = (header: string): string =>
  header.startsWith("x-") ? header : header.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("-")

/**
 * How a vendor's key travels, with the key left out: `Authorization: Bearer <key>`.
 *
 * @example
 * ```ts
 * import { authLine } from "@unibatch/cli/commands/serve"
 *
 * authLine({ header: "x-api-key" }) // => "x-api-key: <key>"
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const authLine = (auth: VendorDefinition["auth"]): string =>
  `${headerName(auth.header)}: ${auth.scheme === undefined ? "" : `${auth.scheme} `}<key>`

/**
 * Runs `serve`: prints the base URL as the first stdout line, then waits. SIGINT or SIGTERM
 * interrupts the wait; the server is closed on the way out and the command exits 0.
 *
 * @example
 * ```ts
 * import { serve } from "@unibatch/cli/commands/serve"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = serve({ vendor: definitions.openai, port: 0, count: Option.some(3), apiKey: Option.none(), batchDurationMs: 3000 })
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const serve = (options: ServeOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    const count = Option.getOrUndefined(options.count)
    const apiKey = Option.getOrUndefined(Option.map(options.apiKey, Redacted.value))
    if (apiKey !== undefined && apiKey.trim() === "") return yield* usage("--api-key must be a non-empty key, got an empty one.")
    const provider = options.vendor.provider

    const startOptions: FakeVendor.Options & { readonly batchDurationMs?: number } = {
      definition: options.vendor,
      port: options.port,
      batchDurationMs: options.batchDurationMs,
      ...(count === undefined ? {} : { count }),
      ...(apiKey === undefined ? {} : { apiKey })
    }
    const server = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => FakeVendor.start(startOptions),
        catch: (error) => error
      }),
      (server) => Effect.promise(() => server.close())
    ).pipe(
      Effect.catch((error) =>
        Effect.andThen(
          Output.printErrorLines(`error: cannot start the fake ${provider} server: ${error instanceof Error ? error.message : String(error)}`),
          Effect.fail(new CommandFailed())
        )
      )
    )
    // The base URL first, alone on its line: scripts read it with `head -1`.
    yield* Output.printLines(server.baseUrl)
    const accepted = apiKey === undefined ? "any non-empty key" : "only the key given with --api-key"
    yield* Output.printErrorLines(
      `fake ${provider} with ${server.batches.length} batches; auth header ${authLine(options.vendor.auth)} (${accepted}); Ctrl-C to stop`
    )
    return yield* Effect.never
  }).pipe(Effect.scoped)
