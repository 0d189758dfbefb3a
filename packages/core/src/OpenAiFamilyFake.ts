/**
 * How a fake server of the OpenAI-style family answers the lifecycle routes: the file object, the
 * deterministic answer to a request for each of the family's endpoints, the output and error file
 * lines, and refusals in the family's error shape. A vendor's `FakeServerProfile.lifecycle` starts
 * from these and changes what its vendor does otherwise; the test kit uses them for a profile that
 * says nothing about its lifecycle.
 *
 * @module \@unibatch/core/OpenAiFamilyFake
 * @since 0.3.0
 */
import {
  type FakeFile,
  type FakeLifecycleProblem,
  type FakeLifecycleProfile,
  type FakeRequest,
  type FakeResult,
  lifecycleProblemMessage
} from "./FakeServerProfile.js"
import { isRecord } from "./internal/json.js"

/**
 * The family's file object, as OpenAI sends it: `status` is `processed` (the field OpenAI keeps
 * for compatibility), `status_details` is `null`, `expires_at` only where the file expires.
 *
 * @example
 * ```ts
 * import { fakeFile } from "@unibatch/core/OpenAiFamilyFake"
 *
 * fakeFile({ id: "file-1", bytes: 2, filename: "in.jsonl", purpose: "batch", createdAt: 1711471533, expiresAt: null }).object
 * // => "file"
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeFile = (file: FakeFile): Record<string, unknown> => ({
  id: file.id,
  object: "file",
  bytes: file.bytes,
  created_at: file.createdAt,
  ...(file.expiresAt === null ? {} : { expires_at: file.expiresAt }),
  filename: file.filename,
  purpose: file.purpose,
  status: "processed",
  status_details: null
})

const hex = (seed: number, length = 24): string => {
  let text = ""
  let state = seed >>> 0
  while (text.length < length) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    text += state.toString(16).padStart(8, "0")
  }
  return text.slice(0, length)
}

const modelOf = (request: FakeRequest, fallback: string): string => {
  const model = isRecord(request.body) ? request.body["model"] : undefined
  return typeof model === "string" ? model : fallback
}

const tokens = (seed: number) => {
  const prompt = 8 + (seed % 40)
  const completion = 4 + ((seed >>> 8) % 30)
  return { prompt, completion, total: prompt + completion }
}

const answerText = (request: FakeRequest): string => `Fake answer ${request.seed % 1000} to ${request.customId}.`

const chatCompletion = (request: FakeRequest) => {
  const { completion, prompt, total } = tokens(request.seed)
  return {
    id: `chatcmpl-${hex(request.seed)}`,
    object: "chat.completion",
    created: request.createdAt,
    model: modelOf(request, "gpt-4o-mini"),
    choices: [{
      index: 0,
      message: { role: "assistant", content: answerText(request), refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: "stop"
    }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: total,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 }
    },
    service_tier: "default",
    system_fingerprint: `fp_${hex(request.seed, 10)}`
  }
}

const textCompletion = (request: FakeRequest) => {
  const { completion, prompt, total } = tokens(request.seed)
  return {
    id: `cmpl-${hex(request.seed)}`,
    object: "text_completion",
    created: request.createdAt,
    model: modelOf(request, "gpt-3.5-turbo-instruct"),
    choices: [{ text: answerText(request), index: 0, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total }
  }
}

const embeddingList = (request: FakeRequest) => {
  const input = isRecord(request.body) ? request.body["input"] : undefined
  const count = Array.isArray(input) ? Math.max(1, input.length) : 1
  const { prompt } = tokens(request.seed)
  return {
    object: "list",
    data: Array.from({ length: count }, (_, index) => ({
      object: "embedding",
      index,
      embedding: Array.from({ length: 8 }, (_, dimension) => ((request.seed >>> dimension) % 2001) / 1000 - 1)
    })),
    model: modelOf(request, "text-embedding-3-small"),
    usage: { prompt_tokens: prompt * count, total_tokens: prompt * count }
  }
}

const responseObject = (request: FakeRequest) => {
  const { completion, prompt, total } = tokens(request.seed)
  return {
    id: `resp_${hex(request.seed, 32)}`,
    object: "response",
    created_at: request.createdAt,
    status: "completed",
    error: null,
    incomplete_details: null,
    model: modelOf(request, "gpt-4o-mini"),
    output: [{
      type: "message",
      id: `msg_${hex(request.seed ^ 0x5bd1e995, 32)}`,
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: answerText(request), annotations: [] }]
    }],
    usage: {
      input_tokens: prompt,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: completion,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: total
    }
  }
}

const MODERATION_CATEGORIES = ["harassment", "hate", "self-harm", "sexual", "violence"] as const

const moderation = (request: FakeRequest) => ({
  id: `modr-${hex(request.seed)}`,
  model: modelOf(request, "omni-moderation-latest"),
  results: [{
    flagged: false,
    categories: Object.fromEntries(MODERATION_CATEGORIES.map((category) => [category, false])),
    category_scores: Object.fromEntries(
      MODERATION_CATEGORIES.map((category, index) => [category, ((request.seed >>> index) % 100) / 100_000])
    )
  }]
})

const answers: Readonly<Record<string, (request: FakeRequest) => unknown>> = {
  "/v1/chat/completions": chatCompletion,
  "/v1/completions": textCompletion,
  "/v1/embeddings": embeddingList,
  "/v1/responses": responseObject,
  "/v1/moderations": moderation
}

/**
 * The deterministic answer to one request, shaped like its endpoint's: a chat completion for
 * `/v1/chat/completions`, an embedding list for `/v1/embeddings`, a response object for
 * `/v1/responses`, a text completion for `/v1/completions`, a moderation for `/v1/moderations`
 * (any other endpoint: `{ id, object: "fake.answer", model }`). The same request always gets the
 * same answer; `model` is the request's.
 *
 * @example
 * ```ts
 * import { fakeResponseBody } from "@unibatch/core/OpenAiFamilyFake"
 *
 * const body = fakeResponseBody({
 *   customId: "r-1", endpoint: "/v1/chat/completions", body: { model: "gpt-4o" }, seed: 7, createdAt: 1711471533
 * }) as { object: string; model: string }
 * body.object // => "chat.completion"
 * body.model // => "gpt-4o"
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeResponseBody = (request: FakeRequest): unknown =>
  (answers[request.endpoint] ?? ((request: FakeRequest) => ({
    id: `fake-${hex(request.seed)}`,
    object: "fake.answer",
    model: modelOf(request, "fake-model")
  })))(request)

const NOT_RUN_MESSAGES = {
  expired: "This request could not be executed before the completion window expired.",
  cancelled: "This request was not executed because the batch was cancelled."
} as const

/**
 * One line of the family's output or error file: `{id, custom_id, response, error}`. A failure
 * is either `error: {code, message}` with `response: null`, or (`inBody`, the documented quirk)
 * `error: null` with a non-2xx `response.status_code` and the error in `response.body`; a request
 * that never ran has the code `batch_expired` or `batch_cancelled`.
 *
 * @example
 * ```ts
 * import { fakeResultLine } from "@unibatch/core/OpenAiFamilyFake"
 *
 * fakeResultLine({ _tag: "NotRun", lineId: "batch_req_1", customId: "r-1", reason: "expired" }).error
 * // => { code: "batch_expired", message: "This request could not be executed before the completion window expired." }
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeResultLine = (result: FakeResult): Record<string, unknown> => {
  switch (result._tag) {
    case "Succeeded":
      return {
        id: result.lineId,
        custom_id: result.customId,
        response: { status_code: 200, request_id: result.requestId, body: result.body },
        error: null
      }
    case "Failed":
      return result.inBody
        ? {
          id: result.lineId,
          custom_id: result.customId,
          response: {
            status_code: result.statusCode,
            request_id: result.requestId,
            body: { error: { message: result.message, type: "invalid_request_error", param: null, code: result.code } }
          },
          error: null
        }
        : { id: result.lineId, custom_id: result.customId, response: null, error: { code: result.code, message: result.message } }
    case "NotRun":
      return {
        id: result.lineId,
        custom_id: result.customId,
        response: null,
        error: { code: `batch_${result.reason}`, message: NOT_RUN_MESSAGES[result.reason] }
      }
  }
}

/**
 * The `param` a family error names for a lifecycle problem: the form field or body field at fault.
 *
 * @example
 * ```ts
 * import { lifecycleParam } from "@unibatch/core/OpenAiFamilyFake"
 *
 * lifecycleParam({ _tag: "InvalidPurpose", purpose: "fine-tune", expected: "batch" }) // => "purpose"
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const lifecycleParam = (problem: FakeLifecycleProblem): string | null => {
  switch (problem._tag) {
    case "FileNotFound":
    case "InvalidRequest":
      return problem.param
    case "InvalidPurpose":
      return "purpose"
    case "MissingFile":
    case "FileTooLarge":
    case "InvalidFile":
      return "file"
    case "CannotCancel":
      return null
  }
}

/**
 * A lifecycle refusal in the family's error shape, `{"error": {"message", "type", "param",
 * "code"}}`; `code` and `type` are the vendor's words for the problem (OpenAI: `null` and
 * `invalid_request_error`).
 *
 * @example
 * ```ts
 * import { fakeLifecycleError } from "@unibatch/core/OpenAiFamilyFake"
 *
 * fakeLifecycleError({ _tag: "FileNotFound", id: "file-x", param: null })
 * // => { error: { message: "No such File object: file-x", type: "invalid_request_error", param: null, code: null } }
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeLifecycleError = (
  problem: FakeLifecycleProblem,
  code: string | null = null,
  type: string = "invalid_request_error"
): { readonly error: { message: string; type: string; param: string | null; code: string | null } } => ({
  error: { message: lifecycleProblemMessage(problem), type, param: lifecycleParam(problem), code }
})

/**
 * The family's lifecycle answers as a whole profile: {@link fakeFile}, {@link fakeResponseBody},
 * {@link fakeResultLine} and refusals by {@link fakeLifecycleError}; the answer to a cancel is the
 * profile's own `batch`, so it is not here.
 *
 * @example
 * ```ts
 * import type { FakeServerProfile } from "@unibatch/core/FakeServerProfile"
 * import * as OpenAiFamilyFake from "@unibatch/core/OpenAiFamilyFake"
 *
 * const lifecycle: FakeServerProfile["lifecycle"] = {
 *   ...OpenAiFamilyFake.fakeLifecycle,
 *   file: (file) => ({ ...OpenAiFamilyFake.fakeFile(file), status: "uploaded" })
 * }
 * ```
 *
 * @since 0.3.0
 * @category fake server
 */
export const fakeLifecycle: Required<Omit<FakeLifecycleProfile, "cancelAnswer">> = {
  error: (problem) => fakeLifecycleError(problem),
  file: fakeFile,
  responseBody: fakeResponseBody,
  resultLine: fakeResultLine
}
