/**
 * `unibatch normalize`: a saved vendor response in, canonical JSON out.
 *
 * @since 0.1.0
 */
import * as Normalize from "@unibatch/core/Normalize"
import type { VendorDefinition } from "@unibatch/core/VendorDefinition"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import { CommandFailed, type UsageError } from "../Failure.js"
import * as Input from "../Input.js"
import * as Output from "../Output.js"

/**
 * Which response a body is: a list page or one batch.
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
}

/**
 * Runs `normalize`: prints the canonical `BatchPage`, `Batch` or `{"error": ...}`; fails with
 * {@link CommandFailed} (exit 1) when the body does not fit.
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
      headers: saved.headers
    })
    yield* Output.printJson(json)
    if (!ok) return yield* new CommandFailed()
  })
