/** Reading a vendor's error message out of whatever body it sent. */

export interface ErrorBody {
  readonly message: string
  readonly type: string | null
  readonly code: string | null
  /** The raw body (cut at {@link maxBodyLength}) when `message` was cut from something longer. */
  readonly body?: string | undefined
}

const excerptLength = 200

/** The longest vendor message kept whole in a canonical error; a longer one is cut. */
export const maxMessageLength = 500

/** The longest raw body kept in a canonical error's `body`. */
export const maxBodyLength = 64 * 1024

const cut = (text: string, length: number): string => text.length > length ? `${text.slice(0, length)}…` : text

/** Characters a readable message has no use for: C0 and C1 controls (tab and line breaks aside) and U+FFFD. */
const unreadable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/g

/** A vendor's message at a readable length; the raw body is kept when the message was cut. */
const readable = (message: string, text: string, type: string | null, code: string | null): ErrorBody =>
  message.length > maxMessageLength
    ? { message: cut(message, maxMessageLength), type, code, body: cut(text, maxBodyLength) }
    : { message, type, code }

const stringOrNull = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null

/** A vendor's error `type` or `code`, cut to a readable length. */
const shortOrNull = (value: unknown): string | null => {
  const text = stringOrNull(value)
  return text === null ? null : cut(text, 200)
}

/** A short, readable excerpt of a raw body: HTML pages lose their tags, whitespace is collapsed. */
export const excerpt = (text: string): string => {
  // Mostly bytes no text has (a compressed or binary body): named, not shown.
  const odd = text.slice(0, 4096).match(unreadable)?.length ?? 0
  if (odd > 0 && odd * 10 >= Math.min(text.length, 4096)) return `[a binary body of ${text.length} characters, not shown]`
  const markup = /<\/?[a-zA-Z][^>]*>/.test(text)
    ? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ")
    : text
  const collapsed = markup.replace(unreadable, "").replace(/\s+/g, " ").trim()
  return collapsed.length > excerptLength ? `${collapsed.slice(0, excerptLength)}…` : collapsed
}

/**
 * The message of an error body in any of the shapes the vendors use:
 * `{"error":{"message","type","param","code"}}` (OpenAI, Neosantara, Respan's 404),
 * `{"error":"text"}` (Respan's 401), `{"detail":"text"}` or `{"message":"text"}` (framework
 * defaults), else an excerpt of the raw body (an HTML page from a gateway).
 */
export const parseErrorBody = (text: string, fallback: string): ErrorBody => {
  if (text.trim() === "") return { message: fallback, type: null, code: null }
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
    if (typeof error === "string" && error.length > 0) return readable(error, text, null, null)
    if (typeof error === "object" && error !== null && !Array.isArray(error)) {
      const fields = error as Record<string, unknown>
      const message = stringOrNull(fields.message)
      if (message !== null && message.length > 0) {
        return readable(message, text, shortOrNull(fields.type), shortOrNull(fields.code))
      }
    }
    for (const key of ["message", "detail"] as const) {
      const message = body[key]
      if (typeof message === "string" && message.length > 0) return readable(message, text, shortOrNull(body.type), shortOrNull(body.code))
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
