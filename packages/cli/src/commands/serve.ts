/**
 * `unibatch serve`: one fake vendor in the foreground, a local stand-in for the real API.
 *
 * @since 0.1.0
 */
import type { Provider } from "@unibatch/core/Provider"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Output from "../Output.js"

/**
 * The parsed command line of `serve`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions {
  readonly provider: Provider
  readonly port: number
  readonly count: Option.Option<number>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
}

const authHeader: Record<Provider, string> = {
  openai: "Authorization: Bearer <key>",
  respan: "Authorization: Bearer <key>",
  neosantara: "x-api-key: <key>"
}

/**
 * Runs `serve`: prints the base URL as the first stdout line, then waits. SIGINT or SIGTERM
 * interrupts the wait; the server is closed on the way out and the command exits 0.
 *
 * @since 0.1.0
 * @category commands
 */
export const serve = (options: ServeOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function* () {
    if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
      return yield* usage(`--port must be an integer from 0 to 65535, got ${options.port}.`)
    }
    const count = Option.getOrUndefined(options.count)
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
      return yield* usage(`--count must be a whole number, got ${count}.`)
    }
    const apiKey = Option.getOrUndefined(Option.map(options.apiKey, Redacted.value))
    if (apiKey !== undefined && apiKey.trim() === "") return yield* usage("--api-key must not be empty.")

    const server = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          FakeVendor.start({
            provider: options.provider,
            port: options.port,
            ...(count === undefined ? {} : { count }),
            ...(apiKey === undefined ? {} : { apiKey })
          }),
        catch: (error) => error
      }),
      (server) => Effect.promise(() => server.close())
    ).pipe(
      Effect.catchAll((error) =>
        Effect.zipRight(
          Output.printErrorLines(`error: cannot start the fake ${options.provider} server: ${error instanceof Error ? error.message : String(error)}`),
          Effect.fail(new CommandFailed())
        )
      )
    )
    // The base URL first, alone on its line: scripts read it with `head -1`.
    yield* Output.printLines(server.baseUrl)
    const accepted = apiKey === undefined ? "any non-empty key" : "only the key given with --api-key"
    yield* Output.printErrorLines(
      `fake ${options.provider} with ${server.batches.length} batches; auth header ${authHeader[options.provider]} (${accepted}); Ctrl-C to stop`
    )
    return yield* Effect.never
  }).pipe(Effect.scoped)
