/**
 * The Promise API's Effect side, loaded by the first call that needs it (`import("unibatch")`
 * itself loads no Effect module): the vendor's client over `fetch`, and each call run to a plain
 * value or one thrown `UnibatchApiError`.
 */
import { type BatchJson, type BatchPageJson, pageToJson, toJson } from "@unibatch/core/Batch"
import type { BatchClientService, ListAllOptions, ListOptions } from "@unibatch/core/BatchClient"
import { errorToJson, isUnibatchError, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { fromJson } from "../PromiseErrors.js"
import * as Providers from "../Providers.js"

/** Where a call stands when it is interrupted: the caller says what to throw (its signal's reason, or "closed"). */
export interface Call {
  readonly signal: AbortSignal
  readonly interrupted: () => unknown
}

/** The pages of one `listAll`, pulled one at a time; `undefined` after the last. */
export interface Pages {
  readonly next: (call: Call) => Promise<ReadonlyArray<BatchJson> | undefined>
  readonly close: () => Promise<void>
}

export interface Session {
  readonly list: (options: ListOptions, call: Call) => Promise<BatchPageJson>
  readonly retrieve: (id: string, call: Call) => Promise<BatchJson>
  readonly pages: (options: ListAllOptions) => Promise<Pages>
}

export interface SessionOptions {
  readonly apiKey: string
  readonly baseUrl?: string | undefined
  readonly maxRetries?: number | undefined
  readonly timeoutMs?: number | undefined
  readonly maxResponseBytes?: number | undefined
}

/** The value, or the one error a Promise user expects. */
const settle = <A>(exit: Exit.Exit<A, UnibatchError>, call: Call): A => {
  if (Exit.isSuccess(exit)) return exit.value
  if (Cause.hasInterruptsOnly(exit.cause)) throw call.interrupted()
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error) && isUnibatchError(error.value)) throw fromJson(errorToJson(error.value))
  // A defect: a bug of unibatch's, not a vendor's answer.
  throw new Error(`unibatch: unexpected failure: ${Cause.pretty(exit.cause)}`)
}

const run = async <A>(effect: Effect.Effect<A, UnibatchError>, call: Call): Promise<A> =>
  settle(await Effect.runPromiseExit(effect, { signal: call.signal }), call)

const pagesOf = async (client: BatchClientService, options: ListAllOptions): Promise<Pages> => {
  const scope = Scope.makeUnsafe()
  // One pull is one page; with read-ahead, the next ones are on their way in the scope meanwhile.
  const pull = await Effect.runPromise(Scope.provide(Stream.toPull(client.listAll(options)), scope))
  const page = pull.pipe(
    Effect.map((batches): ReadonlyArray<BatchJson> | undefined => batches.map(toJson)),
    Pull.catchDone(() => Effect.undefined)
  )
  let done = false
  let closed = false
  return {
    next: async (call) => {
      if (done) return undefined
      const batches = await run(page, call)
      if (batches === undefined) done = true
      return batches
    },
    close: async () => {
      if (closed) return
      done = closed = true
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}

/** The client of a known provider over `fetch`, built once per Promise client. */
export const open = async (provider: Providers.ProviderName, options: SessionOptions): Promise<Session> => {
  const client = await Effect.runPromise(
    Providers.make(provider, {
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes
    }).pipe(Effect.orDie, Effect.provide(FetchHttpClient.layer))
  )
  return {
    list: (listOptions, call) => run(Effect.map(client.list(listOptions), pageToJson), call),
    retrieve: (id, call) => run(Effect.map(client.retrieve(id), toJson), call),
    pages: (listAllOptions) => pagesOf(client, listAllOptions)
  }
}
