/** Reading a vendor's error message out of whatever body it sent. */

export interface ErrorBody {
  readonly message: string
  readonly type: string | null
  readonly code: string | null
}

const excerptLength = 200

const stringOrNull = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null

/** A short, readable excerpt of a raw body: HTML pages lose their tags, whitespace is collapsed. */
export const excerpt = (text: string): string => {
  const readable = /<\/?[a-zA-Z][^>]*>/.test(text)
    ? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
    : text
  const collapsed = readable.replace(/\s+/g, " ").trim()
  return collapsed.length > excerptLength ? `${collapsed.slice(0, excerptLength)}…` : collapsed
}

/**
 * The message of an error body in any of the shapes the vendors use:
 * `{"error":{"message","type","param","code"}}` (OpenAI, Neosantara, Respan's 404),
 * `{"error":"text"}` (Respan's 401), `{"detail":"text"}` or `{"message":"text"}` (framework
 * defaults), else an excerpt of the raw body (an HTML page from a gateway).
 */
export const parseErrorBody = (text: string, fallback: string): ErrorBody => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    const raw = excerpt(text)
    return { message: raw.length > 0 ? raw : fallback, type: null, code: null }
  }
  if (typeof json === "object" && json !== null && !Array.isArray(json)) {
    const body = json as Record<string, unknown>
    const error = body.error
    if (typeof error === "string" && error.length > 0) return { message: error, type: null, code: null }
    if (typeof error === "object" && error !== null && !Array.isArray(error)) {
      const fields = error as Record<string, unknown>
      const message = stringOrNull(fields.message)
      if (message !== null && message.length > 0) {
        return { message, type: stringOrNull(fields.type), code: stringOrNull(fields.code) }
      }
    }
    for (const key of ["message", "detail"] as const) {
      const message = body[key]
      if (typeof message === "string" && message.length > 0) return { message, type: stringOrNull(body.type), code: stringOrNull(body.code) }
    }
  }
  const raw = excerpt(text)
  return { message: raw.length > 0 ? raw : fallback, type: null, code: null }
}

/**
 * `retry-after-ms` (milliseconds), else `retry-after` (seconds or an HTTP date), in seconds.
 * `null` when absent or unreadable.
 */
export const retryAfterSeconds = (headers: Readonly<Record<string, string | undefined>>, now: number): number | null => {
  const milliseconds = headers["retry-after-ms"]
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Number(milliseconds) / 1000
  const value = headers["retry-after"]?.trim()
  if (value === undefined || value.length === 0) return null
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value)
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000)
}
