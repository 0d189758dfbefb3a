/**
 * `unibatch normalize` on its own: the command whose start-up is measured. A well-formed
 * `normalize` command line runs here with nothing but what it needs (the specs, the decoder, the
 * vendor definitions); anything else, `normalize --help` or a usage error included, is handed to
 * the whole command (`Main.ts`).
 *
 * The executable bundles this module apart from the rest, so that what the other commands use
 * (`effect/cli`, the HTTP client, streams, layers) is not even loaded here.
 *
 * @since 0.2.0
 */
import * as Providers from "unibatch/Providers"
import * as Fast from "./Fast.js"
import { exitCode } from "./Failure.js"
import * as Process from "./Process.js"
import * as Spec from "./Spec.js"

/**
 * Runs `unibatch normalize ...` (`args` is what follows `unibatch`) as this process's program.
 *
 * @example
 * ```ts
 * import { main } from "@unibatch/cli/NormalizeMain"
 *
 * main(["normalize", "--provider", "openai", "--operation", "list", "page.json"])
 * ```
 *
 * @since 0.2.0
 * @category running
 */
export const main = (args: ReadonlyArray<string>): void => {
  const matched = Fast.match([Spec.normalizeCommand(Object.values(Providers.definitions))], args)
  if (matched === undefined) {
    import("./Main.js").then((all) => all.main(args))
    return
  }
  Process.runMain(exitCode(matched.command.run(matched.options)))
}
