/**
 * The node:http fake vendor. Order per request: log it, apply an injected fault, authenticate,
 * route. Faults come first so a test can force e.g. a 502 whatever the request looks like.
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import type { FakeVendorServer, FaultSpec, Options, Provider, RecordedRequest } from "../FakeVendor.js"
import * as Errors from "./errors.js"
import type { Reply } from "./errors.js"
import { generateBatches } from "./seed.js"

type Route = "list" | "retrieve"

interface Target {
  readonly route: Route | undefined
  /** The raw (still URL-encoded) id path segment of a retrieve. */
  readonly rawId: string
  /** respan only: the path lacks Django's trailing slash. */
  readonly missingSlash: boolean
}

interface PendingFault {
  readonly spec: FaultSpec
  /** Matching requests still to let through before the fault applies. */
  skip: number
  remaining: number
}

const PREFIX: Record<Provider, string> = {
  openai: "/v1",
  respan: "/api/v1",
  neosantara: "/v1"
}

const classify = (provider: Provider, path: string): Target => {
  const none: Target = { route: undefined, rawId: "", missingSlash: false }
  const base = `${PREFIX[provider]}/batches`
  if (!path.startsWith(base)) return none
  const tail = path.slice(base.length) // "", "/", "/{id}", "/{id}/"
  if (provider === "respan") {
    const match = /^(?:\/([^/]+))?(\/?)$/.exec(tail)
    if (match === null) return none
    return { route: match[1] === undefined ? "list" : "retrieve", rawId: match[1] ?? "", missingSlash: match[2] === "" }
  }
  if (tail === "") return { route: "list", rawId: "", missingSlash: false }
  const match = /^\/([^/]+)$/.exec(tail)
  return match === null ? none : { route: "retrieve", rawId: match[1]!, missingSlash: false }
}

const lowerCaseHeaders = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return result
}

const presentedKey = (provider: Provider, headers: Record<string, string>): string => {
  if (provider === "neosantara") return (headers["x-api-key"] ?? "").trim()
  // A non-Bearer Authorization counts as no credentials (as DRF and OpenAI treat it).
  const match = /^Bearer\s+(.*)$/i.exec(headers["authorization"] ?? "")
  return (match?.[1] ?? "").trim()
}

const json = (body: unknown): Reply => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body)
})

/** The limit to use, or the 400 reply. openai rejects out-of-range values; the others clamp. */
const parseLimit = (provider: Provider, raw: string | undefined): number | Reply => {
  if (raw === undefined) return 20
  if (!/^-?\d+$/.test(raw.trim())) {
    return Errors.invalidLimit(provider, `Invalid 'limit': expected an integer, but got '${raw}' instead.`)
  }
  const limit = Number(raw.trim())
  if (provider !== "openai") return Math.min(100, Math.max(1, limit))
  if (limit < 1) {
    return Errors.invalidLimit(provider, `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`)
  }
  if (limit > 100) {
    return Errors.invalidLimit(provider, `Invalid 'limit': integer above maximum value. Expected a value <= 100, but got ${limit} instead.`)
  }
  return limit
}

/** Neosantara ids are `batch-...`; also accept the canonical `batch_...` form (harmless). */
const decodeSegment = (raw: string): string => {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

export const start = (options: Options): Promise<FakeVendorServer> => {
  const provider = options.provider
  const batches: ReadonlyArray<Record<string, unknown>> = options.batches !== undefined
    ? [...options.batches]
    : generateBatches(provider, options.count ?? 45, options.seed ?? 1)
  // Cursor and retrieve lookups by id: a scan per request made a 100,000-batch listing quadratic.
  const positionById = new Map(batches.map((batch, index) => [String(batch["id"]), index]))
  const positionOf = (id: string): number =>
    positionById.get(id) ?? (provider === "neosantara" ? positionById.get(id.replace(/^batch_/, "batch-")) : undefined) ?? -1
  const host = options.host ?? "127.0.0.1"
  const log: Array<RecordedRequest> = []
  const faults: Array<PendingFault> = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let counter = 0
  let closing: Promise<void> | undefined

  const takeFault = (route: Route | undefined): FaultSpec | undefined => {
    const index = faults.findIndex(({ spec }) => (spec.route ?? "any") === "any" || spec.route === route)
    const fault = faults[index]
    if (fault === undefined) return undefined
    if (fault.skip > 0) {
      fault.skip -= 1
      return undefined
    }
    fault.remaining -= 1
    if (fault.remaining <= 0) faults.splice(index, 1)
    return fault.spec
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  const listPage = (query: Record<string, string>, repeatCursor: boolean): Reply => {
    const limit = parseLimit(provider, query["limit"])
    if (typeof limit !== "number") return limit
    const after = repeatCursor ? undefined : query["after"]
    let from = 0
    if (after !== undefined && after !== "") {
      const index = positionOf(after)
      // The docs are silent on an unknown cursor; we answer an empty last page rather than an error.
      from = index === -1 ? batches.length : index + 1
    }
    const data = batches.slice(from, from + limit)
    return json({
      object: "list",
      data,
      first_id: data[0]?.["id"] ?? null,
      last_id: data[data.length - 1]?.["id"] ?? null,
      has_more: from + data.length < batches.length
    })
  }

  const answer = (
    method: string,
    url: URL,
    headers: Record<string, string>,
    target: Target,
    repeatCursor: boolean
  ): Reply => {
    // Django's APPEND_SLASH redirect runs in middleware, before the view authenticates.
    if (provider === "respan" && target.missingSlash && target.route !== undefined && method === "GET") {
      return { status: 301, headers: { location: `${url.pathname}/${url.search}` }, body: "" }
    }
    const key = presentedKey(provider, headers)
    if (key === "") return Errors.unauthorized(provider, "missing")
    if (options.apiKey !== undefined && key !== options.apiKey) return Errors.unauthorized(provider, "wrong")
    if (target.route === undefined) return Errors.unknownRoute(provider, method, url.pathname)
    if (method !== "GET") return Errors.methodNotAllowed(provider, method)
    if (target.route === "list") return listPage(Object.fromEntries(url.searchParams), repeatCursor)
    const id = decodeSegment(target.rawId)
    const batch = batches[positionOf(id)]
    return batch === undefined ? Errors.batchNotFound(provider, id) : json(batch)
  }

  const send = (response: Http.ServerResponse, reply: Reply, requestId: string, fault: FaultSpec | undefined) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...reply.headers }
    for (const [name, value] of Object.entries(fault?.headers ?? {})) headers[name.toLowerCase()] = value
    headers["x-request-id"] = requestId
    if (fault?.truncate === true) {
      // No content-length: the message is well framed, only the JSON inside is cut short.
      response.writeHead(reply.status, headers)
      response.end(reply.body.slice(0, Math.floor(reply.body.length / 2)))
      return
    }
    headers["content-length"] = String(Buffer.byteLength(reply.body))
    response.writeHead(reply.status, headers)
    response.end(reply.body)
  }

  const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse) => {
    request.resume() // we never read bodies; drain them so keep-alive keeps working
    const method = request.method ?? "GET"
    const url = new URL(request.url ?? "/", "http://fake.invalid")
    const headers = lowerCaseHeaders(request.headers)
    log.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers })
    const requestId = `req_${++counter}`
    const target = classify(provider, url.pathname)
    const fault = takeFault(target.route)

    if (fault?.delayMs !== undefined && fault.delayMs > 0) {
      await sleep(fault.delayMs)
      if (closing !== undefined) return
    }
    if (fault?.reset === true) {
      request.socket.destroy()
      return
    }
    if (fault?.hang === true) return // close() destroys the socket

    const reply: Reply = fault?.status !== undefined
      ? fault.body !== undefined
        ? { status: fault.status, headers: {}, body: fault.body }
        : Errors.forStatus(provider, fault.status)
      : answer(method, url, headers, target, fault?.repeatCursor === true)
    send(response, reply, requestId, fault)
  }

  const server = Http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "application/json" })
        response.end(JSON.stringify({ error: { message: String(error), type: "server_error" } }))
      }
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      server.close(() => resolve())
      // Hung and keep-alive sockets would otherwise hold close() open forever.
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
    })
    return closing
  }

  return new Promise<FakeVendorServer>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      const { port } = server.address() as AddressInfo
      const hostInUrl = host.includes(":") ? `[${host}]` : host
      resolve({
        provider,
        baseUrl: `http://${hostInUrl}:${port}${PREFIX[provider]}`,
        batches,
        requests: () => [...log],
        clearRequests: () => {
          log.length = 0
        },
        inject: (fault) => {
          const times = fault.times ?? 1
          if (times > 0) faults.push({ spec: fault, skip: fault.skip ?? 0, remaining: times })
        },
        close
      })
    })
  })
}
