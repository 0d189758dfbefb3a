/**
 * Listing everything, page after page, as a lazy `Stream`, by a vendor definition's paging rule:
 * which query parameters carry the page size and the cursor, where the next cursor comes from
 * (the last item's id or a `last_id`-like field), and the largest page. The stream guards against
 * a vendor that would make it loop forever (an empty page that says there is more, a cursor that
 * does not advance), stops after `maxPages`, and by default requests the next page while the
 * current one is decoded and consumed.
 *
 * Vendor-neutral: the HTTP side is a {@link Pager} (the `VendorClient` module builds one), the
 * wire names come from the {@link VendorDefinition}.
 *
 * @module \@unibatch/core/Pagination
 * @since 0.2.0
 */
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { isRecord } from "./internal/json.js"
import { DecodeError, invalidInput, type UnibatchError } from "./UnibatchError.js"
import type { Paging, VendorDefinition } from "./VendorDefinition.js"

/**
 * The parts of a vendor definition paging reads. A whole `VendorDefinition` is one.
 *
 * @example
 * ```ts
 * import type { PagedVendor } from "@unibatch/core/Pagination"
 *
 * const vendor: PagedVendor = {
 *   provider: "example",
 *   paging: { limitParam: "limit", cursorParam: "after_id", defaultLimit: 20, maxLimit: 1000, nextCursor: "lastIdField", order: "newestFirst" },
 *   list: { data: "data", hasMore: "has_more", firstId: "first_id", lastId: "last_id" },
 *   batch: { required: { id: "id" } }
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface PagedVendor extends Pick<VendorDefinition, "provider" | "paging"> {
  /**
   * The list envelope's wire names. `lastId` (and `firstId`) `null`: the vendor sends no such
   * field, and the next cursor is the last item's id whatever `paging.nextCursor` says.
   */
  readonly list: {
    readonly data: string
    readonly hasMore: string
    readonly firstId: string | null
    readonly lastId: string | null
  }
  /** Only the wire name of an item's ID is read (the `lastItemId` cursor). */
  readonly batch: { readonly required: { readonly id: string } }
}

/**
 * Checks a page size against a paging rule: an integer from 1 to `paging.maxLimit`. Returns the
 * message to show when it is not (it names the limit and the value), else `undefined`.
 *
 * @example
 * ```ts
 * import { limitProblem } from "@unibatch/core/Pagination"
 *
 * const paging = { limitParam: "limit", cursorParam: "after", defaultLimit: 20, maxLimit: 100, nextCursor: "lastItemId", order: "unspecified" } as const
 * limitProblem(paging, 0) // => "limit must be an integer from 1 to 100, got 0."
 * limitProblem(paging, 20) // => undefined
 * ```
 *
 * @since 0.2.0
 * @category validation
 */
export const limitProblem = (paging: Paging, limit: number): string | undefined =>
  Number.isInteger(limit) && limit >= 1 && limit <= paging.maxLimit
    ? undefined
    : `limit must be an integer from 1 to ${paging.maxLimit}, got ${limit}.`

/**
 * What the next page of a listing is, read off a page's parsed body by the definition's list
 * envelope and paging rule:
 *
 * - `{ _tag: "End" }`: there is no more (`has_more` is not `true`, or the body is not a list
 *   envelope at all: decoding the page reports that).
 * - `{ _tag: "Next", cursor, path }`: the native cursor of the next page and where it was read.
 * - `{ _tag: "Stuck", message, path }`: the body says there is more but gives no way to get it
 *   (an empty page, no cursor); following it would loop or fail.
 *
 * @example
 * ```ts
 * import type { NextPage } from "@unibatch/core/Pagination"
 *
 * const next: NextPage = { _tag: "Next", cursor: "batch_abc", path: "$.data[19].id" }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type NextPage =
  | { readonly _tag: "End" }
  | { readonly _tag: "Next"; readonly cursor: string; readonly path: string }
  | { readonly _tag: "Stuck"; readonly message: string; readonly path: string }

const end: NextPage = { _tag: "End" }

/**
 * Reads where the next page starts from a page's parsed body, before its items are decoded (so
 * that the next request can be on its way while they are). A vendor whose envelope has no last-id
 * field (`list.lastId` is `null`) is paged by its last item's id, whatever `paging.nextCursor` says.
 *
 * @example
 * ```ts
 * import { nextPage } from "@unibatch/core/Pagination"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 *
 * nextPage(OpenAi.definition, { object: "list", data: [{ id: "batch_a" }], has_more: true })
 * // => { _tag: "Next", cursor: "batch_a", path: "$.data[0].id" }
 * ```
 *
 * @since 0.2.0
 * @category pagination
 */
export const nextPage = (definition: PagedVendor, body: unknown): NextPage => {
  const { list, paging } = definition
  if (!isRecord(body) || body[list.hasMore] !== true) return end
  const data = body[list.data]
  if (!Array.isArray(data)) return end
  if (data.length === 0) {
    return { _tag: "Stuck", message: `the page is empty but ${list.hasMore} is true`, path: `$.${list.data}` }
  }
  const index = data.length - 1
  const last: unknown = data[index]
  const idField = definition.batch.required.id
  const lastItemId = isRecord(last) ? last[idField] : undefined
  const lastItemPath = `$.${list.data}[${index}].${idField}`
  const lastId = list.lastId === null ? undefined : body[list.lastId]
  const lastIdPath = `$.${list.lastId}`
  // The envelope's last id and the last item's id must agree: a page whose cursor points
  // elsewhere than its end could lead anywhere (back to the start, say).
  const disagree = typeof lastItemId === "string" && lastId !== undefined && lastId !== null && lastId !== lastItemId
  if (paging.nextCursor === "lastIdField" && list.lastId !== null) {
    if (!(typeof lastId === "string" && lastId.length > 0)) {
      return { _tag: "Stuck", message: `${list.hasMore} is true but ${list.lastId} gives no cursor`, path: lastIdPath }
    }
    return disagree
      ? { _tag: "Stuck", message: `${list.lastId} ${quote(lastId)} is not the last item's ${idField} ${quote(lastItemId)}`, path: lastIdPath }
      : { _tag: "Next", cursor: lastId, path: lastIdPath }
  }
  if (!(typeof lastItemId === "string" && lastItemId.length > 0)) {
    return { _tag: "Stuck", message: `${list.hasMore} is true but the last item has no ${idField}`, path: lastItemPath }
  }
  return disagree
    ? { _tag: "Stuck", message: `${list.lastId} ${quote(lastId)} is not the last item's ${idField} ${quote(lastItemId)}`, path: lastIdPath }
    : { _tag: "Next", cursor: lastItemId, path: lastItemPath }
}

/** A vendor value in a message: JSON-quoted (control characters escaped), cut to 100 characters. */
const quote = (value: unknown): string => {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value)
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text)
}

/**
 * How {@link listAll} gets pages: `fetch` sends one list request (limit and native cursor, the
 * first page without one) and parses its body; `body` hands the parsed body back for
 * {@link nextPage}; `items` decodes the page's items (failing with the page's `DecodeError`).
 *
 * @example
 * ```ts
 * import type { Pager } from "@unibatch/core/Pagination"
 * import * as Effect from "effect/Effect"
 *
 * // Pages from memory: what a test might use.
 * const pages: Record<string, unknown> = {
 *   first: { data: [{ id: "a" }, { id: "b" }], has_more: true },
 *   b: { data: [{ id: "c" }], has_more: false }
 * }
 * const pager: Pager<unknown, string> = {
 *   fetch: ({ cursor }) => Effect.succeed(pages[cursor ?? "first"]),
 *   body: (page) => page,
 *   items: (page) => Effect.succeed((page as { data: Array<{ id: string }> }).data.map((item) => item.id))
 * }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Pager<Page, A> {
  readonly fetch: (request: { readonly limit: number; readonly cursor: string | undefined }) => Effect.Effect<Page, UnibatchError>
  readonly body: (page: Page) => unknown
  readonly items: (page: Page) => Effect.Effect<ReadonlyArray<A>, UnibatchError>
}

/**
 * Options of {@link listAll}; `after` is a native cursor here (the client translates a
 * canonical ID first).
 *
 * @example
 * ```ts
 * import type { ListAllOptions } from "@unibatch/core/Pagination"
 *
 * const options: ListAllOptions = { limit: 100, after: "batch_abc", maxPages: 10, readAhead: true }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface ListAllOptions {
  /** Page size; default `definition.paging.maxLimit`, the fewest requests for everything. */
  readonly limit?: number | undefined
  /** Native cursor to start after; absent: from the start. */
  readonly after?: string | undefined
  /** Stop after this many pages (an integer of 1 or more). */
  readonly maxPages?: number | undefined
  /** Request the next page while the current one is consumed (default `true`). */
  readonly readAhead?: boolean | undefined
  /** The operation errors name; default `"list"` (`"listFiles"` for a file listing). */
  readonly operation?: string | undefined
}

/** A fetched page and what comes after it, decided before its items are decoded. */
interface Step<Page> {
  readonly page: Page
  readonly next: NextPage
}

/**
 * Every item of a listing, page after page, as a lazy stream: nothing is requested until the
 * stream is pulled. Without a `limit` the pages are as large as the vendor serves
 * (`definition.paging.maxLimit`). A `limit` outside 1..maxLimit or a `maxPages` below 1 fails
 * with an `InvalidRequestError` before any request.
 *
 * With `readAhead` (the default), the next page is requested as soon as the current one has
 * arrived, through a one-page buffer: while the consumer is on page k, page k+1 waits in the
 * buffer and the request for k+2 is out, never more. A consumer that stops early does not wait
 * for those requests: the buffer's producer is interrupted, which aborts its request. A failure
 * (of a request or a page's decoding) comes after every item before it.
 *
 * An empty page that says there is more, a page with no next cursor, a page whose last-id field
 * is not its last item's id (when both are there), or a cursor seen before anywhere in the
 * listing (A, B, A, ...) end the stream with a `DecodeError` naming the problem, after the items
 * before it, so that a misbehaving vendor cannot make it loop forever: a listing of n distinct
 * pages makes at most n + 1 requests (n + 3 with read-ahead). The set of cursors seen grows by
 * one string a page.
 *
 * @example
 * ```ts
 * import * as Pagination from "@unibatch/core/Pagination"
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import * as Effect from "effect/Effect"
 * import * as Stream from "effect/Stream"
 *
 * declare const pager: Pagination.Pager<unknown, string>
 * const firstThreePages = Pagination.listAll(OpenAi.definition, pager, { maxPages: 3 }).pipe(Stream.runCollect)
 * ```
 *
 * @since 0.2.0
 * @category pagination
 */
export const listAll = <Page, A>(
  definition: PagedVendor,
  pager: Pager<Page, A>,
  options: ListAllOptions = {}
): Stream.Stream<A, UnibatchError> =>
  Stream.suspend(() => {
    const { provider, paging } = definition
    const operation = options.operation ?? "list"
    const limit = options.limit ?? paging.maxLimit
    const problem = limitProblem(paging, limit)
    if (problem !== undefined) return Stream.fail(invalidInput(provider, operation, problem))
    const { maxPages } = options
    if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 1)) {
      return Stream.fail(invalidInput(provider, operation, `maxPages must be an integer of 1 or more, got ${maxPages}.`))
    }

    const stuck = (message: string, path: string) =>
      new DecodeError({ provider, operation, status: null, requestId: null, path, message: `${provider} ${operation} pagination stopped: ${message}` })

    // Every cursor of this run, with the page that gave it (0: the `after` option): a cursor
    // seen before means the listing loops (A, B, A, ...). One short string a page.
    const seen = new Map<string, number>()
    if (options.after !== undefined) seen.set(options.after, 0)

    /** Where the page after this one starts, with the loop guards and `maxPages` applied. */
    const following = (page: Page, cursor: string | undefined, pages: number): NextPage => {
      const next = nextPage(definition, pager.body(page))
      if (next._tag !== "Next") return next
      if (maxPages !== undefined && pages >= maxPages) return end
      if (next.cursor === cursor) {
        return { _tag: "Stuck", message: `the cursor did not advance (${paging.cursorParam}=${quote(cursor)})`, path: next.path }
      }
      const before = seen.get(next.cursor)
      if (before !== undefined) {
        const where = before === 0 ? "the cursor the listing started after" : `the cursor page ${before} gave`
        return {
          _tag: "Stuck",
          message: `page ${pages} gives ${paging.cursorParam}=${quote(next.cursor)}, ${where}: the listing loops`,
          path: next.path
        }
      }
      seen.set(next.cursor, pages)
      return next
    }

    interface Cursor {
      readonly cursor: string | undefined
      readonly pages: number
    }
    const steps: Stream.Stream<Step<Page>, UnibatchError> = Stream.paginate<Cursor, Step<Page>, UnibatchError>(
      { cursor: options.after, pages: 0 },
      ({ cursor, pages }) =>
        Effect.map(pager.fetch({ limit, cursor }), (page) => {
          const next = following(page, cursor, pages + 1)
          return [[{ page, next }], next._tag === "Next" ? Option.some({ cursor: next.cursor, pages: pages + 1 }) : Option.none()] as const
        })
    )

    // A page's items (decoding errors first: they say exactly what is wrong), then the reason
    // the paging had to stop, if any.
    const items = ({ next, page }: Step<Page>): Effect.Effect<ReadonlyArray<A>, UnibatchError> =>
      next._tag === "Stuck"
        ? Effect.flatMap(pager.items(page), () => Effect.fail(stuck(next.message, next.path)))
        : pager.items(page)

    // Read-ahead: the buffer's producer fetches the next page as soon as this one is taken. The
    // consumer yields once before decoding, so that the producer's request is sent before this
    // page's decoding and consumption hold the thread (without it, a consumer that never waits
    // runs until the buffer is empty, and the request for the next page goes out only then).
    const pages = options.readAhead === false
      ? Stream.mapEffect(steps, items)
      : Stream.mapEffect(Stream.buffer(steps, { capacity: 1 }), (step) => Effect.andThen(Effect.yieldNow, items(step)))
    return pages.pipe(
      Stream.filter(Arr.isReadonlyArrayNonEmpty),
      Stream.flattenArray
    )
  })
