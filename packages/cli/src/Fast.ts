/**
 * Recognizes a well-formed command line from the command specs (`Spec.ts`) without loading
 * `effect/cli`, whose modules take about as long to load as Node itself takes to start. Only the
 * plainest form is accepted: the command name first (then the subcommand's, for `files`), then
 * `--name VALUE`, `--name=VALUE`, `--switch` and positional arguments, each flag once (a repeatable
 * flag any number of times), every value valid. Anything else (help,
 * `--version`, a short option, `--`, a value that starts with `-`, a switch followed by a word
 * `effect/cli` would read as its value, a missing or bad value, an unknown flag) is not
 * recognized, and `effect/cli` parses the command line instead, and explains what is wrong.
 *
 * What it recognizes, it reads exactly as `effect/cli` does: test/cli/fast.test.ts checks this on
 * generated command lines.
 *
 * @since 0.2.0
 */
import * as Option from "effect/Option"
import * as Spec from "./Spec.js"

/**
 * A recognized command line: the command and its options, as its code receives them.
 *
 * @example
 * ```ts
 * import { match, type Match } from "@unibatch/cli/Fast"
 * import { commands } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * const found: Match | undefined = match(commands(Object.values(definitions)), ["demo"])
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface Match {
  readonly command: Spec.Command
  readonly options: { readonly [key: string]: unknown }
}

/** Words `effect/cli` takes as the value of a switch that precedes them (`--json false`). */
const booleanWords = new Set(["true", "yes", "on", "1", "y", "false", "no", "off", "0", "n"])

/** A token `effect/cli` reads as a flag (or the end of flags), not as a value. */
const looksLikeFlag = (token: string): boolean => token.startsWith("-") && token !== "-"

/**
 * The command and options of `args` (what follows `unibatch`), or `undefined` when the command
 * line is not in the plain form or not valid: then `effect/cli` must parse it.
 *
 * @example
 * ```ts
 * import { match } from "@unibatch/cli/Fast"
 * import { commands } from "@unibatch/cli/Spec"
 * import { definitions } from "unibatch/Providers"
 *
 * const specs = commands(Object.values(definitions))
 * match(specs, ["normalize", "--provider", "openai", "--operation", "list", "page.json"])?.command.name // => "normalize"
 * match(specs, ["normalize", "--help"]) // => undefined
 * ```
 *
 * @since 0.2.0
 * @category parsing
 */
export const match = (commands: ReadonlyArray<Spec.Command>, args: ReadonlyArray<string>): Match | undefined => {
  const command = commands.find((command) => command.name === args[0])
  if (command === undefined) return undefined
  // A group (`files`): the next word names the subcommand; without one, effect/cli explains.
  if (command.subcommands !== undefined) return match(command.subcommands, args.slice(1))
  const entries = Object.entries(command.params)
  const flags = new Map(entries.filter(([, param]) => param._tag !== "Argument").map(([key, param]) => [param.name, [key, param] as const]))
  const positionals = entries.filter(([, param]) => param._tag === "Argument")
  const raw = new Map<string, Array<string>>()
  const given: Array<string> = []

  for (let index = 1; index < args.length; index++) {
    const token = args[index]!
    if (token === "") return undefined
    if (!looksLikeFlag(token)) {
      given.push(token)
      continue
    }
    if (!token.startsWith("--") || token === "--") return undefined
    const equals = token.indexOf("=")
    const name = equals === -1 ? token.slice(2) : token.slice(2, equals)
    const known = flags.get(name)
    if (known === undefined) return undefined
    const [key, param] = known
    if (raw.has(key) && param.presence !== "repeated") return undefined
    if (param._tag === "Switch") {
      const next = args[index + 1]
      if (equals !== -1 || (next !== undefined && booleanWords.has(next.toLowerCase()))) return undefined
      raw.set(key, [""])
      continue
    }
    const value = equals === -1 ? args[++index] : token.slice(equals + 1)
    if (value === undefined || value === "" || looksLikeFlag(value)) return undefined
    raw.set(key, [...(raw.get(key) ?? []), value])
  }
  if (given.length > positionals.length) return undefined
  positionals.forEach(([key], position) => {
    const value = given[position]
    if (value !== undefined) raw.set(key, [value])
  })

  const options: Record<string, unknown> = {}
  for (const [key, param] of entries) {
    const texts = raw.get(key)
    if (texts === undefined) {
      if (param.presence === "required") return undefined
      options[key] = param.presence === "optional" ? Option.none() : param.defaultValue
      continue
    }
    const values: Array<unknown> = []
    for (const text of texts) {
      const value = Spec.valueOf(param, text)
      if (Option.isNone(value)) return undefined
      values.push(param.presence === "repeated" ? (value.value as ReadonlyArray<unknown>)[0] : value.value)
    }
    options[key] = param.presence === "repeated" ? values : values[0]
  }
  return { command, options }
}
