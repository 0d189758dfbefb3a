/**
 * The node:http fake vendor, driven by a definition and its fake-server profile; it has no code of
 * its own for any vendor. Order per request: log it, apply an injected fault, then (for GETs that
 * lack a trailing slash, where the profile redirects them) redirect, authenticate, route.
 * Faults come first so a test can force e.g. a 502 whatever the request looks like. The lifecycle
 * routes (files, create, cancel) are in `lifecycle.ts`, served where the definition has them.
 */
import { type FakeBatch, type FakeProblem, problemStatus } from "@unibatch/core/FakeServerProfile"
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import type { FakeVendorServer, FaultSpec, RecordedRequest, ServedVendor } from "../FakeVendor.js"
import * as Lifecycle from "./lifecycle.js"
import { bodyBytes, json, type Reply } from "./reply.js"
import { generateFakeBatches } from "./seed.js"

type Route = Exclude<NonNullable<FaultSpec["route"]>, "any">

/** The statuses after which a batch's results are served. */
const ENDED: ReadonlySet<string> = new Set(["completed", "failed", "expired", "cancelled"])

interface Target {
  readonly route: Route | undefined
  /** The raw (still URL-encoded) id path segment of a route with `{id}`. */
  readonly rawId: string
  /** The path lacks the trailing slash of the definition's path (only where the profile redirects). */
  readonly missingSlash: boolean
  /** The methods a documented path takes, when the request's method is not one of them. */
  readonly allowed: ReadonlyArray<string>
}

interface PendingFault {
  readonly spec: FaultSpec
  /** Matching requests still to let through before the fault applies. */
  skip: number
  remaining: number
}

const none: Target = { route: undefined, rawId: "", missingSlash: false, allowed: [] }

/** The path of the definition's base URL, without a trailing slash: `/v1`, `/api/v1`. */
export const basePath = (vendor: ServedVendor): string => new URL(vendor.defaultBaseUrl).pathname.replace(/\/+$/, "")

interface RouteSpec {
  readonly method: "GET" | "POST"
  readonly route: Route
  /** The raw id segment of a path that matches the template, `""` for a template without `{id}`. */
  readonly match: (path: string) => string | undefined
}

const matcher = (template: string): (path: string) => string | undefined => {
  const [head = "", tail] = template.split("{id}")
  if (tail === undefined) return (path) => (path === template ? "" : undefined)
  return (path) => {
    if (path.length <= head.length + tail.length || !path.startsWith(head) || !path.endsWith(tail)) return undefined
    const segment = path.slice(head.length, path.length - tail.length)
    return segment.includes("/") ? undefined : segment
  }
}

/** The definition's routes: list and retrieve, and the lifecycle's where the definition has one. */
const routes = (vendor: ServedVendor): ReadonlyArray<RouteSpec> => {
  const base = basePath(vendor)
  const spec = (method: RouteSpec["method"], route: Route, path: string): RouteSpec => ({ method, route, match: matcher(base + path) })
  const lifecycle = vendor.lifecycle?.paths
  return [
    spec("GET", "list", vendor.paths.list),
    spec("GET", "retrieve", vendor.paths.retrieve),
    ...(lifecycle === undefined ? [] : [
      spec("POST", "create", lifecycle.create),
      spec("POST", "cancel", lifecycle.cancel),
      spec("POST", "upload", lifecycle.files),
      spec("GET", "files", lifecycle.files),
      spec("GET", "file", lifecycle.file),
      spec("GET", "content", lifecycle.fileContent),
      ...(lifecycle.results === undefined ? [] : [spec("GET", "results", lifecycle.results)])
    ])
  ]
}

/**
 * Matches a request to the definition's routes. Where the profile redirects, a GET without the
 * trailing slash matches the slashed path (and is redirected); a POST never is (Django cannot
 * redirect one), so it is an unknown route.
 */
const router = (vendor: ServedVendor): (method: string, path: string) => Target => {
  const table = routes(vendor)
  const redirects = vendor.fakeServer.redirectMissingSlash
  return (method, path) => {
    const allowed: Array<string> = []
    for (const spec of table) {
      const rawId = spec.match(path)
      if (rawId === undefined) continue
      if (spec.method === method) return { route: spec.route, rawId, missingSlash: false, allowed: [] }
      if (!allowed.includes(spec.method)) allowed.push(spec.method)
    }
    if (allowed.length > 0) return { ...none, allowed }
    if (!redirects || method !== "GET" || path.endsWith("/")) return none
    for (const spec of table) {
      const rawId = spec.method === "GET" ? spec.match(`${path}/`) : undefined
      if (rawId !== undefined) return { route: spec.route, rawId, missingSlash: true, allowed: [] }
    }
    return none
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

const problemReply = (vendor: ServedVendor, problem: FakeProblem, headers: Record<string, string> = {}): Reply =>
  json(problemStatus(problem), vendor.fakeServer.error(problem), headers)

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
  /** How long a created batch takes from `validating` to its end; 0: it ends at once. */
  readonly batchDurationMs: number
  /** The clock, epoch milliseconds. */
  readonly now: () => number
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
  const { batchDurationMs } = options
  if (!(Number.isFinite(batchDurationMs) && batchDurationMs >= 0)) {
    return Promise.reject(new RangeError(`batchDurationMs must be a number of 0 or more, got ${String(batchDurationMs)}.`))
  }
  const vendor = options.vendor
  const { paging, fakeServer: profile } = vendor
  const idField = vendor.batch.required.id
  // The generated batches before shaping: the lifecycle serves their files by id.
  const generated = options.batches !== undefined ? [] : generateFakeBatches(vendor, options.count, options.seed)
  // Where this server serves a batch's results, for a vendor with a results path: known once it listens.
  let resultsBase: string | undefined
  const resultsUrlOf = (id: string): string | undefined => {
    const path = vendor.lifecycle?.paths.results
    return path === undefined || resultsBase === undefined ? undefined : resultsBase + path.replace("{id}", encodeURIComponent(id))
  }
  const shape = (fake: FakeBatch): Record<string, unknown> => {
    const url = resultsUrlOf(fake.id)
    return profile.batch(url === undefined ? fake : { ...fake, resultsUrl: ENDED.has(fake.status) ? url : null })
  }
  // Shaped once the server listens (a batch's results URL names the server); no request comes before.
  const batches: Array<Record<string, unknown>> = options.batches !== undefined ? [...options.batches] : []
  // Cursor and retrieve lookups by id: a scan per request made a 100,000-batch listing quadratic.
  const positionById = new Map<string, number>()
  const index = () => {
    if (options.batches === undefined) for (const fake of generated) batches.push(shape(fake))
    batches.forEach((batch, position) => positionById.set(String(batch[idField]), position))
  }
  // The canonical form (`batch_<rest>`) of a native ID is found too, whatever the vendor's prefix.
  const positionOf = (id: string): number =>
    positionById.get(id) ??
      (id.startsWith("batch_") ? positionById.get(vendor.ids.nativePrefix + id.slice("batch_".length)) : undefined) ??
      -1
  const lifecycleVendor = vendor.lifecycle === undefined ? undefined : vendor as Lifecycle.LifecycleVendor
  const lifecycle = lifecycleVendor === undefined ? undefined : Lifecycle.make({
    vendor: lifecycleVendor,
    batchDurationMs,
    now: options.now,
    seed: options.seed,
    isTaken: (id) => positionById.has(id),
    generated,
    resultsUrl: resultsUrlOf
  })
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
    // Created batches are the newest: they come before the generated ones.
    const created = lifecycle?.batches() ?? []
    const total = created.length + batches.length
    const after = repeatCursor ? null : query.get(paging.cursorParam)
    let from = 0
    if (after !== null && after !== "") {
      const canonical = after.startsWith("batch_") ? vendor.ids.nativePrefix + after.slice("batch_".length) : after
      const createdIndex = created.findIndex((batch) => batch[idField] === after || batch[idField] === canonical)
      const index = createdIndex !== -1 ? createdIndex : positionOf(after) === -1 ? -1 : created.length + positionOf(after)
      // The docs are silent on an unknown cursor; we answer an empty last page rather than an error.
      from = index === -1 ? total : index + 1
    }
    const data = [
      ...created.slice(from, from + limit),
      ...batches.slice(Math.max(0, from - created.length), Math.max(0, from + limit - created.length))
    ]
    return json(200, {
      ...profile.listFields,
      [vendor.list.data]: data,
      [vendor.list.firstId]: data[0]?.[idField] ?? null,
      [vendor.list.lastId]: data[data.length - 1]?.[idField] ?? null,
      [vendor.list.hasMore]: from + data.length < total
    })
  }

  const generatedBatch = (id: string): Record<string, unknown> | undefined => batches[positionOf(id)]

  const answer = (
    request: Http.IncomingMessage,
    method: string,
    url: URL,
    headers: Record<string, string>,
    target: Target,
    repeatCursor: boolean
  ): Reply | Promise<Reply> => {
    // Django's APPEND_SLASH redirect runs in middleware, before the view authenticates.
    if (target.missingSlash && method === "GET") {
      return { status: 301, headers: { location: `${url.pathname}/${url.search}` }, body: "" }
    }
    const key = presentedKey(headers)
    if (key === "") return problemReply(vendor, { _tag: "MissingKey" })
    if (options.apiKey !== undefined && key !== options.apiKey) return problemReply(vendor, { _tag: "WrongKey" })
    const missingHeader = headerProblem(vendor, headers)
    if (missingHeader !== undefined) return problemReply(vendor, missingHeader)
    if (target.route === undefined) {
      return target.allowed.length > 0
        ? problemReply(vendor, { _tag: "MethodNotAllowed", method }, { allow: target.allowed.join(", ") })
        : problemReply(vendor, { _tag: "UnknownRoute", method, path: url.pathname })
    }
    const id = decodeSegment(target.rawId)
    switch (target.route) {
      case "list":
        return listPage(url.searchParams, repeatCursor)
      case "retrieve": {
        const batch = lifecycle?.retrieve(id) ?? generatedBatch(id)
        return batch === undefined ? problemReply(vendor, { _tag: "BatchNotFound", id }) : json(200, batch)
      }
      case "cancel": {
        const cancelled = lifecycle?.cancel(id)
        if (cancelled !== undefined) return cancelled
        // The generated batches are a fixed history: a cancel answers them as they are.
        const batch = generatedBatch(id)
        return batch === undefined ? problemReply(vendor, { _tag: "BatchNotFound", id }) : json(200, batch)
      }
    }
    // The remaining routes exist only where the definition has a lifecycle.
    if (lifecycle === undefined) return problemReply(vendor, { _tag: "UnknownRoute", method, path: url.pathname })
    switch (target.route) {
      case "create":
        return lifecycle.create(request)
      case "upload":
        return lifecycle.upload(request, headers)
      case "files":
        return lifecycle.listFiles(url.searchParams)
      case "file":
        return lifecycle.file(id)
      case "content":
        return lifecycle.content(id)
      case "results":
        return lifecycle.results(id) ?? problemReply(vendor, { _tag: "BatchNotFound", id })
    }
  }

  const send = (response: Http.ServerResponse, reply: Reply, requestId: string, fault: FaultSpec | undefined) => {
    const headers: Record<string, string> = { "content-type": "application/json", ...reply.headers }
    for (const [name, value] of Object.entries(fault?.headers ?? {})) headers[name.toLowerCase()] = value
    headers[requestIdHeader] = requestId
    if (fault?.truncate === true) {
      // No content-length: the message is well framed, only the body inside is cut short.
      const whole = typeof reply.body === "string" ? Buffer.from(reply.body) : Buffer.concat(reply.body)
      response.writeHead(reply.status, headers)
      response.end(whole.subarray(0, Math.floor(whole.length / 2)))
      return
    }
    headers["content-length"] = String(bodyBytes(reply.body))
    response.writeHead(reply.status, headers)
    if (typeof reply.body === "string") {
      response.end(reply.body)
      return
    }
    for (const chunk of reply.body) response.write(chunk)
    response.end()
  }

  const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse) => {
    const method = request.method ?? "GET"
    const url = new URL(request.url ?? "/", "http://fake.invalid")
    const headers = lowerCaseHeaders(request.headers)
    log.add({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers })
    const requestId = `req_${++counter}`
    const target = classify(method, url.pathname)
    const fault = takeFault(target.route)
    // Only create and upload read their bodies; any other body is drained so keep-alive keeps working.
    const faultAnswers = fault?.status !== undefined || fault?.reset === true || fault?.hang === true
    if (faultAnswers || (target.route !== "create" && target.route !== "upload")) request.resume()

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
      : await answer(request, method, url, headers, target, fault?.repeatCursor === true)
    // A refusal before the body was read (a wrong key, say) still drains it.
    request.resume()
    if (closing !== undefined) return
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
      resultsBase = `http://${hostInUrl}:${port}${basePath(vendor)}`
      index()
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
