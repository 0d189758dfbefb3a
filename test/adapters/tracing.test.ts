/**
 * Each call is one `unibatch.*` span: a child of the caller's span, carrying the request's method,
 * path and status, and ended with the call's outcome. A success ends it with `Exit.void`, not the
 * page (a span made before the request and handed the page after it kept every page alive until a
 * full collection), so this pins what a tracer receives. The platform's own HTTP span is off.
 */
import { describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { assert } from "vitest"
import { setup, vendors } from "./vendors.js"

/** Wraps the current tracer and keeps every span it makes. */
const keepingTracer = (base: Tracer.Tracer, spans: Array<Tracer.Span>) =>
  Tracer.make({
    ...(base.context === undefined ? {} : { context: base.context }),
    span: (options) => {
      const span = base.span(options)
      spans.push(span)
      return span
    }
  })

const named = (spans: ReadonlyArray<Tracer.Span>, name: string) => spans.filter((span) => span.name === name)

for (const vendor of vendors) {
  describe(`${vendor.provider}: tracing`, () => {
    it.live("a call is one span under the caller's, with the request and its outcome", () =>
      Effect.gen(function*() {
        const { client } = yield* setup(vendor)
        const spans: Array<Tracer.Span> = []
        const base = yield* Effect.tracer
        yield* Effect.gen(function*() {
          yield* client.list({ limit: 2 })
          yield* Effect.exit(client.retrieve(`${vendor.nativePrefix}unknown`))
          yield* Stream.runDrain(client.listAll({ limit: 20 }))
        }).pipe(Effect.withSpan("caller"), Effect.withTracer(keepingTracer(base, spans)))

        assert.deepStrictEqual([...new Set(spans.map((span) => span.name))].sort(), ["caller", "unibatch.list", "unibatch.retrieve"])
        const [caller] = named(spans, "caller")
        assert.isDefined(caller)
        const lists = named(spans, "unibatch.list")
        // One for list, three for listAll over 45 batches in pages of 20.
        assert.strictEqual(lists.length, 4)
        const [retrieve] = named(spans, "unibatch.retrieve")
        assert.isDefined(retrieve)
        for (const span of [...lists, retrieve!]) {
          assert.strictEqual(Option.getOrUndefined(span.parent)?.spanId, caller!.spanId, `${span.name} is a child of the caller's span`)
          assert.strictEqual(span.attributes.get("provider"), vendor.provider)
          assert.strictEqual(span.attributes.get("http.request.method"), "GET")
          assert.strictEqual(span.status._tag, "Ended")
        }
        for (const span of lists) {
          assert.strictEqual(span.attributes.get("url.path"), vendor.listPath)
          assert.strictEqual(span.attributes.get("http.response.status_code"), 200)
          assert.isTrue(span.status._tag === "Ended" && Exit.isSuccess(span.status.exit))
          assert.isTrue(span.status._tag === "Ended" && Exit.isSuccess(span.status.exit) && span.status.exit.value === undefined, "the span does not hold the page")
        }
        assert.strictEqual(retrieve!.attributes.get("url.path"), vendor.retrievePath(`${vendor.nativePrefix}unknown`))
        assert.strictEqual(retrieve!.attributes.get("http.response.status_code"), 404)
        assert.isTrue(retrieve!.status._tag === "Ended" && Exit.isFailure(retrieve!.status.exit))
      }))
  })
}
