/**
 * The worker thread behind `WorkerHttpClient`: `node:http(s)` requests with keep-alive, each
 * response read in full and sent back as one transferred ArrayBuffer.
 *
 * It is source text run with `eval: true`, not a file: a file would have to be found next to the
 * compiled module, in the CLI's bundle and in every user's bundler, and only Node built-ins are
 * needed. Its tests are those of `WorkerHttpClient`.
 *
 * Messages in: `{ id, method, url, headers, body, maxRedirects }` and `{ cancel: id }`.
 * Messages out: `{ id, status, headers, body }` or `{ id, error: { name, message, code } }`.
 *
 * @internal
 */

/** One request for the worker. */
export interface WorkerRequest {
  readonly id: number
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array | null
  readonly maxRedirects: number
}

/** The worker's answer to one request. */
export type WorkerReply =
  | {
    readonly id: number
    readonly status: number
    readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
    readonly body: ArrayBuffer
  }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly code: string | undefined } }

export const source = String.raw`"use strict"
const { parentPort } = require("node:worker_threads")
const http = require("node:http")
const https = require("node:https")
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) }
// Leaving the origin on a redirect drops what carries credentials: fetch drops Authorization,
// and unibatch's vendors also take the key as x-api-key.
const credentials = ["authorization", "proxy-authorization", "cookie", "x-api-key"]
// id -> the ClientRequest in flight for it; a cancelled id is gone, so nothing is sent for it.
const inFlight = new Map()

const fail = (id, request, error) => {
  if (!inFlight.has(id) || inFlight.get(id) !== request) return
  inFlight.delete(id)
  parentPort.postMessage({ id, error: { name: String(error.name), message: String(error.message), code: error.code === undefined ? undefined : String(error.code) } })
}

const send = (id, url, method, headers, body, redirectsLeft) => {
  let target
  try {
    target = new URL(url)
  } catch (error) {
    return fail(id, null, error)
  }
  const agent = agents[target.protocol]
  if (agent === undefined) return fail(id, null, new Error("unsupported protocol " + target.protocol))
  const request = (target.protocol === "https:" ? https : http).request(target, { method, headers, agent }, (response) => {
    if (inFlight.get(id) !== request) return response.resume()
    const status = response.statusCode
    const location = response.headers.location
    if (location !== undefined && (status === 301 || status === 302 || status === 303 || status === 307 || status === 308)) {
      response.resume()
      if (redirectsLeft === 0) return fail(id, request, new Error("redirect count exceeded"))
      let next
      try {
        next = new URL(location, target)
      } catch (error) {
        return fail(id, request, error)
      }
      let nextHeaders = headers
      if (next.origin !== target.origin) {
        nextHeaders = { ...headers }
        for (const name of credentials) delete nextHeaders[name]
      }
      // As fetch does: 303, and 301 or 302 after a POST, continue as a GET without a body.
      if ((status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
        if (nextHeaders === headers) nextHeaders = { ...headers }
        delete nextHeaders["content-type"]
        delete nextHeaders["content-length"]
        method = "GET"
        body = null
      }
      inFlight.set(id, null)
      return send(id, next.href, method, nextHeaders, body, redirectsLeft - 1)
    }
    const chunks = []
    let length = 0
    response.on("data", (chunk) => {
      chunks.push(chunk)
      length += chunk.length
    })
    response.on("error", (error) => fail(id, request, error))
    response.on("end", () => {
      if (inFlight.get(id) !== request) return
      inFlight.delete(id)
      // A fresh buffer of its own, so that it can be transferred rather than copied.
      const bytes = new Uint8Array(length)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      parentPort.postMessage({ id, status, headers: response.headers, body: bytes.buffer }, [bytes.buffer])
    })
  })
  inFlight.set(id, request)
  request.on("error", (error) => fail(id, request, error))
  request.end(body === null ? undefined : body)
}

parentPort.on("message", (message) => {
  if (message.cancel !== undefined) {
    const request = inFlight.get(message.cancel)
    inFlight.delete(message.cancel)
    if (request) request.destroy()
    return
  }
  inFlight.set(message.id, null)
  send(message.id, message.url, message.method, message.headers, message.body, message.maxRedirects)
})
`
