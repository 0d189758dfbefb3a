/**
 * Reading a response body as a stream, up to a limit, as text: a vendor's answer is untrusted, so
 * an endless or huge body stops at the limit instead of filling memory, and a compressed or binary
 * body is named rather than decoded into garbage.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"

/** A response body, read up to a limit. */
export interface Body {
  readonly text: string
  /** Why the body is not text (binary, compressed), when it is not: a 2xx one is then refused. */
  readonly notText: string | undefined
}

/** A 2xx body over `maxResponseBytes`: `declared` when its content-length said so before any byte was read. */
export interface TooLarge {
  readonly _tag: "TooLarge"
  readonly read: number
  readonly declared: number | undefined
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
}

/** A `content-length` as a number, `undefined` when absent or not one. */
const contentLength = (value: string | undefined): number | undefined =>
  value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined

/**
 * Reads a response body up to `limit` bytes, counting them as they arrive (never buffering more
 * than the limit): past it, a 2xx body fails with {@link TooLarge} (`strict`) and an error body is
 * cut. Either way reading stops and the transport aborts the rest. A body that is not UTF-8 text
 * (binary, compressed without being asked) is noted in `notText` rather than decoded into garbage.
 * A missing body (a 204 or 304 through `fetch`) is empty.
 */
export const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  strict: boolean
): Effect.Effect<Body, HttpClientError.HttpClientError | TooLarge> =>
  Effect.suspend(() => {
    const declared = contentLength(response.headers["content-length"])
    const encoding = response.headers["content-encoding"]?.trim().toLowerCase()
    const parts: Array<string> = []
    let decoder = new TextDecoder("utf-8", { fatal: true })
    let read = 0
    let first = true
    let notText: string | undefined
    let tooLarge: TooLarge | undefined
    if (strict && declared !== undefined && declared > limit) tooLarge = { _tag: "TooLarge", read: 0, declared, status: response.status, headers: response.headers }
    const onChunk = (chunk: Uint8Array): boolean => {
      if (tooLarge !== undefined) return false
      if (first) {
        first = false
        // gzip's magic number: a compressed body the transport did not decompress.
        if (chunk.length >= 2 && chunk[0] === 0x1f && chunk[1] === 0x8b) notText = "gzip-compressed"
      }
      let bytes = chunk
      if (read + chunk.length > limit) {
        if (strict) {
          tooLarge = { _tag: "TooLarge", read: read + chunk.length, declared, status: response.status, headers: response.headers }
          return false
        }
        bytes = chunk.subarray(0, limit - read)
      }
      read += chunk.length
      if (notText === undefined || !strict) {
        try {
          parts.push(decoder.decode(bytes, { stream: true }))
        } catch {
          notText ??= "not valid UTF-8"
          // An error body is still shown, its bad bytes replaced (the excerpt then hides it).
          decoder = new TextDecoder("utf-8")
          if (strict) return false
        }
      }
      return read < limit && !(strict && notText !== undefined)
    }
    const body = (): Effect.Effect<Body, TooLarge> => {
      if (tooLarge !== undefined) return Effect.fail(tooLarge)
      try {
        parts.push(decoder.decode())
      } catch {
        notText ??= "not valid UTF-8"
      }
      const what = notText === undefined ? undefined : [
        notText,
        encoding !== undefined && encoding !== "" && encoding !== "identity" ? `content-encoding ${JSON.stringify(encoding.slice(0, 40))}, which unibatch did not ask for` : undefined
      ].filter((part) => part !== undefined).join(", ")
      return Effect.succeed({ text: parts.join(""), notText: what })
    }
    if (tooLarge !== undefined) {
      // Fails at once; interrupting the body's stream straight away makes the transport abort it.
      return Effect.andThen(
        Stream.runForEachWhile(response.stream, () => Effect.succeed(false)).pipe(Effect.timeoutOption("1 millis"), Effect.ignore),
        body()
      )
    }
    return Stream.runForEachWhile(response.stream, (chunk) => Effect.succeed(onChunk(chunk))).pipe(
      Effect.catchIf(
        (error): error is HttpClientError.HttpClientError => error.reason._tag === "EmptyBodyError",
        () => Effect.void
      ),
      Effect.andThen(Effect.suspend(body))
    )
  })
