/**
 * Requests in: any `Iterable`, `AsyncIterable` or `Stream` of {@link BatchRequest}s written as the
 * JSONL input file of a batch, checked line by line against the vendor's limits as it streams.
 * Nothing here talks to a vendor: `submit` uploads what {@link writeRequests} writes.
 *
 * @module \@unibatch/core/Requests
 * @since 0.3.0
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import type { Requests } from "./BatchClient.js"
import type { BatchRequest } from "./BatchRequest.js"
import { render } from "./internal/json.js"
import { RequestWriter, thrownMessage } from "./internal/requests.js"
import { invalidInput, type UnibatchError } from "./UnibatchError.js"
import type { VendorDefinition } from "./VendorDefinition.js"

/**
 * Requests pulled at a time from an iterable: bounds what one pull writes. An array is in memory
 * already, so larger pulls cost nothing more and save per-pull overhead.
 */
const iterableChunk = 128
const arrayChunk = 1024

/**
 * Who reads the requests, for the error a failing source becomes: the provider and the operation
 * (`submit` unless told).
 *
 * @example
 * ```ts
 * import type { SourceContext } from "@unibatch/core/Requests"
 *
 * const context: SourceContext = { provider: "example", operation: "submit" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface SourceContext {
  readonly provider?: string | undefined
  readonly operation?: string | undefined
}

const sourceFailed = (context: SourceContext | undefined, where: string, thrown: unknown) =>
  invalidInput(
    context?.provider ?? "unibatch",
    context?.operation ?? "submit",
    `reading the requests failed${where}: ${thrownMessage(thrown)}`
  )

/** A sync iterable, pulled in small chunks; a throwing iterator is a typed failure, not a defect. */
const fromIterable = (requests: Iterable<BatchRequest>, context: SourceContext | undefined): Stream.Stream<BatchRequest, UnibatchError> =>
  Stream.fromPull(Effect.sync(() => {
    let iterator: Iterator<BatchRequest> | undefined
    let read = 0
    let done = false
    const chunkSize = Array.isArray(requests) ? arrayChunk : iterableChunk
    return Effect.suspend((): Effect.Effect<Arr.NonEmptyReadonlyArray<BatchRequest>, UnibatchError | Cause.Done> => {
      if (done) return Cause.done()
      const chunk: Array<BatchRequest> = []
      try {
        iterator ??= requests[Symbol.iterator]()
        while (chunk.length < chunkSize) {
          const next = iterator.next()
          if (next.done === true) {
            done = true
            break
          }
          chunk.push(next.value)
        }
      } catch (thrown) {
        done = true
        return Effect.fail(sourceFailed(context, ` after request ${read + chunk.length}`, thrown))
      }
      read += chunk.length
      return Arr.isReadonlyArrayNonEmpty(chunk) ? Effect.succeed(chunk) : Cause.done()
    })
  }))

/**
 * The requests as a `Stream`, whatever they came as. An iterator that throws (or an async one that
 * rejects) ends the stream with an `InvalidRequestError` that carries its message, never a defect.
 *
 * @example
 * ```ts
 * import { fromRequests } from "@unibatch/core/Requests"
 * import * as Stream from "effect/Stream"
 *
 * async function* generate() {
 *   for (let index = 1; index <= 3; index++) yield { customId: `r-${index}`, body: { input: index } }
 * }
 *
 * const count = Stream.runCount(fromRequests(generate())) // => 3
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const fromRequests = (requests: Requests, context?: SourceContext): Stream.Stream<BatchRequest, UnibatchError> => {
  if (Stream.isStream(requests)) return requests
  if (typeof requests === "object" && requests !== null && Symbol.asyncIterator in requests) {
    return Stream.fromAsyncIterable(requests, (thrown) => sourceFailed(context, "", thrown))
  }
  if (typeof requests === "object" && requests !== null && Symbol.iterator in requests) return fromIterable(requests, context)
  return Stream.fail(invalidInput(
    context?.provider ?? "unibatch",
    context?.operation ?? "submit",
    `requests must be an Iterable, an AsyncIterable or a Stream of { customId, body }, got ${render(requests)}.`
  ))
}

/**
 * Options of {@link writeRequests}: the batch's endpoint (each line's `url`).
 *
 * @example
 * ```ts
 * import type { WriteOptions } from "@unibatch/core/Requests"
 *
 * const options: WriteOptions = { endpoint: "/v1/chat/completions" }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface WriteOptions {
  readonly endpoint: string
}

/**
 * The batch input file of the requests: one JSONL line per request
 * (`definition.lifecycle.requestLine`), UTF-8, in chunks of about 64 KiB, written as the requests
 * arrive. Each request is checked as it passes; the first fault ends the stream with an
 * `InvalidRequestError` (operation `submit`) naming its line (1-based) and the value:
 *
 * - the endpoint is not one of `limits.endpoints` (before any request is read);
 * - `customId` is not a non-empty string, or repeats an earlier one (both lines named);
 * - `url` is given and is not the endpoint; `method` is given and is not `POST`;
 * - the body cannot be written as JSON (`undefined`, a `BigInt`, a cycle, ...);
 * - more than `limits.maxRequests` requests; the file past `limits.maxFileBytes` bytes.
 *
 * Memory: the chunk being written and one map entry per `customId`.
 *
 * @example
 * ```ts
 * import * as OpenAi from "@unibatch/openai/OpenAi"
 * import { writeRequests } from "@unibatch/core/Requests"
 * import * as Stream from "effect/Stream"
 *
 * const jsonl = writeRequests(OpenAi.definition, [
 *   { customId: "r-1", body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] } }
 * ], { endpoint: "/v1/chat/completions" }).pipe(Stream.decodeText(), Stream.mkString)
 * // => '{"custom_id":"r-1","method":"POST","url":"/v1/chat/completions","body":{...}}\n'
 * ```
 *
 * @since 0.3.0
 * @category writing
 */
export const writeRequests = (
  definition: VendorDefinition,
  requests: Requests,
  options: WriteOptions
): Stream.Stream<Uint8Array, UnibatchError> =>
  Stream.suspend(() => {
    const { endpoint } = options
    const endpoints = definition.lifecycle.limits.endpoints
    if (!endpoints.includes(endpoint)) {
      return Stream.fail(invalidInput(
        definition.provider,
        "submit",
        `endpoint ${render(endpoint)} is not one a ${definition.displayName} batch may target: ${endpoints.join(", ")}.`
      ))
    }
    const source = fromRequests(requests, { provider: definition.provider, operation: "submit" })
    return Stream.transformPull(source, (pull) =>
      Effect.sync(() => {
        const writer = new RequestWriter(definition, endpoint)
        let ended = false
        const pump: Effect.Effect<Arr.NonEmptyReadonlyArray<Uint8Array>, UnibatchError | Cause.Done> = Effect.suspend(() =>
          ended ? Cause.done() : Effect.flatMap(Pull.catchDone(pull, () => Effect.succeed(undefined)), (requests) => {
            if (requests === undefined) {
              ended = true
              const last = writer.end()
              if (last === undefined) return Cause.done()
              return last instanceof Uint8Array ? Effect.succeed([last] as const) : Effect.fail(last)
            }
            const written = writer.write(requests)
            if (!Array.isArray(written)) return Effect.fail(written)
            return Arr.isReadonlyArrayNonEmpty(written) ? Effect.succeed(written) : pump
          })
        )
        return pump
      }))
  })
