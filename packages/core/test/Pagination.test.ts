/**
 * Pagination over an in-memory pager: the paging rule read from the definition (cursor from the
 * last item or from a `last_id`-like field, page sizes), laziness, `maxPages`, the loop guards and
 * the read-ahead's bounds. Over real HTTP it is test/adapters/loopback.test.ts and retry.test.ts.
 */
import { describe, it } from "@effect/vitest"
import * as Pagination from "@unibatch/core/Pagination"
import type { UnibatchError } from "@unibatch/core/UnibatchError"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { assert } from "vitest"

const failureOf = <A>(effect: Effect.Effect<A, UnibatchError>) =>
  Effect.flatMap(Effect.result(effect), (result) => (Result.isFailure(result) ? Effect.succeed(result.failure) : Effect.die(new Error("expected a failure"))))

/** An OpenAI-style vendor: `after` is the last item's id, pages up to 100. */
const lastItem: Pagination.PagedVendor = {
  provider: "example",
  paging: { limitParam: "limit", cursorParam: "after", defaultLimit: 20, maxLimit: 100, nextCursor: "lastItemId", order: "unspecified" },
  list: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
  batch: { required: { id: "id" } }
}

/** A vendor shaped otherwise: `after_id` from the page's `last_id`, items keyed `uid`, pages up to 1000. */
const lastIdField: Pagination.PagedVendor = {
  provider: "other",
  paging: { limitParam: "page_size", cursorParam: "after_id", defaultLimit: 20, maxLimit: 1000, nextCursor: "lastIdField", order: "newestFirst" },
  list: { data: "results", hasMore: "more", firstId: "first", lastId: "last_id" },
  batch: { required: { id: "uid" } }
}

interface Request {
  readonly limit: number
  readonly cursor: string | undefined
}

/** `count` items `item-0`, `item-1`, ... served in pages by `vendor`'s rule; every request is recorded. */
const memoryPager = (vendor: Pagination.PagedVendor, count: number) => {
  const ids = Array.from({ length: count }, (_, index) => `item-${index}`)
  const requests: Array<Request> = []
  const pageAfter = ({ cursor, limit }: Request) => {
    const start = cursor === undefined ? 0 : ids.indexOf(cursor) + 1
    const slice = ids.slice(start, start + limit)
    return {
      [vendor.list.data]: slice.map((id) => ({ [vendor.batch.required.id]: id })),
      [vendor.list.hasMore]: start + limit < ids.length,
      ...(vendor.list.firstId === null ? {} : { [vendor.list.firstId]: slice[0] ?? null }),
      ...(vendor.list.lastId === null ? {} : { [vendor.list.lastId]: slice.at(-1) ?? null })
    }
  }
  const pager: Pagination.Pager<Record<string, unknown>, string> = {
    fetch: (request) => Effect.sync(() => {
      requests.push(request)
      return pageAfter(request)
    }),
    body: (page) => page,
    items: (page) => Effect.succeed((page[vendor.list.data] as Array<Record<string, string>>).map((item) => item[vendor.batch.required.id]!))
  }
  return { ids, requests, pager }
}

describe("Pagination.nextPage", () => {
  it("reads the cursor where the rule says, and refuses to follow a page that gives none", () => {
    assert.deepStrictEqual(Pagination.nextPage(lastItem, { data: [{ id: "a" }, { id: "b" }], has_more: true }), { _tag: "Next", cursor: "b", path: "$.data[1].id" })
    assert.deepStrictEqual(Pagination.nextPage(lastIdField, { results: [{ uid: "a" }], more: true, last_id: "a" }), { _tag: "Next", cursor: "a", path: "$.last_id" })
    assert.deepStrictEqual(Pagination.nextPage(lastItem, { data: [{ id: "a" }], has_more: false }), { _tag: "End" })
    assert.deepStrictEqual(Pagination.nextPage(lastItem, "not a list"), { _tag: "End" })
    assert.strictEqual(Pagination.nextPage(lastItem, { data: [], has_more: true })._tag, "Stuck")
    assert.strictEqual(Pagination.nextPage(lastIdField, { results: [{ uid: "a" }], more: true, last_id: null })._tag, "Stuck")
    assert.strictEqual(Pagination.nextPage(lastItem, { data: [{ name: "no id" }], has_more: true })._tag, "Stuck")
  })

  it("limitProblem names the limit and the value", () => {
    assert.strictEqual(Pagination.limitProblem(lastIdField.paging, 1000), undefined)
    assert.strictEqual(Pagination.limitProblem(lastIdField.paging, 1001), "limit must be an integer from 1 to 1000, got 1001.")
    assert.strictEqual(Pagination.limitProblem(lastItem.paging, 0), "limit must be an integer from 1 to 100, got 0.")
  })
})

describe("Pagination.listAll", () => {
  for (const vendor of [lastItem, lastIdField]) {
    it.effect(`${vendor.provider}: every item in order, pages of maxLimit by default, cursor per the rule`, () =>
      Effect.gen(function*() {
        const { ids, pager, requests } = memoryPager(vendor, vendor.paging.maxLimit * 2 + 5)
        const stream = Pagination.listAll(vendor, pager)
        assert.strictEqual(requests.length, 0, "lazy: nothing before the stream runs")
        assert.deepStrictEqual(yield* Stream.runCollect(stream), ids)
        const { maxLimit } = vendor.paging
        assert.deepStrictEqual(requests, [
          { limit: maxLimit, cursor: undefined },
          { limit: maxLimit, cursor: ids[maxLimit - 1] },
          { limit: maxLimit, cursor: ids[2 * maxLimit - 1] }
        ])
      }))
  }

  it.effect("starts after a cursor, stops after maxPages, refuses bad limits and maxPages before any request", () =>
    Effect.gen(function*() {
      const { ids, pager, requests } = memoryPager(lastIdField, 50)
      assert.deepStrictEqual(yield* Stream.runCollect(Pagination.listAll(lastIdField, pager, { limit: 10, after: "item-4", maxPages: 2 })), ids.slice(5, 25))
      assert.strictEqual(requests.length, 2)
      for (const options of [{ limit: 1001 }, { limit: 0 }, { maxPages: 0 }, { maxPages: -1 }, { maxPages: Number.NaN }, { maxPages: 1.5 }, { maxPages: Number.POSITIVE_INFINITY }]) {
        const error = yield* failureOf(Stream.runDrain(Pagination.listAll(lastIdField, pager, options)))
        assert.deepStrictEqual([error._tag, error.provider, error.status], ["InvalidRequestError", "other", null])
      }
      assert.strictEqual(requests.length, 2)
    }))

  it.effect("a cursor that does not advance, or a page that says more and gives no cursor, ends in a DecodeError after the items before it", () =>
    Effect.gen(function*() {
      const stuckAt = (body: (request: Request) => Record<string, unknown>) => {
        const seen: Array<string> = []
        const pager: Pagination.Pager<Record<string, unknown>, string> = {
          fetch: (request) => Effect.sync(() => body(request)),
          body: (page) => page,
          items: (page) => Effect.succeed((page.results as Array<{ uid: string }>).map((item) => item.uid))
        }
        return Effect.map(failureOf(Stream.runForEach(Pagination.listAll(lastIdField, pager), (id) => Effect.sync(() => seen.push(id)))), (error) => ({ error, seen }))
      }
      const repeating = yield* stuckAt(() => ({ results: [{ uid: "a" }], more: true, last_id: "a" }))
      assert.deepStrictEqual(repeating.seen, ["a"])
      assert.deepStrictEqual([repeating.error._tag, repeating.error._tag === "DecodeError" ? repeating.error.path : ""], ["DecodeError", "$.last_id"])
      assert.include(repeating.error.message, 'the cursor did not advance (after_id="a")')
      const noCursor = yield* stuckAt(() => ({ results: [{ uid: "a" }], more: true, last_id: null }))
      assert.deepStrictEqual(noCursor.seen, [])
      assert.include(noCursor.error.message, "more is true but last_id gives no cursor")
    }))

  for (const readAhead of [true, false]) {
    it.effect(`a cursor seen before anywhere in the listing (A -> B -> A) ends in a DecodeError after its items, readAhead: ${readAhead}`, () =>
      Effect.gen(function*() {
        // Page "start" leads to A, A to B, B back to A: a cycle the previous-cursor check misses.
        const pages: Record<string, Record<string, unknown>> = {
          start: { data: [{ id: "s" }, { id: "A" }], has_more: true },
          A: { data: [{ id: "x" }, { id: "B" }], has_more: true },
          B: { data: [{ id: "y" }, { id: "A" }], has_more: true }
        }
        const requests: Array<string | undefined> = []
        const seen: Array<string> = []
        const pager: Pagination.Pager<Record<string, unknown>, string> = {
          fetch: ({ cursor }) => Effect.sync(() => (requests.push(cursor), pages[cursor ?? "start"]!)),
          body: (page) => page,
          items: (page) => Effect.succeed((page.data as Array<{ id: string }>).map((item) => item.id))
        }
        const error = yield* failureOf(Stream.runForEach(Pagination.listAll(lastItem, pager, { readAhead }), (id) => Effect.sync(() => seen.push(id))))
        assert.deepStrictEqual(requests, [undefined, "A", "B"], "three requests, never a fourth")
        assert.deepStrictEqual(seen, ["s", "A", "x", "B"], "the looping page's items are not delivered")
        assert.strictEqual(error._tag, "DecodeError")
        assert.strictEqual(error._tag === "DecodeError" ? error.path : "", "$.data[1].id")
        assert.include(error.message, 'page 3 gives after="A", the cursor page 1 gave: the listing loops')
        // The `after` a listing starts from counts as seen.
        requests.length = 0
        const back = yield* failureOf(Stream.runDrain(Pagination.listAll(lastItem, pager, { after: "B", readAhead })))
        assert.deepStrictEqual(requests, ["B", "A"])
        assert.include(back.message, 'page 2 gives after="B", the cursor the listing started after: the listing loops')
      }))
  }

  it.effect("a last-id field that is not the last item's id ends in a DecodeError, for either cursor rule", () =>
    Effect.gen(function*() {
      const serve = (vendor: Pagination.PagedVendor, body: Record<string, unknown>) => {
        let requests = 0
        const pager: Pagination.Pager<Record<string, unknown>, string> = {
          fetch: () => Effect.sync(() => (requests++, body)),
          body: (page) => page,
          items: (page) => Effect.succeed((page[vendor.list.data] as Array<Record<string, string>>).map((item) => item[vendor.batch.required.id]!))
        }
        return Effect.map(failureOf(Stream.runDrain(Pagination.listAll(vendor, pager))), (error) => ({ error, requests }))
      }
      // lastIdField: the cursor is last_id, which points back to the first item.
      const byField = yield* serve(lastIdField, { results: [{ uid: "a" }, { uid: "b" }], more: true, last_id: "a" })
      assert.deepStrictEqual([byField.error._tag, byField.requests], ["DecodeError", 1])
      assert.strictEqual(byField.error._tag === "DecodeError" ? byField.error.path : "", "$.last_id")
      assert.include(byField.error.message, `last_id "a" is not the last item's uid "b"`)
      // lastItemId: the envelope's last_id is there and disagrees.
      const byItem = yield* serve(lastItem, { data: [{ id: "a" }, { id: "b" }], has_more: true, last_id: "zzz" })
      assert.deepStrictEqual([byItem.error._tag, byItem.requests], ["DecodeError", 1])
      assert.include(byItem.error.message, `last_id "zzz" is not the last item's id "b"`)
      // lastItemId without a last_id (or null) follows the last item.
      assert.deepStrictEqual(Pagination.nextPage(lastItem, { data: [{ id: "a" }], has_more: true, last_id: null }), { _tag: "Next", cursor: "a", path: "$.data[0].id" })
      // A control character in a vendor cursor is escaped in the message.
      const escaped = yield* serve(lastItem, { data: [{ id: "a" }], has_more: true, last_id: "\u001b[2J" })
      assert.include(escaped.error.message, '"\\u001b[2J"')
    }))

  it.live("read-ahead: at most two requests ahead of the page being consumed; readAhead: false, none", () =>
    Effect.gen(function*() {
      const ahead = memoryPager(lastItem, 100)
      const requestsOnFirstItem = yield* Pagination.listAll(lastItem, ahead.pager, { limit: 10 }).pipe(
        Stream.mapEffect((id) => Effect.as(Effect.sleep("10 millis"), [id, ahead.requests.length] as const)),
        Stream.take(1),
        Stream.runCollect
      )
      assert.deepStrictEqual(requestsOnFirstItem, [["item-0", 3]])
      const lazy = memoryPager(lastItem, 100)
      yield* Pagination.listAll(lastItem, lazy.pager, { limit: 10, readAhead: false }).pipe(Stream.take(15), Stream.runDrain)
      assert.strictEqual(lazy.requests.length, 2)
    }))

  it.effect("stopping early does not wait for the page being read ahead, and interrupts its request", () =>
    Effect.gen(function*() {
      const never = yield* Deferred.make<Record<string, unknown>>()
      let interrupted = false
      const pager: Pagination.Pager<Record<string, unknown>, string> = {
        fetch: ({ cursor }) =>
          cursor === undefined
            ? Effect.succeed({ data: [{ id: "a" }, { id: "b" }], has_more: true })
            : Effect.onInterrupt(Deferred.await(never), () => Effect.sync(() => (interrupted = true))),
        body: (page) => page,
        items: (page) => Effect.succeed((page.data as Array<{ id: string }>).map((item) => item.id))
      }
      const fiber = yield* Effect.forkChild(Stream.runCollect(Stream.take(Pagination.listAll(lastItem, pager), 2)))
      const first = yield* Fiber.join(fiber)
      assert.deepStrictEqual(first, ["a", "b"])
      assert.isTrue(interrupted)
    }))
})
