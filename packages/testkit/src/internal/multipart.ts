/**
 * A small streaming `multipart/form-data` reader for the fake server's uploads: it hands each
 * part's bytes on as they arrive (slices of the request's own chunks, never copied again), so a
 * 200 MB upload is held once, by whoever keeps the parts.
 */

export interface PartHeaders {
  readonly name: string
  readonly filename: string | null
  readonly contentType: string | null
}

export interface PartHandlers {
  readonly onPart: (part: PartHeaders) => void
  readonly onData: (chunk: Buffer) => void
  readonly onPartEnd: () => void
}

export interface MultipartReader {
  readonly write: (chunk: Buffer) => void
  /** `undefined` when the body was whole; otherwise why not. */
  readonly end: () => string | undefined
}

/** The boundary of a `multipart/form-data` content type, or `undefined` for any other type. */
export const boundaryOf = (contentType: string | undefined): string | undefined => {
  if (contentType === undefined || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return undefined
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  return match?.[1] ?? match?.[2]
}

const MAX_HEADER_BYTES = 16 * 1024
const HEADER_END = Buffer.from("\r\n\r\n")

const parameter = (header: string, name: string): string | null => {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(header) ??
    new RegExp(`;\\s*${name}=([^;\\s]+)`, "i").exec(header)
  return match?.[1] === undefined ? null : match[1].replace(/\\(.)/g, "$1")
}

const parseHeaders = (block: string): PartHeaders | string => {
  let disposition: string | undefined
  let contentType: string | null = null
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":")
    if (colon === -1) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (name === "content-disposition") disposition = value
    if (name === "content-type") contentType = value
  }
  if (disposition === undefined || !/^form-data\b/i.test(disposition)) return "a part has no Content-Disposition: form-data header"
  const name = parameter(disposition, "name")
  if (name === null) return "a part's Content-Disposition has no name"
  return { name, filename: parameter(disposition, "filename"), contentType }
}

/** Reads a multipart body with that boundary, chunk by chunk. */
export const reader = (boundary: string, handlers: PartHandlers): MultipartReader => {
  // The body starts with `--boundary`; every later delimiter is `\r\n--boundary`.
  const delimiter = Buffer.from(`\r\n--${boundary}`)
  let pending: Buffer = Buffer.from("\r\n")
  let state: "preamble" | "delimited" | "headers" | "body" | "done" | "broken" = "preamble"
  let problem: string | undefined

  const fail = (message: string) => {
    state = "broken"
    problem = message
    pending = Buffer.alloc(0)
  }

  const step = (): boolean => {
    switch (state) {
      case "preamble": {
        const at = pending.indexOf(delimiter)
        if (at === -1) {
          pending = pending.subarray(Math.max(0, pending.length - delimiter.length + 1))
          return false
        }
        pending = pending.subarray(at + delimiter.length)
        state = "delimited"
        return true
      }
      case "delimited": {
        if (pending.length < 2) return false
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = "done"
          pending = Buffer.alloc(0)
          return false
        }
        // Transport padding (spaces, tabs) may sit between the delimiter and its line break.
        const lineEnd = pending.indexOf("\r\n")
        if (lineEnd === -1) {
          if (pending.length > 256) fail("a boundary line does not end")
          return false
        }
        pending = pending.subarray(lineEnd + 2)
        state = "headers"
        return true
      }
      case "headers": {
        const at = pending.indexOf(HEADER_END)
        if (at === -1) {
          if (pending.length > MAX_HEADER_BYTES) fail("a part's headers are over 16 KiB")
          return false
        }
        const headers = parseHeaders(pending.toString("utf8", 0, at))
        if (typeof headers === "string") {
          fail(headers)
          return false
        }
        pending = pending.subarray(at + HEADER_END.length)
        state = "body"
        handlers.onPart(headers)
        return true
      }
      case "body": {
        const at = pending.indexOf(delimiter)
        if (at === -1) {
          // Keep only what could be the start of a delimiter split across chunks.
          const safe = pending.length - delimiter.length + 1
          if (safe > 0) {
            handlers.onData(pending.subarray(0, safe))
            pending = pending.subarray(safe)
          }
          return false
        }
        if (at > 0) handlers.onData(pending.subarray(0, at))
        handlers.onPartEnd()
        pending = pending.subarray(at + delimiter.length)
        state = "delimited"
        return true
      }
      case "done":
      case "broken":
        return false
    }
  }

  return {
    write: (chunk) => {
      if (state === "done" || state === "broken") return
      if (state === "body" && pending.length > 0 && pending.length < delimiter.length && chunk.length >= delimiter.length) {
        // The held tail starts no delimiter unless one spans it and the chunk's first bytes: look
        // there only, so that a large part is not copied chunk after chunk.
        const joint = Buffer.concat([pending, chunk.subarray(0, delimiter.length - 1)])
        const at = joint.indexOf(delimiter)
        if (at === -1 || at >= pending.length) {
          handlers.onData(pending)
          pending = Buffer.alloc(0)
        }
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      while (step()) {
        // each step consumes what it can
      }
    },
    end: () => problem ?? (state === "done" ? undefined : "the body ended before its closing boundary")
  }
}
