/**
 * The node:http fake vendor, driven by a definition and its fake-server profile; it has no code of
 * its own for any vendor. Order per request: log it, apply an injected fault, then (for GETs that
 * lack a trailing slash, where the profile redirects them) redirect, authenticate, route.
 * Faults come first so a test can force e.g. a 502 whatever the request looks like.
 */
import { type FakeProblem, problemStatus } from "@unibatch/core/FakeServerProfile"
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import type { FakeVendorServer, FaultSpec, RecordedRequest, ServedVendor } from "../FakeVendor.js"
import { generateBatches } from "./seed.js"

type Route = "list" | "retrieve"

interface Target {
  readonly route: Route | undefined
  /** The raw (still URL-encoded) id path segment of a retrieve. */
  readonly rawId: string
  /** The path lacks the trailing slash of the definition's path (only where the profile redirects). */
  readonly missingSlash: boolean
}

interface Reply {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

interface PendingFault {
  readonly spec: FaultSpec
  /** Matching requests still to let through before the fault applies. */
  skip: number
  remaining: number
}

const none: Target = { route: undefined, rawId: "", missingSlash: false }

/** The path of the definition's base URL, without a trailing slash: `/v1`, `/api/v1`. */
export const basePath = (vendor: ServedVendor): string => new URL(vendor.defaultBaseUrl).pathname.replace(/\/+$/, "")

/** Matches request paths to the definition's routes. */
const router = (vendor: ServedVendor): (path: string) => Target => {
  const base = basePath(vendor)
  const listPath = base + vendor.paths.list
  const [retrieveHead = "", retrieveTail = ""] = (base + vendor.paths.retrieve).split("{id}")
  const redirects = vendor.fakeServer.redirectMissingSlash
  const retrieveAt = (path: string): string | undefined => {
    if (path.length <= retrieveHead.length + retrieveTail.length) return undefined
    if (!path.startsWith(retrieveHead) || !path.endsWith(retrieveTail)) return undefined
    const segment = path.slice(retrieveHead.length, path.length - retrieveTail.length)
    return segment.includes("/") ? undefined : segment
  }
  return (path) => {
    if (path === listPath) return { route: "list", rawId: "", missingSlash: false }
    const id = retrieveAt(path)
    if (id !== undefined) return { route: "retrieve", rawId: id, missingSlash: false }
    if (!redirects) return none
    const slashed = `${path}/`
    if (listPath.endsWith("/") && slashed === listPath) return { route: "list", rawId: "", missingSlash: true }
    const slashedId = retrieveTail.endsWith("/") ? retrieveAt(slashed) : undefined
    return slashedId === undefined ? none : { route: "retrieve", rawId: slashedId, missingSlash: true }
  }
}

/** The key in the definition's auth header; a header without the definition's scheme counts as none. */
const keyReader = (vendor: ServedVendor): (headers: Record<string, string>) => string => {
  const { header, scheme } = vendor.auth
  const name = header.toLowerCase()
  if (scheme === undefined) return (headers) => (headers[name] ?? "").trim()
  const pattern = new RegExp(`^${scheme.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+(.*)$`, "i")
  return (headers) => (pattern.exec(headers[name] ?? "")?.[1] ?? "").trim()
}

/** The first of the definition's static auth headers that the request lacks (or sends otherwise). */
const headerProblem = (vendor: ServedVendor, headers: Record<string, string>): FakeProblem | undefined => {
  for (const [name, expected] of Object.entries(vendor.auth.headers ?? {})) {
    const header = name.toLowerCase()
    const given = headers[header]
    if (given === expected) continue
    const message = given === undefined
      ? `${header}: header is required (${expected}).`
      : `${header}: "${given}" is not supported; send "${expected}".`
    return { _tag: "MissingHeader", header, message }
  }
  return undefined
}

const lowerCaseHeaders = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return result
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

const decodeSegment = (raw: string): string => {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** Plain sentences for injected statuses that come without a body of their own. */
const FAULT_MESSAGES: Record<number, string> = {
  400: "Bad request.",
  403: "You are not allowed to perform this request.",
  409: "The request conflicts with the current state of the batch.",
  429: "Rate limit reached for requests. Please try again later.",
  500: "The server had an error while processing your request. Sorry about that!",
  503: "The server is overloaded or not ready yet."
}

/** The reply to an injected status without a body: gateway errors come from a proxy, as HTML. */
const faultReply = (vendor: ServedVendor, status: number): Reply => {
  const text = Http.STATUS_CODES[status] ?? "Error"
  if (status === 502 || status === 504) {
    return { status, headers: { "content-type": "text/html" }, body: `<html><body><h1>${status} ${text}</h1></body></html>` }
  }
  return problemReply(vendor, { _tag: "Fault", status, message: FAULT_MESSAGES[status] ?? `${status} ${text}` })
}

const problemReply = (vendor: ServedVendor, problem: FakeProblem): Reply =>
  json(problemStatus(problem), vendor.fakeServer.error(problem), problem._tag === "MethodNotAllowed" ? { allow: "GET" } : {})

export interface StartOptions {
  readonly vendor: ServedVendor
  readonly count: number
  readonly seed: number
  readonly apiKey: string | undefined
  readonly port: number
  readonly host: string
  readonly batches: ReadonlyArray<Record<string, unknown>> | undefined
  /** How many of the latest requests the log keeps (a ring); `Infinity` keeps them all. */
  readonly requestLogSize: number
}

/**
 * The request log: the latest `size` requests, in order, in a ring, so that a long-running server
 * keeps a fixed number of entries however many requests it answers.
 */
const requestLog = (size: number) => {
  const entries: Array<RecordedRequest> = []
  // Once full: the index of the oldest entry, which the next one replaces.
  let oldest = 0
  return {
    add: (entry: RecordedRequest): void => {
      if (entries.length < size) {
        entries.push(entry)
      } else if (size > 0) {
        entries[oldest] = entry
        oldest = (oldest + 1) % size
      }
    },
    all: (): ReadonlyArray<RecordedRequest> => [...entries.slice(oldest), ...entries.slice(0, oldest)],
    clear: (): void => {
      entries.length = 0
      oldest = 0
    }
  }
}

export const start = (options: StartOptions): Promise<FakeVendorServer> => {
  const { requestLogSize } = options
  if (!(requestLogSize === Number.POSITIVE_INFINITY || (Number.isSafeInteger(requestLogSize) && requestLogSize >= 0))) {
    return Promise.reject(new RangeError(`requestLogSize must be an integer of 0 or more, or Infinity, got ${String(requestLogSize)}.`))
  }
  const vendor = options.vendor
  const { paging, fakeServer: profile } = vendor
  const idField = vendor.batch.required.id
  const batches: ReadonlyArray<Record<string, unknown>> = options.batches !== undefined
    ? [...options.batches]
    : generateBatches(vendor, options.count, options.seed)
  // Cursor and retrieve lookups by id: a scan per request made a 100,000-batch listing quadratic.
  const positionById = new Map(batches.map((batch, index) => [String(batch[idField]), index]))
  // The canonical form (`batch_<rest>`) of a native ID is found too, whatever the vendor's prefix.
  const positionOf = (id: string): number =>
    positionById.get(id) ??
      (id.startsWith("batch_") ? positionById.get(vendor.ids.nativePrefix + id.slice("batch_".length)) : undefined) ??
      -1
  const classify = router(vendor)
  const presentedKey = keyReader(vendor)
  const requestIdHeader = vendor.requestIdHeader.toLowerCase()
  const log = requestLog(requestLogSize)
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

  /** The page size to serve, or the problem with the one asked for. */
  const parseLimit = (raw: string | undefined): number | FakeProblem => {
    if (raw === undefined) return paging.defaultLimit
    const param = paging.limitParam
    if (!/^-?\d+$/.test(raw.trim())) {
      return { _tag: "InvalidParameter", param, message: `Invalid '${param}': expected an integer, but got '${raw}' instead.` }
    }
    const limit = Number(raw.trim())
    if (profile.limitOutOfRange === "clamp") return Math.min(paging.maxLimit, Math.max(1, limit))
    if (limit < 1) {
      return {
        _tag: "InvalidParameter",
        param,
        message: `Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`
      }
    }
    if (limit > paging.maxLimit) {
      return {
        _tag: "InvalidParameter",
        param,
        message: `Invalid '${param}': integer above maximum value. Expected a value <= ${paging.maxLimit}, but got ${limit} instead.`
      }
    }
    return limit
  }

  const listPage = (query: URLSearchParams, repeatCursor: boolean): Reply => {
    const limit = parseLimit(query.get(paging.limitParam) ?? undefined)
    if (typeof limit !== "number") return problemReply(vendor, limit)
    const after = repeatCursor ? null : query.get(paging.cursorParam)
    let from = 0
    if (after !== null && after !== "") {
      const index = positionOf(after)
      // The docs are silent on an unknown cursor; we answer an empty last page rather than an error.
      from = index === -1 ? batches.length : index + 1
    }
    const data = batches.slice(from, from + limit)
    return json(200, {
      ...profile.listFields,
      [vendor.list.data]: data,
      [vendor.list.firstId]: data[0]?.[idField] ?? null,
      [vendor.list.lastId]: data[data.length - 1]?.[idField] ?? null,
      [vendor.list.hasMore]: from + data.length < batches.length
    })
  }

  const answer = (method: string, url: URL, headers: Record<string, string>, target: Target, repeatCursor: boolean): Reply => {
    // Django's APPEND_SLASH redirect runs in middleware, before the view authenticates.
    if (target.missingSlash && method === "GET") {
      return { status: 301, headers: { location: `${url.pathname}/${url.search}` }, body: "" }
    }
    const key = presentedKey(headers)
    if (key === "") return problemReply(vendor, { _tag: "MissingKey" })
    if (options.apiKey !== undefined && key !== options.apiKey) return problemReply(vendor, { _tag: "WrongKey" })
    const missingHeader = headerProblem(vendor, headers)
    if (missingHeader !== undefined) return problemReply(vendor, missingHeader)
    if (target.route === undefined) return problemReply(vendor, { _tag: "UnknownRoute", method, path: url.pathname })
    if (method !== "GET") return problemReply(vendor, { _tag: "MethodNotAllowed", method })
    if (target.route === "list") return listPage(url.searchParams, repeatCursor)
    const id = decodeSegment(target.rawId)
    const batch = batches[positionOf(id)]
    return batch === undefined ? problemReply(vendor, { _tag: "BatchNotFound", id }) : json(200, batch)
  }

  const send = (response: Http.ServerResponse, reply: Reply, requestId: string, fault: FaultSpec | undefined) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...reply.headers }
    for (const [name, value] of Object.entries(fault?.headers ?? {})) headers[name.toLowerCase()] = value
    headers[requestIdHeader] = requestId
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
    log.add({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers })
    const requestId = `req_${++counter}`
    const target = classify(url.pathname)
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
        : faultReply(vendor, fault.status)
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
    server.listen(options.port, options.host, () => {
      server.off("error", reject)
      const { port } = server.address() as AddressInfo
      const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host
      resolve({
        provider: vendor.provider,
        definition: vendor,
        baseUrl: `http://${hostInUrl}:${port}${basePath(vendor)}`,
        batches,
        requests: log.all,
        clearRequests: log.clear,
        inject: (fault) => {
          const times = fault.times ?? 1
          if (times > 0) faults.push({ spec: fault, skip: fault.skip ?? 0, remaining: times })
        },
        close
      })
    })
  })
}
