/**
 * Reading a saved vendor response for `normalize` and `conform`: a file or stdin, holding either
 * the bare body or a fixture `{"status", "headers", "body"}` as the test kit's `Recorder.record`
 * writes it. An unreadable file is wrong usage.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { badValue, usage, type UsageError } from "./Failure.js"
import { fs } from "./internal/fs.js"

/**
 * A response read from a file or stdin.
 *
 * - `body`: the body text (a fixture's parsed `body` is written back as JSON text).
 * - `status`, `headers`: from a fixture; absent for a bare body.
 * - `source`: the path, or `stdin`, for reports.
 *
 * @example
 * ```ts
 * import type { SavedResponse } from "@unibatch/cli/Input"
 *
 * const saved: SavedResponse = { body: "{}", status: 404, headers: { "x-request-id": "req_1" }, source: "stdin" }
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface SavedResponse {
  readonly body: string
  readonly status?: number | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly source: string
}

/**
 * The fixture envelope, `{ status, headers, body }` and nothing else: the shape `Recorder.record`
 * (in `@unibatch/testkit`) writes. No vendor's batch or list body has exactly these three keys.
 *
 * @example
 * ```ts
 * import { isFixture } from "@unibatch/cli/Input"
 *
 * isFixture({ status: 200, headers: {}, body: { object: "list", data: [] } }) // => true
 * isFixture({ object: "list", data: [] }) // => false
 * ```
 *
 * @since 0.2.0
 * @category input
 */
export const isFixture = (value: unknown): value is { readonly status: number; readonly headers: Readonly<Record<string, unknown>>; readonly body: unknown } => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  if (keys.length !== 3 || !keys.includes("status") || !keys.includes("headers") || !keys.includes("body")) return false
  const { headers, status } = value as { readonly status: unknown; readonly headers: unknown }
  return Number.isInteger(status) && typeof headers === "object" && headers !== null && !Array.isArray(headers)
}

/** The fixture in `text`, if it is one; parsing is tried only when the text could be one. */
const fixtureIn = (text: string, source: string): SavedResponse | undefined => {
  if (!/^\s*\{/.test(text) || !text.includes("\"body\"") || !text.includes("\"status\"")) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isFixture(value)) return undefined
  const headers: Record<string, string> = {}
  for (const [name, header] of Object.entries(value.headers)) if (typeof header === "string") headers[name.toLowerCase()] = header
  // A fixture keeps a non-JSON body as a string and a JSON body parsed.
  const body = typeof value.body === "string" ? value.body : JSON.stringify(value.body)
  return { body, status: value.status, headers, source }
}

const readStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) process.stderr.write("reading the response body from stdin; end it with Ctrl-D\n")
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/**
 * Node's error codes in words; the raw message repeats the path and syscall.
 *
 * @example
 * ```ts
 * import { readProblem } from "@unibatch/cli/Input"
 *
 * readProblem(Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" })) // => "no such file"
 * ```
 *
 * @since 0.3.0
 * @category formatting
 */
export const readProblem = (error: unknown): string => {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case "ENOENT":
      return "no such file"
    case "EISDIR":
      return "it is a directory"
    case "EACCES":
    case "EPERM":
      return "permission denied"
    default:
      return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Reads the response from a file, or from stdin for `-` or no file.
 *
 * @example
 * ```ts
 * import { readResponse } from "@unibatch/cli/Input"
 * import * as Option from "effect/Option"
 *
 * const saved = readResponse(Option.some("test/fixtures/respan/list.json"))
 * ```
 *
 * @since 0.2.0
 * @category input
 */
export const readResponse = (file: Option.Option<string>): Effect.Effect<SavedResponse, UsageError> => {
  const path = Option.getOrElse(file, () => "-")
  const source = path === "-" ? "stdin" : path
  const problem = (error: unknown) => usage(`cannot read ${path === "-" ? "stdin" : JSON.stringify(path)}: ${readProblem(error)}.`)
  const text = path === "-"
    ? Effect.tryPromise({ try: readStdin, catch: problem })
    : Effect.try({ try: () => fs.readFileSync(path, "utf8"), catch: problem })
  return text.pipe(Effect.map((text) => fixtureIn(text, source) ?? { body: text, source }))
}

/**
 * The status to use: `--status`, else the fixture's, else 200. A `--status` that contradicts the
 * fixture is wrong usage.
 *
 * @example
 * ```ts
 * import { statusOf } from "@unibatch/cli/Input"
 * import * as Option from "effect/Option"
 *
 * const status = statusOf({ body: "{}", source: "stdin" }, Option.none()) // succeeds with 200
 * ```
 *
 * @since 0.2.0
 * @category input
 */
export const statusOf = (saved: SavedResponse, flag: Option.Option<number>): Effect.Effect<number, UsageError> => {
  if (Option.isNone(flag)) return Effect.succeed(saved.status ?? 200)
  if (saved.status !== undefined && saved.status !== flag.value) {
    return Effect.fail(badValue("--status", String(flag.value), `the fixture's own status (${saved.status}) or left out`))
  }
  return Effect.succeed(flag.value)
}
