/**
 * One request to put in a batch, the same for every vendor: what `submit` and `writeRequests`
 * take.
 *
 * @module \@unibatch/core/BatchRequest
 * @since 0.3.0
 */

/**
 * A request: `customId` is the only join key between a request and its result, unique within
 * the batch; `body` is what the endpoint takes (a chat completion request, ...). `method` is
 * `POST` and `url` the batch's endpoint unless given (a `url` other than the endpoint is refused
 * where the vendor requires them to match).
 *
 * @example
 * ```ts
 * import type { BatchRequest } from "@unibatch/core/BatchRequest"
 *
 * const request: BatchRequest = {
 *   customId: "question-1",
 *   body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] }
 * }
 * ```
 *
 * @since 0.3.0
 * @category models
 */
export interface BatchRequest {
  readonly customId: string
  readonly body: unknown
  readonly method?: string | undefined
  readonly url?: string | undefined
}
