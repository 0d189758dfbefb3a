/**
 * `unibatch normalize`: a saved vendor response in, canonical JSON out.
 *
 * @since 0.1.0
 */
import * as Normalize from "@unibatch/core/Normalize"
import type { Provider } from "@unibatch/core/Provider"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { readFile } from "node:fs/promises"
import { CommandFailed, usage, type UsageError } from "../Failure.js"
import * as Output from "../Output.js"

/**
 * The parsed command line of `normalize`.
 *
 * @since 0.1.0
 * @category models
 */
export interface NormalizeOptions {
  readonly provider: Provider
  readonly operation: Normalize.Operation
  readonly status: number
  /** A path, `-` for stdin; stdin when absent. */
  readonly file: Option.Option<string>
}

const readStdin = async (): Promise<string> => {
  if (process.stdin.isTTY) process.stderr.write("reading the response body from stdin; end it with Ctrl-D\n")
  const chunks: Array<Buffer> = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

/** Node's error codes in words; the raw message repeats the path and syscall. */
const readProblem = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
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
 * Reads the body from a file or stdin; an unreadable file is wrong usage.
 *
 * @since 0.1.0
 * @category input
 */
export const readBody = (file: Option.Option<string>): Effect.Effect<string, UsageError> => {
  const path = Option.getOrElse(file, () => "-")
  return Effect.tryPromise({
    try: () => (path === "-" ? readStdin() : readFile(path, "utf8")),
    catch: (error) => usage(`cannot read ${path === "-" ? "stdin" : JSON.stringify(path)}: ${readProblem(error)}.`)
  })
}

/**
 * Runs `normalize`: prints the canonical `BatchPage`, `Batch` or `{"error": ...}`; fails with
 * {@link CommandFailed} (exit 1) when the body does not fit.
 *
 * @since 0.1.0
 * @category commands
 */
export const normalize = (options: NormalizeOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function* () {
    if (!Number.isInteger(options.status) || options.status < 100 || options.status > 599) {
      return yield* usage(`--status must be an HTTP status from 100 to 599, got ${options.status}.`)
    }
    const body = yield* readBody(options.file)
    const { json, ok } = Normalize.normalizeToJson({
      provider: options.provider,
      operation: options.operation,
      status: options.status,
      body
    })
    yield* Output.printJson(json)
    if (!ok) return yield* new CommandFailed()
  })
