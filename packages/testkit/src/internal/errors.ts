/**
 * Vendor-shaped error replies. Shapes follow the seed docs; messages are our own plausible text.
 */
import * as Http from "node:http"
import type { Provider } from "../FakeVendor.js"

export interface Reply {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

/** The `{"error":{"message","type","param","code"}}` shape OpenAI uses (and Neosantara mirrors). */
const openAiShape = (
  status: number,
  message: string,
  type: string,
  param: string | null = null,
  code: string | null = null
): Reply => json(status, { error: { message, type, param, code } })

/** Neosantara's docs show no error bodies; we assume the OpenAI shape with typed categories. */
const NEOSANTARA_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  405: "invalid_request_error",
  409: "conflict_error",
  429: "rate_limit_error"
}
const neosantaraType = (status: number): string =>
  NEOSANTARA_TYPES[status] ?? (status >= 500 ? "server_error" : "invalid_request_error")

const OPENAI_TYPES: Record<number, string> = { 403: "permission_error", 429: "requests" }
const openAiType = (status: number): string =>
  OPENAI_TYPES[status] ?? (status >= 500 ? "server_error" : "invalid_request_error")

export const unauthorized = (provider: Provider, reason: "missing" | "wrong"): Reply => {
  switch (provider) {
    case "openai":
      // Real OpenAI echoes a masked key on a wrong one; we never echo any part of it.
      return openAiShape(
        401,
        reason === "missing"
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        null,
        "invalid_api_key"
      )
    case "respan":
      return json(401, {
        error: reason === "missing" ? "Authentication credentials were not provided." : "Invalid API key."
      })
    case "neosantara":
      return openAiShape(
        401,
        reason === "missing"
          ? "Missing API key. Provide it in the x-api-key header."
          : "Invalid API key.",
        "authentication_error",
        null,
        "invalid_api_key"
      )
  }
}

export const batchNotFound = (provider: Provider, id: string): Reply => {
  switch (provider) {
    case "openai":
      return openAiShape(404, `No batch found with id '${id}'.`, "invalid_request_error")
    case "respan":
      return json(404, { error: { message: `No such batch: ${id}`, type: "invalid_request_error" } })
    case "neosantara":
      return openAiShape(404, `No batch found with id '${id}'.`, "not_found_error")
  }
}

export const unknownRoute = (provider: Provider, method: string, path: string): Reply =>
  provider === "respan"
    ? json(404, { error: "Not found." })
    : openAiShape(404, `Invalid URL (${method} ${path})`, provider === "neosantara" ? "not_found_error" : "invalid_request_error")

export const methodNotAllowed = (provider: Provider, method: string): Reply => {
  const allow = { allow: "GET" }
  return provider === "respan"
    ? json(405, { error: `Method "${method}" not allowed.` }, allow)
    : json(
      405,
      { error: { message: `Method ${method} not allowed.`, type: "invalid_request_error", param: null, code: null } },
      allow
    )
}

export const invalidLimit = (provider: Provider, message: string): Reply =>
  provider === "respan"
    ? json(400, { error: { message, type: "invalid_request_error" } })
    : openAiShape(400, message, "invalid_request_error", "limit")

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad request.",
  403: "You are not allowed to perform this request.",
  409: "The request conflicts with the current state of the batch.",
  429: "Rate limit reached for requests. Please try again later.",
  500: "The server had an error while processing your request. Sorry about that!",
  503: "The server is overloaded or not ready yet."
}

/** The default body for an injected status: gateway errors come from a proxy as HTML. */
export const forStatus = (provider: Provider, status: number): Reply => {
  const text = Http.STATUS_CODES[status] ?? "Error"
  if (status === 502 || status === 504) {
    return {
      status,
      headers: { "content-type": "text/html" },
      body: `<html><body><h1>${status} ${text}</h1></body></html>`
    }
  }
  const message = DEFAULT_MESSAGES[status] ?? `${status} ${text}`
  switch (provider) {
    case "openai":
      return openAiShape(status, message, openAiType(status), null, status === 429 ? "rate_limit_exceeded" : null)
    case "respan":
      return json(status, { error: message })
    case "neosantara":
      return openAiShape(status, message, neosantaraType(status))
  }
}
