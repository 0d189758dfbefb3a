/**
 * WorkerHttpClient as an HTTP client, over real HTTP on loopback: what it sends, what it hands
 * back, redirects, failures, aborts and its worker's lifetime. (The adapters' own behaviour over
 * it is loopback.test.ts and secrets.test.ts, which run over every transport.)
 */
import * as Cookies from "@effect/platform/Cookies"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, it } from "@effect/vitest"
import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { execFile } from "node:child_process"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { assert } from "vitest"

const root = new URL("../..", import.meta.url).pathname

/** A loopback server for the current scope; `closed` lists the requests whose socket closed unanswered. */
const serve = (handle: (request: IncomingMessage, body: string, response: ServerResponse) => void) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.async<{ readonly server: Server; readonly seen: Array<string>; readonly closed: Array<string> }>((resume) => {
        const seen: Array<string> = []
        const closed: Array<string> = []
        const server = createServer((request, response) => {
          seen.push(`${request.method} ${request.url}`)
          response.on("close", () => {
            if (!response.writableFinished) closed.push(`${request.method} ${request.url}`)
          })
          let body = ""
          request.setEncoding("utf8")
          request.on("data", (chunk: string) => (body += chunk))
          request.on("end", () => handle(request, body, response))
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed({ server, seen, closed })))
      }),
      ({ server }) => Effect.sync(() => {
        server.closeAllConnections()
        server.close()
      })
    ),
    ({ closed, seen, server }) => ({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, closed })
  )

/** What {@link echo} answers. */
interface Echoed {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string
}

/** Reads an echoed request back. */
const echoed = (response: { readonly json: Effect.Effect<unknown, HttpClientError.ResponseError> }) =>
  Effect.map(response.json, (json) => json as Echoed)

/** Answers with what it received: method, path, headers and body. */
const echo = (request: IncomingMessage, body: string, response: ServerResponse) =>
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body }))

const client = Effect.flatMap(Layer.build(WorkerHttpClient.layer), (context) => Effect.succeed(context.unsafeMap.get(HttpClient.HttpClient.key) as HttpClient.HttpClient))

const requestErrorOf = <A>(effect: Effect.Effect<A, HttpClientError.HttpClientError>) =>
  Effect.flatMap(Effect.either(effect), (result) =>
    Either.isLeft(result) && result.left._tag === "RequestError" ? Effect.succeed(result.left) : Effect.dieMessage(`expected a RequestError, got ${JSON.stringify(result)}`))

describe("WorkerHttpClient", () => {
  it.scopedLive("sends the method, headers and body; hands back status, headers, cookies and the body in every form", () =>
    Effect.gen(function* () {
      const server = yield* serve((request, body, response) => {
        if (request.url === "/empty") return response.writeHead(204).end()
        response.writeHead(201, { "content-type": "application/json", "x-request-id": "req_1", "set-cookie": ["a=1; Path=/", "b=2; Path=/"] })
        response.end(JSON.stringify({ method: request.method, custom: request.headers["x-custom"], type: request.headers["content-type"], body: JSON.parse(body) }))
      })
      const http = yield* client
      const response = yield* http.execute(HttpClientRequest.post(`${server.origin}/echo`).pipe(
        HttpClientRequest.setHeader("x-custom", "ünïcode-free"),
        HttpClientRequest.bodyText(JSON.stringify({ name: "batch é ✓" }), "application/json")
      ))
      assert.strictEqual(response.status, 201)
      assert.strictEqual(response.headers["x-request-id"], "req_1")
      assert.deepStrictEqual(Cookies.toRecord(response.cookies), { a: "1", b: "2" })
      const expected = { method: "POST", custom: "ünïcode-free", type: "application/json", body: { name: "batch é ✓" } }
      assert.deepStrictEqual(yield* response.json, expected)
      const text = yield* response.text
      assert.deepStrictEqual(JSON.parse(text), expected)
      assert.strictEqual(new TextDecoder().decode(yield* response.arrayBuffer), text)
      const streamed = Chunk.toReadonlyArray(yield* Stream.runCollect(response.stream))
      assert.strictEqual(Buffer.concat(streamed).toString("utf8"), text)
      const empty = yield* http.get(`${server.origin}/empty`)
      assert.deepStrictEqual([empty.status, yield* empty.text, yield* empty.json], [204, "", null])
    }))

  it.scopedLive("follows redirects as fetch does: credentials only within the origin, 303 turns a POST into a GET", () =>
    Effect.gen(function* () {
      const other = yield* serve(echo)
      const server = yield* serve((request, body, response) => {
        if (request.url === "/same") return response.writeHead(307, { location: "/target?from=same" }).end()
        if (request.url === "/cross") return response.writeHead(302, { location: `${other.origin}/target?from=cross` }).end()
        if (request.url === "/see-other") return response.writeHead(303, { location: "/target?from=303" }).end()
        echo(request, body, response)
      })
      const http = yield* client
      const credentials = { authorization: "Bearer sk-secret", "x-api-key": "sk-secret", cookie: "session=1", "x-kept": "yes" }
      const same = yield* Effect.flatMap(http.get(`${server.origin}/same`, { headers: credentials }), echoed)
      assert.strictEqual(same.url, "/target?from=same")
      assert.deepInclude(same.headers, credentials)
      const cross = yield* Effect.flatMap(http.get(`${server.origin}/cross`, { headers: credentials }), echoed)
      assert.strictEqual(cross.url, "/target?from=cross")
      assert.strictEqual(cross.headers["x-kept"], "yes")
      for (const name of ["authorization", "x-api-key", "cookie"]) assert.notProperty(cross.headers, name)
      const post = HttpClientRequest.post(`${server.origin}/see-other`).pipe(HttpClientRequest.bodyText("{}", "application/json"))
      const seeOther = yield* Effect.flatMap(http.execute(post), echoed)
      assert.deepStrictEqual([seeOther.method, seeOther.url, seeOther.body, seeOther.headers["content-type"]], ["GET", "/target?from=303", "", undefined])
      assert.deepStrictEqual(other.seen, ["GET /target?from=cross"])
    }))

  it.scopedLive("a redirect loop fails after 20 redirects, as a transport error", () =>
    Effect.gen(function* () {
      const server = yield* serve((_request, _body, response) => response.writeHead(302, { location: "/loop" }).end())
      const error = yield* requestErrorOf((yield* client).get(`${server.origin}/loop`))
      assert.strictEqual(error.reason, "Transport")
      assert.include(String(error.cause), "redirect count exceeded")
      assert.strictEqual(server.seen.length, 21)
    }))

  it.scopedLive("a redirect to another scheme fails as a transport error, and nothing is sent there", () =>
    Effect.gen(function* () {
      const server = yield* serve((_request, _body, response) => response.writeHead(302, { location: "ftp://127.0.0.1/batches" }).end())
      const error = yield* requestErrorOf((yield* client).get(`${server.origin}/away`))
      assert.strictEqual(error.reason, "Transport")
      assert.include(String(error.cause), "unsupported protocol ftp:")
      assert.deepStrictEqual(server.seen, ["GET /away"])
    }))

  it.scopedLive("a refused connection is a transport error carrying the system's code", () =>
    Effect.gen(function* () {
      const scope = yield* Scope.make()
      const server = yield* Scope.extend(serve(echo), scope)
      yield* Scope.close(scope, Exit.void)
      const error = yield* requestErrorOf((yield* client).get(`${server.origin}/`))
      assert.strictEqual(error.reason, "Transport")
      assert.strictEqual((error.cause as { code?: string }).code, "ECONNREFUSED")
    }))

  it.scopedLive("a connection closed halfway through the body is a transport error, not a short body", () =>
    Effect.gen(function* () {
      const server = yield* serve((_request, _body, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
        response.write(`{"data": [`)
        setTimeout(() => response.destroy(), 20)
      })
      const error = yield* requestErrorOf((yield* client).get(`${server.origin}/cut`))
      assert.strictEqual(error.reason, "Transport")
    }))

  it.scopedLive("an interrupted request is aborted on the wire", () =>
    Effect.gen(function* () {
      const server = yield* serve(() => {
        // never answers
      })
      const fiber = yield* Effect.fork((yield* client).get(`${server.origin}/slow`))
      while (server.seen.length === 0) yield* Effect.sleep("5 millis")
      yield* Fiber.interrupt(fiber)
      while (server.closed.length === 0) yield* Effect.sleep("5 millis")
      assert.deepStrictEqual(server.closed, ["GET /slow"])
    }))

  it.scopedLive("a stream or form-data body is refused as an Encode error, before any request", () =>
    Effect.gen(function* () {
      const server = yield* serve(echo)
      const http = yield* client
      const streamed = HttpClientRequest.post(`${server.origin}/`).pipe(HttpClientRequest.bodyStream(Stream.make(new Uint8Array([1]))))
      const error = yield* requestErrorOf(http.execute(streamed))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "in memory")
      const form = HttpClientRequest.post(`${server.origin}/`).pipe(HttpClientRequest.bodyFormData(new FormData()))
      assert.strictEqual((yield* requestErrorOf(http.execute(form))).reason, "Encode")
      assert.deepStrictEqual(server.seen, [])
    }))

  it.scopedLive("once the layer's scope is closed, requests fail rather than start a worker nobody stops", () =>
    Effect.gen(function* () {
      const server = yield* serve(echo)
      const scope = yield* Scope.make()
      const http = yield* Scope.extend(client, scope)
      assert.strictEqual((yield* http.get(`${server.origin}/before`)).status, 200)
      yield* Scope.close(scope, Exit.void)
      const error = yield* requestErrorOf(http.get(`${server.origin}/after`))
      assert.include(String(error.cause), "scope is closed")
      assert.deepStrictEqual(server.seen, ["GET /before"])
    }))

  it.live("a program that never closes the layer still exits once its requests are done", () =>
    Effect.promise(() =>
      new Promise<void>((resolve, reject) => {
        // A runtime that is never disposed: the idle worker must not keep the process alive.
        const program = `
          import * as WorkerHttpClient from "@unibatch/core/WorkerHttpClient"
          import * as HttpClient from "@effect/platform/HttpClient"
          import * as ManagedRuntime from "effect/ManagedRuntime"
          import * as Effect from "effect/Effect"
          import { createServer } from "node:http"
          const server = createServer((request, response) => response.end("ok")).listen(0, "127.0.0.1", async () => {
            const runtime = ManagedRuntime.make(WorkerHttpClient.layer)
            const get = HttpClient.get("http://127.0.0.1:" + server.address().port + "/")
            console.log(await runtime.runPromise(Effect.flatMap(get, (response) => response.text)))
            server.close()
          })`
        execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], { cwd: root, timeout: 20_000 }, (error, stdout) => {
          if (error !== null) return reject(error)
          assert.strictEqual(stdout.trim(), "ok")
          resolve()
        })
      })
    ), 30_000)
})
