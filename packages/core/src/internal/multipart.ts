/**
 * A `multipart/form-data` body written as a byte stream: the text fields, then one file part whose
 * content is a stream passed through as it arrives. Nothing is buffered beyond the stream's own
 * chunks, so memory does not grow with the file's size (a `FormData` needs a `Blob`, which a
 * stream of unknown length is not).
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** The file part of a form. */
export interface FilePart<E> {
  readonly name: string
  readonly filename: string
  readonly contentType: string
  readonly content: Stream.Stream<Uint8Array, E>
  /** The content's length in bytes, when known: the body's length then is too. */
  readonly size?: number | undefined
}

/** A streamed form: its `content-type` (with the boundary), its bytes, and its length when known. */
export interface StreamedForm<E> {
  readonly contentType: string
  readonly body: Stream.Stream<Uint8Array, E>
  readonly contentLength: number | undefined
}

/**
 * A name or file name in a part header, escaped as browsers do (the WHATWG form encoding): `"`,
 * CR and LF percent-encoded, so that no value can end the header or start another.
 */
const escapeHeaderValue = (value: string): string => value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")

const encoder = new TextEncoder()

/**
 * Builds the form. The boundary is random (a UUID), so it cannot occur in text fields by chance;
 * file content is never scanned for it, as the content's length is implied by the closing
 * boundary and a UUID in a JSONL file is as unlikely as in any browser upload.
 */
export const streamedForm = <E>(fields: ReadonlyArray<readonly [name: string, value: string]>, file: FilePart<E>): StreamedForm<E> => {
  const boundary = `----unibatch-${globalThis.crypto.randomUUID()}`
  const head = encoder.encode(
    fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeHeaderValue(name)}"\r\n\r\n${value}\r\n`).join("") +
      `--${boundary}\r\nContent-Disposition: form-data; name="${escapeHeaderValue(file.name)}"; filename="${
        escapeHeaderValue(file.filename)
      }"\r\nContent-Type: ${file.contentType}\r\n\r\n`
  )
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Stream.succeed(head).pipe(Stream.concat(file.content), Stream.concat(Stream.succeed(tail))),
    contentLength: file.size === undefined ? undefined : head.length + file.size + tail.length
  }
}

/**
 * Counts the bytes of a stream as they pass; past `limit`, the stream fails with `tooLarge(bytes
 * so far)` and nothing more is read. Each run counts from zero.
 */
export const limitBytes = <E, E2>(
  content: Stream.Stream<Uint8Array, E>,
  limit: number,
  tooLarge: (bytes: number) => E2
): Stream.Stream<Uint8Array, E | E2> =>
  Stream.suspend(() => {
    let total = 0
    return Stream.mapEffect(content, (chunk) => {
      total += chunk.length
      return total > limit ? Effect.fail(tooLarge(total)) : Effect.succeed(chunk)
    })
  })
