/**
 * The Promise API's Effect side, loaded by the first call that needs it (`import("unibatch")`
 * itself loads no Effect module): the vendor's client over `fetch`, and each call run to a plain
 * value or one thrown `UnibatchApiError`.
 */
import { type Batch, type BatchJson, type BatchPageJson, type Json, pageToJson, toJson } from "@unibatch/core/Batch"
import type {
  BatchClientService,
  CreateOptions,
  ListAllOptions,
  ListFilesOptions,
  ListOptions,
  Requests,
  ResultsOptions,
  SubmitOptions,
  UploadOptions
} from "@unibatch/core/BatchClient"
import * as BatchFile from "@unibatch/core/BatchFile"
import { type BatchResultJson as CoreResultJson, toJson as resultJsonOf } from "@unibatch/core/BatchResult"
import { errorToJson, invalidInput, isUnibatchError, TransportError, type UnibatchError } from "@unibatch/core/UnibatchError"
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
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

/** A stream pulled one chunk at a time (a page of `listAll`, some results, some bytes); `undefined` after the last. */
export interface Pulls<A> {
  readonly next: (call: Call) => Promise<ReadonlyArray<A> | undefined>
  readonly close: () => Promise<void>
}

/** The pages of one `listAll`. */
export type Pages = Pulls<BatchJson>

export type BatchResultJson = CoreResultJson

/** What `wait` takes besides the call: the batch changes, and the longest wait. */
export interface WaitInput {
  readonly onProgress?: ((batch: BatchJson) => void) | undefined
  readonly timeoutMs?: number | undefined
}

export interface Session {
  readonly list: (options: ListOptions, call: Call) => Promise<BatchPageJson>
  readonly retrieve: (id: string, call: Call) => Promise<BatchJson>
  readonly pages: (options: ListAllOptions) => Promise<Pages>
  readonly create: (options: CreateOptions, call: Call) => Promise<BatchJson>
  readonly submit: (requests: Requests, options: SubmitOptions, call: Call) => Promise<BatchJson>
  readonly cancel: (id: string, call: Call) => Promise<BatchJson>
  readonly wait: (id: string, input: WaitInput, call: Call) => Promise<BatchJson>
  readonly results: (id: string, options: ResultsOptions) => Promise<Pulls<BatchResultJson>>
  readonly upload: (source: Blob | string, options: UploadOptions, call: Call) => Promise<BatchFile.BatchFileJson>
  readonly retrieveFile: (id: string, call: Call) => Promise<BatchFile.BatchFileJson>
  readonly files: (options: ListFilesOptions) => Promise<Pulls<BatchFile.BatchFileJson>>
  readonly content: (id: string) => Promise<Pulls<Uint8Array>>
}

/** A callback of the caller's (`onProgress`) threw: the call rejects with what it threw, as it is. */
class CallbackFailed extends Data.TaggedError("CallbackFailed")<{ readonly thrown: unknown }> {}

export interface SessionOptions {
  readonly apiKey: string
  readonly baseUrl?: string | undefined
  readonly maxRetries?: number | undefined
  readonly timeoutMs?: number | undefined
  readonly maxResponseBytes?: number | undefined
}

/** The value, or the one error a Promise user expects. */
const settle = <A>(exit: Exit.Exit<A, UnibatchError | CallbackFailed>, call: Call): A => {
  if (Exit.isSuccess(exit)) return exit.value
  if (Cause.hasInterruptsOnly(exit.cause)) throw call.interrupted()
  const error = Cause.findErrorOption(exit.cause)
  if (Option.isSome(error) && error.value instanceof CallbackFailed) throw error.value.thrown
  if (Option.isSome(error) && isUnibatchError(error.value)) throw fromJson(errorToJson(error.value))
  // A defect: a bug of unibatch's, not a vendor's answer.
  throw new Error(`unibatch: unexpected failure: ${Cause.pretty(exit.cause)}`)
}

const run = async <A>(effect: Effect.Effect<A, UnibatchError | CallbackFailed>, call: Call): Promise<A> =>
  settle(await Effect.runPromiseExit(effect, { signal: call.signal }), call)

/**
 * A stream pulled chunk by chunk by a `for await` loop. The stream is opened in a scope of its own,
 * closed by `close` (the loop's end, `break` included): nothing keeps running after it.
 */
const pullsOf = async <A, B>(stream: Stream.Stream<A, UnibatchError>, encode: (value: A) => B): Promise<Pulls<B>> => {
  const scope = Scope.makeUnsafe()
  // One pull is one chunk (a page of listAll); with read-ahead, the next ones are on their way in the scope meanwhile.
  const pull = await Effect.runPromise(Scope.provide(Stream.toPull(stream), scope))
  const page = pull.pipe(
    Effect.map((values): ReadonlyArray<B> | undefined => values.map(encode)),
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


/**
 * The batch on every change until its end, each change handed to `onProgress`; past `timeoutMs`
 * a `TransportError` (`Timeout`, operation `wait`) naming the last status seen.
 */
const waitFor = (client: BatchClientService, id: string, input: WaitInput): Effect.Effect<Batch, UnibatchError | CallbackFailed> =>
  Effect.gen(function*() {
    let last: Batch | undefined
    const watching = Stream.runForEach(client.watch(id), (batch) => {
      last = batch
      const onProgress = input.onProgress
      if (onProgress === undefined) return Effect.void
      return Effect.try({ try: () => onProgress(toJson(batch)), catch: (thrown) => new CallbackFailed({ thrown }) })
    })
    if (input.timeoutMs === undefined) yield* watching
    else {
      const timeoutMs = input.timeoutMs
      const done = yield* Effect.timeoutOption(watching, Duration.millis(timeoutMs))
      if (Option.isNone(done)) {
        const seen = last === undefined ? "no answer yet" : `last seen ${last.status}`
        return yield* new TransportError({
          provider: client.provider,
          operation: "wait",
          status: null,
          requestId: null,
          reason: "Timeout",
          message: `Gave up waiting for ${id} after ${timeoutMs} ms (${seen}).`
        })
      }
    }
    return last ?? (yield* client.retrieve(id))
  })

/** The bytes of a `Blob`, or of a file read from disk as they are sent (`fs.openAsBlob`). */
const blobOf = async (source: Blob | string): Promise<Blob> => {
  if (typeof source !== "string") return source
  const fs = await import("node:fs")
  // `openAsBlob` says only "Unable to open file as blob": `stat` says why (ENOENT, EACCES, a directory).
  const stat = await fs.promises.stat(source)
  if (stat.isDirectory()) throw Object.assign(new Error("it is a directory"), { code: "EISDIR" })
  return fs.openAsBlob(source)
}

const readProblems: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied"
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
    pages: (listAllOptions) => pullsOf(client.listAll(listAllOptions), toJson),
    create: (createOptions, call) => run(Effect.map(client.create(createOptions), toJson), call),
    submit: (requests, submitOptions, call) => run(Effect.map(client.submit(requests, submitOptions), toJson), call),
    cancel: (id, call) => run(Effect.map(client.cancel(id), toJson), call),
    wait: (id, input, call) => run(Effect.map(waitFor(client, id, input), toJson), call),
    results: (id, resultsOptions) => pullsOf(client.results(id, resultsOptions), resultJsonOf),
    upload: async (source, uploadOptions, call) => {
      const blob = await blobOf(source).catch((error: unknown) => {
        const code = (error as { readonly code?: unknown } | undefined)?.code
        const problem = (typeof code === "string" ? readProblems[code] : undefined) ?? (error instanceof Error ? error.message : String(error))
        throw fromJson(errorToJson(invalidInput(provider, "upload", `Cannot read ${JSON.stringify(source)}: ${problem}.`)))
      })
      return run(Effect.map(client.upload(blob, uploadOptions), BatchFile.toJson), call)
    },
    retrieveFile: (id, call) => run(Effect.map(client.retrieveFile(id), BatchFile.toJson), call),
    files: (listOptions) => pullsOf(client.listFiles(listOptions), BatchFile.toJson),
    content: (id) => pullsOf(client.fileContent(id), (bytes) => bytes)
  }
}
