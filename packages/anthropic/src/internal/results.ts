/**
 * Anthropic's result lines (`results_url`, JSONL, any order): how they are read, and how the fake
 * server writes them.
 */
import type { ResultLine } from "@unibatch/core/BatchResult"
import type { FakeRequest, FakeResult } from "@unibatch/core/FakeServerProfile"
import type { ResultCodec } from "@unibatch/core/VendorDefinition"
import * as Schema from "effect/Schema"

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const text = (value: unknown): string | null => (typeof value === "string" ? value : null)

/** `{custom_id, result: {type, message?, error?}}`: what a line cannot be read without. */
const WireResultLine = Schema.Struct({
  custom_id: Schema.String,
  result: Schema.Struct({ type: Schema.String })
}).annotate({ identifier: "AnthropicResultLine" })

/** `{type: "error", error: {type, message}}` (an error response), or a bare `{type, message}`. */
const errorOf = (error: unknown): { readonly code: string | null; readonly message: string | null } => {
  if (!isRecord(error)) return { code: null, message: null }
  const inner = isRecord(error.error) ? error.error : undefined
  return {
    code: text(inner?.type) ?? text(error.type),
    message: text(inner?.message) ?? text(error.message)
  }
}

const read = (raw: Readonly<Record<string, unknown>>): ResultLine => {
  const result = raw.result as Readonly<Record<string, unknown>>
  const customId = raw.custom_id as string
  const base = { customId, statusCode: null, requestId: null }
  switch (result.type) {
    case "succeeded":
      return { ...base, outcome: "succeeded", body: result.message ?? null, error: null }
    case "errored":
      return { ...base, outcome: "failed", body: null, error: errorOf(result.error) }
    case "canceled":
      return { ...base, outcome: "cancelled", body: null, error: null }
    case "expired":
      return { ...base, outcome: "expired", body: null, error: null }
    default:
      // A result type this adapter does not know: a failure that says what came, never dropped.
      return { ...base, outcome: "failed", body: null, error: { code: text(result.type), message: `unknown result type ${JSON.stringify(result.type)}` } }
  }
}

export const resultCodec: ResultCodec = { schema: WireResultLine, read }

const hex = (seed: number, length: number): string => {
  let out = ""
  let state = seed >>> 0
  while (out.length < length) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    out += state.toString(16).padStart(8, "0")
  }
  return out.slice(0, length)
}

/** A Message, as a request's `params` would be answered. */
export const fakeMessage = (request: FakeRequest): unknown => {
  const params = isRecord(request.body) ? request.body : {}
  const input = 8 + (request.seed % 40)
  const output = 4 + ((request.seed >>> 8) % 30)
  return {
    id: `msg_${hex(request.seed, 24)}`,
    type: "message",
    role: "assistant",
    model: typeof params.model === "string" ? params.model : "claude-sonnet-4-5",
    content: [{ type: "text", text: `Fake answer ${request.seed % 1000} to ${request.customId}.` }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  }
}

/** A result line as Anthropic writes it. */
export const fakeResultLine = (result: FakeResult): Record<string, unknown> => {
  switch (result._tag) {
    case "Succeeded":
      return { custom_id: result.customId, result: { type: "succeeded", message: result.body } }
    case "Failed":
      return {
        custom_id: result.customId,
        result: { type: "errored", error: { type: "error", error: { type: "invalid_request_error", message: result.message } } }
      }
    case "NotRun":
      return { custom_id: result.customId, result: { type: result.reason === "cancelled" ? "canceled" : "expired" } }
  }
}
