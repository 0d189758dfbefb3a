/**
 * The API key never leaves the auth header: not in errors (String, JSON, inspect, the canonical
 * JSON), not in log lines (even a logged Cause), not in tracing spans (names, attributes, events,
 * exits), for every vendor and every way a call can fail.
 */
import { describe, it } from "@effect/vitest"
import * as Neosantara from "@unibatch/neosantara/Neosantara"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as FakeVendor from "@unibatch/testkit/FakeVendor"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { inspect } from "node:util"
import { assert } from "vitest"
import { apiKey, setup, transports, vendorsOver } from "./vendors.js"

/** Wraps the current tracer so everything written to a span is also kept as text. */
const recordingTracer = (base: Tracer.Tracer, recorded: Array<string>, spanNames: Array<string>) =>
  Tracer.make({
    ...(base.context === undefined ? {} : { context: base.context }),
    span: (options) => {
      const span = base.span(options)
      const { name } = options
      recorded.push(name, inspect(options.annotations, { depth: 10 }))
      const attribute = span.attribute.bind(span)
      const event = span.event.bind(span)
      const end = span.end.bind(span)
      return Object.assign(span, {
        attribute: (key: string, value: unknown) => {
          recorded.push(`${key}=${inspect(value, { depth: 10 })}`)
          attribute(key, value)
        },
        event: (eventName: string, time: bigint, attributes?: Record<string, unknown>) => {
          recorded.push(eventName, inspect(attributes, { depth: 10 }))
          event(eventName, time, attributes)
        },
        end: (time: bigint, exit: Exit.Exit<unknown, unknown>) => {
          // Recorded whole: the platform's HTTP span, whose exit holds the raw request (auth
          // header included), is off for unibatch's requests, so every span here is unibatch's.
          recorded.push(inspect(exit, { depth: 10 }), inspect(span.attributes, { depth: 10 }))
          spanNames.push(name)
          end(time, exit)
        }
      })
    }
  })

for (const vendor of transports.flatMap((transport) => vendorsOver(transport).map((vendor) => ({ ...vendor, transport: transport.name })))) {
  describe(`${vendor.provider} over ${vendor.transport}: the key stays secret`, () => {
    it.live("in every error, log line and span", () =>
      Effect.gen(function*() {
        const recorded: Array<string> = []
        const spanNames: Array<string> = []
        const logs: Array<string> = []
        const { client, server } = yield* setup(vendor, {}, { timeout: "300 millis", maxRetries: 1 })
        const outcomes: Array<UnibatchError> = []
        const run = <A>(effect: Effect.Effect<A, UnibatchError>) =>
          effect.pipe(
            Effect.tapCause((cause) => Effect.logError("call failed", cause)),
            Effect.tap((value) => Effect.logDebug("call succeeded", value)),
            Effect.flip,
            Effect.map((error) => outcomes.push(error)),
            Effect.ignore
          )
        const base = yield* Effect.tracer
        yield* Effect.gen(function*() {
          yield* run(client.list({ limit: 2 }))
          yield* run(client.retrieve("batch_unknown"))
          server.inject({ status: 401, times: 2 })
          yield* run(client.list())
          server.inject({ status: 429, headers: { "retry-after": "1" }, times: 2 })
          yield* run(client.list())
          server.inject({ status: 502, times: 2 })
          yield* run(client.list())
          server.inject({ hang: true, times: 2 })
          yield* run(client.list())
          server.inject({ reset: true, times: 2 })
          yield* run(client.list())
          server.inject({ truncate: true })
          yield* run(client.list())
          yield* run(client.retrieve("batch_a/b"))
          yield* run(Stream.runDrain(client.listAll({ limit: 20 })))
        }).pipe(
          Effect.withTracer(recordingTracer(base, recorded, spanNames)),
          Effect.provide(Logger.layer([Logger.make(({ cause, message }) => logs.push(inspect(message, { depth: 10 }), inspect(cause, { depth: 10 })))])),
          Effect.provideService(References.MinimumLogLevel, "All")
        )
        const tags = new Set(outcomes.map((error) => error._tag))
        for (const tag of ["NotFoundError", "AuthenticationError", "RateLimitError", "ServerError", "TransportError", "DecodeError", "InvalidRequestError"]) {
          assert.isTrue(tags.has(tag as UnibatchError["_tag"]), `${tag} was produced`)
        }
        assert.isAbove(recorded.length, 10)
        assert.deepStrictEqual([...new Set(spanNames)].sort(), ["unibatch.list", "unibatch.retrieve"])
        assert.include(recorded, "http.response.status_code=401")
        // url.path is the path the request went to, the base URL's own path included.
        assert.include(recorded, `url.path=${inspect(vendor.listPath)}`)
        // No trace headers go to the vendor.
        assert.deepStrictEqual(server.requests().filter((request) => "traceparent" in request.headers || "b3" in request.headers), [])
        assert.isAbove(logs.length, 8)
        // The key did reach the server, in the vendor's header: the check below is not vacuous.
        assert.strictEqual(server.requests()[0]!.headers[vendor.authHeader], vendor.authValue)
        const texts = [
          ...outcomes.flatMap((error) => [String(error), JSON.stringify(error), JSON.stringify(errorToJson(error)), inspect(error, { depth: 10 }), error.stack ?? ""]),
          ...recorded,
          ...logs,
          inspect(client, { depth: 10 })
        ]
        for (const text of texts) assert.notInclude(text, apiKey)
      }))
  })
}

describe("the key option", () => {
  it.effect("a key a header cannot carry is refused before any request, without quoting it", () =>
    Effect.gen(function*() {
      const server = yield* FakeVendor.make({ provider: "neosantara", count: 2 })
      for (const badKey of [`${apiKey}\n`, `${apiKey}\u20ac`, `Bearer\r\n${apiKey}`]) {
        for (const make of [OpenAi.make, Neosantara.make]) {
          const client = yield* make({ apiKey: badKey, baseUrl: server.baseUrl, maxRetries: 0 })
          const error = yield* Effect.flip(client.list())
          assert.deepStrictEqual([error._tag, error.status], ["InvalidRequestError", null])
          assert.include(error.message, "the API key contains a character an HTTP header cannot carry")
          for (const text of [String(error), JSON.stringify(errorToJson(error)), inspect(error, { depth: 10 })]) assert.notInclude(text, apiKey)
        }
      }
      assert.strictEqual(server.requests().length, 0)
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it("is Redacted in the options and the client", () => {
    const options = { apiKey: Redacted.make(apiKey), baseUrl: "http://127.0.0.1:9/v1" }
    for (const text of [String(options.apiKey), JSON.stringify(options), inspect(options, { depth: 10 })]) assert.notInclude(text, apiKey)
    const layer = OpenAi.layer(options)
    assert.notInclude(inspect(layer, { depth: 10 }), apiKey)
  })
})
