/**
 * The lifecycle operations keep the key secret as list and retrieve do: not in errors, log lines
 * or spans, whichever way a call fails; each call is one span of its own name.
 */
import { describe, it } from "@effect/vitest"
import { errorToJson, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { inspect } from "node:util"
import { assert } from "vitest"
import { apiKey, setup, vendors } from "../adapters/vendors.js"

/** Wraps the current tracer so everything written to a span is also kept as text. */
const recordingTracer = (base: Tracer.Tracer, recorded: Array<string>, spanNames: Array<string>) =>
  Tracer.make({
    ...(base.context === undefined ? {} : { context: base.context }),
    span: (options) => {
      const span = base.span(options)
      recorded.push(options.name, inspect(options.annotations, { depth: 10 }))
      const attribute = span.attribute.bind(span)
      const end = span.end.bind(span)
      return Object.assign(span, {
        attribute: (key: string, value: unknown) => {
          recorded.push(`${key}=${inspect(value, { depth: 10 })}`)
          attribute(key, value)
        },
        end: (time: bigint, exit: Exit.Exit<unknown, unknown>) => {
          recorded.push(inspect(exit, { depth: 10 }), inspect(span.attributes, { depth: 10 }))
          spanNames.push(options.name)
          end(time, exit)
        }
      })
    }
  })

const endpoint = "/v1/chat/completions"
const line = (customId: string) => JSON.stringify({ custom_id: customId, method: "POST", url: endpoint, body: { model: "m", messages: [] } }) + "\n"

for (const vendor of vendors) {
  describe(`${vendor.provider} lifecycle: the key stays secret`, () => {
    it.live("in every error, log line and span", () =>
      Effect.gen(function*() {
        const recorded: Array<string> = []
        const spanNames: Array<string> = []
        const logs: Array<string> = []
        const outcomes: Array<UnibatchError> = []
        const { client, server } = yield* setup(vendor, { batchDurationMs: 60_000 }, { timeout: "300 millis", maxRetries: 1 })
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
          const file = yield* client.upload(new Blob([line("r-1")]))
          const batch = yield* client.create({ inputFileId: file.id, endpoint })
          yield* run(client.cancel(batch.id))
          yield* run(client.retrieveFile("file-unknown"))
          yield* run(Stream.runDrain(client.fileContent("file-unknown")))
          yield* run(client.create({ inputFileId: "file-unknown", endpoint }))
          yield* run(client.cancel("batch_unknown"))
          server.inject({ status: 401, times: 2 })
          yield* run(client.upload(new Blob([line("r-2")])))
          server.inject({ status: 502, times: 2 })
          yield* run(client.upload(Stream.make(new TextEncoder().encode(line("r-3")))))
          server.inject({ hang: true, times: 2 })
          yield* run(Stream.runDrain(client.fileContent(file.id)))
          server.inject({ reset: true, times: 2 })
          yield* run(client.retrieveFile(file.id))
          yield* run(Stream.runDrain(client.listFiles({ limit: 1 })))
          yield* run(client.submit([{ customId: "r-9", body: {} }], { endpoint }))
          yield* run(client.create({ inputFileId: "a/b", endpoint }))
        }).pipe(
          Effect.withTracer(recordingTracer(base, recorded, spanNames)),
          Effect.provide(Logger.layer([Logger.make(({ cause, message }) => logs.push(inspect(message, { depth: 10 }), inspect(cause, { depth: 10 })))])),
          Effect.provideService(References.MinimumLogLevel, "All")
        )
        const tags = new Set(outcomes.map((error) => error._tag))
        for (const tag of ["NotFoundError", "AuthenticationError", "ServerError", "TransportError", "InvalidRequestError"]) {
          assert.isTrue(tags.has(tag as UnibatchError["_tag"]), `${tag} was produced (${[...tags]})`)
        }
        for (
          const name of [
            "unibatch.upload",
            "unibatch.create",
            "unibatch.cancel",
            "unibatch.retrieveFile",
            "unibatch.listFiles",
            "unibatch.fileContent",
            "unibatch.submit"
          ]
        ) assert.include(spanNames, name)
        assert.include(recorded, "http.request.method='POST'")
        assert.deepStrictEqual(server.requests().filter((request) => "traceparent" in request.headers || "b3" in request.headers), [])
        // The key did reach the server: the check below is not vacuous.
        assert.strictEqual(server.requests()[0]!.headers[vendor.authHeader], vendor.authValue)
        const texts = [
          ...outcomes.flatMap((error) => [String(error), JSON.stringify(errorToJson(error)), inspect(error, { depth: 10 }), error.stack ?? ""]),
          ...recorded,
          ...logs
        ]
        for (const text of texts) assert.notInclude(text, apiKey)
      }))
  })
}
