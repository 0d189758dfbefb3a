/**
 * A hostile vendor for the fuzz test of issue 15: one `node:http` server on loopback whose answer
 * to every request is set by a mode (huge, endless, deeply nested, gzip'd, garbage, HTML, escape
 * sequences, redirects away or in a loop, cursor cycles, a wrong `last_id`, 429, 5xx, 304, a cut
 * body, a hung response), and a second server on another origin that records what reached it (the
 * key must not). Requests are counted per run.
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as zlib from "node:zlib"
import { wireBatch } from "../support/wire.js"

export type Mode =
  | { readonly kind: "huge"; readonly mib: number }
  | { readonly kind: "endless" }
  | { readonly kind: "deep"; readonly depth: number }
  | { readonly kind: "gzip" }
  | { readonly kind: "garbage"; readonly bytes: number; readonly seed: number }
  | { readonly kind: "html"; readonly status: number }
  | { readonly kind: "escapes"; readonly status: number }
  | { readonly kind: "redirectAway"; readonly status: number }
  | { readonly kind: "redirectLoop"; readonly status: number }
  | { readonly kind: "cycle" }
  | { readonly kind: "lastId" }
  | { readonly kind: "tooMany" }
  | { readonly kind: "serverError"; readonly status: number }
  | { readonly kind: "notModified" }
  | { readonly kind: "cut" }
  | { readonly kind: "hung" }

/** Modes whose bodies are OpenAI-shaped (the others answer the same way on every vendor's paths). */
export const openAiShaped = new Set<Mode["kind"]>(["huge", "escapes", "cycle", "lastId", "gzip"])

export const ESC = "\u001b"
/** Vendor strings that try to take over a terminal: OSC title, clear screen, CR/LF, C1, bidi. */
export const hostileText = `x${ESC}]0;pwned\u0007${ESC}[2J${ESC}[H\r\nerror: forged\u202Eevil\u2066\u0085\u009b31m`

export { wireBatch }

export const page = (batches: ReadonlyArray<ReturnType<typeof wireBatch>>, hasMore: boolean, lastId: string | null = batches.at(-1)?.id ?? null) =>
  JSON.stringify({ object: "list", data: batches, first_id: batches[0]?.id ?? null, last_id: lastId, has_more: hasMore })

export interface Seen {
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
}

export interface Hostile {
  /** The API root to pass as `--base-url` / `baseUrl` (OpenAI's `/v1` path). */
  readonly baseUrl: string
  /** Sets the mode and clears the request logs. */
  readonly reset: (mode: Mode) => void
  /** Requests the hostile server received since the last reset. */
  readonly requests: Array<Seen>
  /** Requests the other origin received since the last reset. */
  readonly away: Array<Seen>
  readonly close: () => Promise<void>
}

/** Deterministic bytes (xorshift), for garbage bodies. */
const garbage = (length: number, seed: number) => {
  const bytes = Buffer.alloc(length)
  let state = seed | 1
  for (let index = 0; index < length; index++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    bytes[index] = state & 0xff
  }
  return bytes
}

const json = (response: http.ServerResponse, status: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(body)
}

/** Writes for ever, respecting backpressure, until the client goes away. */
const endless = (response: http.ServerResponse) => {
  response.writeHead(200, { "content-type": "application/json" })
  const chunk = Buffer.from(`{"object":"list","data":[${`"${"a".repeat(65_000)}",`}`)
  const filler = Buffer.from(`"${"a".repeat(65_530)}",`)
  let first = true
  let closed = false
  response.on("close", () => (closed = true))
  const pump = () => {
    while (!closed) {
      const ok = response.write(first ? chunk : filler)
      first = false
      if (!ok) return void response.once("drain", pump)
    }
  }
  pump()
}

const listen = (server: http.Server) =>
  new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)))

const closeServer = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

export const start = async (): Promise<Hostile> => {
  let mode: Mode = { kind: "serverError", status: 500 }
  const requests: Array<Seen> = []
  const away: Array<Seen> = []

  // The other origin: answers like a vendor that wants a key it was not given.
  const awayServer = http.createServer((request, response) => {
    away.push({ url: request.url ?? "/", headers: request.headers })
    request.resume()
    json(response, 401, JSON.stringify({ error: { message: "no key here", type: "invalid_request_error", param: null, code: null } }))
  })
  const awayPort = await listen(awayServer)

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    requests.push({ url: url.pathname + url.search, headers: request.headers })
    request.resume()
    const isList = /\/batches\/?$/.test(url.pathname)
    const after = url.searchParams.get("after")
    const id = isList ? null : decodeURIComponent(url.pathname.split("/").at(-1) ?? "")
    switch (mode.kind) {
      case "huge": {
        const pad = "p".repeat(mode.mib * 1024 * 1024)
        const batch = wireBatch(id ?? "batch_huge", { x_pad: pad })
        return json(response, 200, isList ? page([batch], false) : JSON.stringify(batch))
      }
      case "endless":
        return endless(response)
      case "deep":
        return json(response, 200, "[".repeat(mode.depth))
      case "gzip": {
        const body = isList ? page([wireBatch("batch_gz")], false) : JSON.stringify(wireBatch(id ?? "batch_gz"))
        return json(response, 200, zlib.gzipSync(body), { "content-encoding": "gzip" })
      }
      case "garbage":
        return json(response, 200, garbage(mode.bytes, mode.seed))
      case "html":
        response.writeHead(mode.status, { "content-type": "text/html" })
        return response.end(`<!DOCTYPE html><html><head><title>${mode.status} Bad Gateway</title></head><body><h1>${"oops ".repeat(2000)}</h1></body></html>`)
      case "escapes": {
        if (mode.status !== 200) {
          return json(response, mode.status, JSON.stringify({ error: { message: hostileText, type: `invalid${ESC}[7m`, param: null, code: null } }), {
            "x-request-id": "req_\u009b2J"
          })
        }
        const batch = wireBatch(id ?? `batch_${ESC}]0;pwned\u0007`, { status: `completed${ESC}[8m\r`, endpoint: `/v1/chat\u202Etxt`, [`x_${ESC}[5m`]: hostileText })
        return json(response, 200, isList ? page([batch], false) : JSON.stringify(batch))
      }
      case "redirectAway":
        response.writeHead(mode.status, { location: `http://127.0.0.1:${awayPort}${url.pathname}${url.search}`, "content-length": "0" })
        return response.end()
      case "redirectLoop":
        response.writeHead(mode.status, { location: `${url.pathname}${url.search}`, "content-length": "0" })
        return response.end()
      case "cycle": {
        const pages: Record<string, string> = {
          start: page([wireBatch("batch_s"), wireBatch("batch_A")], true),
          batch_A: page([wireBatch("batch_x"), wireBatch("batch_B")], true),
          batch_B: page([wireBatch("batch_y"), wireBatch("batch_A")], true)
        }
        return json(response, 200, isList ? pages[after ?? "start"] ?? page([], false) : JSON.stringify(wireBatch(id ?? "batch_A")))
      }
      case "lastId":
        return json(response, 200, isList ? page([wireBatch("batch_a"), wireBatch("batch_b")], true, "batch_a") : JSON.stringify(wireBatch(id ?? "batch_a")))
      case "tooMany":
        return json(response, 429, JSON.stringify({ error: { message: "slow down", type: "rate_limit", param: null, code: null } }), { "retry-after": "0" })
      case "serverError":
        return json(response, mode.status, JSON.stringify({ error: { message: "boom", type: "server_error", param: null, code: null } }))
      case "notModified":
        response.writeHead(304, { etag: '"x"' })
        return response.end()
      case "cut": {
        const body = page([wireBatch("batch_cut"), wireBatch("batch_cut2")], false)
        response.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) })
        response.write(body.slice(0, body.length >> 1))
        return void setTimeout(() => response.destroy(), 5)
      }
      case "hung":
        return // never answers; the client's timeout ends it
    }
  })
  const port = await listen(server)
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    reset: (next) => {
      mode = next
      requests.length = 0
      away.length = 0
    },
    requests,
    away,
    close: async () => {
      await Promise.all([closeServer(server), closeServer(awayServer)])
    }
  }
}
