/**
 * `unibatch normalize`: a saved vendor response in, canonical JSON out.
 *
 * @since 0.1.0
 */
import * as Normalize from "@unibatch/core/Normalize"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { CommandFailed, type UsageError } from "../Failure.js"
import * as Input from "../Input.js"
import * as Output from "../Output.js"

/**
 * Which response a body is: a list page, one batch (retrieve, and the create and cancel answers),
 * a file, a page of files, or result lines (`output-line`, `error-line`).
 *
 * @example
 * ```ts
 * import type { Operation } from "@unibatch/cli/commands/normalize"
 *
 * const operation: Operation = "retrieve"
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export type Operation = Normalize.Operation

/**
 * The parsed command line of `normalize`.
 *
 * @example
 * ```ts
 * import type { NormalizeOptions } from "@unibatch/cli/commands/normalize"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const options: NormalizeOptions = { vendor: definitions.openai, operation: "list", status: Option.none(), file: Option.some("page.json") }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface NormalizeOptions {
  readonly vendor: VendorDefinition
  readonly operation: Operation
  /** `--status`; absent: the fixture's status, else 200. */
  readonly status: Option.Option<number>
  /** A path, `-` for stdin; stdin when absent. */
  readonly file: Option.Option<string>
  /**
   * Result lines: the batch they belong to (`batchId` in each result); `null` when absent.
   *
   * @since 0.3.0
   */
  readonly batchId?: Option.Option<string> | undefined
}

/**
 * Runs `normalize`: prints the canonical `BatchPage`, `Batch`, `BatchFile`, page of files
 * `{data, firstId, lastId, hasMore}`, result (one line; a whole output or error file prints one
 * result per line, NDJSON) or `{"error": ...}`; fails with {@link CommandFailed} (exit 1) when the
 * body does not fit.
 *
 * @example
 * ```ts
 * import { normalize } from "@unibatch/cli/commands/normalize"
 * import * as Option from "effect/Option"
 * import { definitions } from "unibatch/Providers"
 *
 * const program = normalize({ vendor: definitions.respan, operation: "retrieve", status: Option.none(), file: Option.none() })
 * ```
 *
 * @since 0.1.0
 * @category commands
 */
export const normalize = (options: NormalizeOptions): Effect.Effect<void, UsageError | CommandFailed> =>
  Effect.gen(function*() {
    const saved = yield* Input.readResponse(options.file)
    const status = yield* Input.statusOf(saved, options.status)
    const { json, ok } = Normalize.normalizeToJson({
      definition: options.vendor,
      operation: options.operation,
      status,
      body: saved.body,
      headers: saved.headers,
      batchId: options.batchId === undefined ? null : Option.getOrNull(options.batchId)
    })
    // A whole result file: one canonical result per line, as `unibatch results --json` prints them.
    yield* Array.isArray(json) ? Output.printJsonLines(json) : Output.printJson(json)
    if (!ok) return yield* new CommandFailed()
  })
