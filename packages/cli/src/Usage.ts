/**
 * What the command says about itself: short help that fits a terminal, and one line per usage
 * error that names the option, the value given and what is allowed. Plain text only: no colour
 * or other escape codes, whether or not the output is a terminal.
 *
 * `effect/cli` hands over its help documents and parse errors as data (a `CliOutput.Presenter`
 * event); this module writes them.
 *
 * @since 0.2.0
 */
import type * as CliError from "effect/cli/CliError"
import type * as CliOutput from "effect/cli/CliOutput"
import type { FlagDoc, HelpDoc } from "effect/cli/HelpDoc"
import * as Option from "effect/Option"
import * as Output from "./Output.js"
import { orList } from "./Spec.js"

/** Help lines are wrapped here: a terminal is at least 80 columns wide. */
const width = 80

const wrap = (text: string, indent: number, firstWidth = width - indent): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  let room = firstWidth
  for (const word of text.split(/\s+/).filter((word) => word !== "")) {
    if (line !== "" && line.length + 1 + word.length > room) {
      lines.push(line)
      line = word
      room = width - indent
    } else {
      line = line === "" ? word : `${line} ${word}`
    }
  }
  if (line !== "") lines.push(line)
  return lines
}

/** Two columns: the left padded to the widest entry, the right wrapped under itself. */
const table = (rows: ReadonlyArray<readonly [string, string]>): Array<string> => {
  const left = Math.min(Math.max(...rows.map(([name]) => name.length)) + 2, 24)
  return rows.flatMap(([name, description]) => {
    const first = name.length + 2 > left ? [`  ${name}`] : []
    const indent = 2 + left
    const [head = "", ...rest] = wrap(description, indent)
    const lines = first.length === 1 ? [head, ...rest].map((line) => " ".repeat(indent) + line) : [`  ${name.padEnd(left)}${head}`, ...rest.map((line) => " ".repeat(indent) + line)]
    return [...first, ...lines]
  })
}

const flagLabel = (flag: FlagDoc): string => {
  const names = [...flag.aliases, `--${flag.name}`].join(", ")
  return flag.type === "boolean" ? names : `${names} ${flag.type}`
}

const describe = (flag: FlagDoc): string => Option.getOrElse(flag.description, () => "")

/**
 * The help of one command, in a few lines: what it does, its usage line, its options.
 *
 * @example
 * ```ts
 * import { helpText } from "@unibatch/cli/Usage"
 * import * as Context from "effect/Context"
 * import * as Option from "effect/Option"
 *
 * helpText({
 *   description: "Show one batch.",
 *   usage: "unibatch get",
 *   annotations: Context.empty(),
 *   flags: [{ name: "json", aliases: [], type: "boolean", description: Option.some("print JSON"), required: false }]
 * }, ["unibatch", "get"])
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const helpText = (doc: HelpDoc, commandPath: ReadonlyArray<string>): string => {
  const path = commandPath.join(" ")
  const subcommands = (doc.subcommands ?? []).flatMap((group) => group.commands)
  const args = (doc.args ?? []).map((arg) => (arg.required ? arg.type === "string" ? arg.name : arg.type : `[${arg.type === "string" ? arg.name : arg.type}]`))
  const required = doc.flags.filter((flag) => flag.required).map((flag) => `--${flag.name} ${flag.type}`)
  const optional = doc.flags.some((flag) => !flag.required) ? ["[options]"] : []
  const usageLine = subcommands.length > 0
    ? `${path} COMMAND [options]`
    : [path, ...required, ...optional, ...args].join(" ")
  const [usageHead = "", ...usageRest] = wrap(`usage: ${usageLine}`, 7)
  const lines: Array<string> = [...wrap(doc.description, 0), "", usageHead, ...usageRest.map((line) => " ".repeat(7) + line)]
  if (subcommands.length > 0) {
    lines.push("", "commands:", ...table(subcommands.map((command) => [command.name, command.shortDescription ?? command.description])))
  }
  const rows: Array<readonly [string, string]> = [
    ...(doc.args ?? []).map((arg): readonly [string, string] => [arg.type === "string" ? arg.name : arg.type, Option.getOrElse(arg.description, () => "")]),
    ...doc.flags.map((flag): readonly [string, string] => [flagLabel(flag), describe(flag)])
  ]
  if (subcommands.length > 0) {
    rows.push(["-h, --help", `show help; ${path} COMMAND --help shows a command's options`])
    if (commandPath.length === 1) rows.push(["--version", "print the version"])
  } else {
    rows.push(["-h, --help", "show this help"])
  }
  lines.push("", subcommands.length > 0 ? "options:" : "arguments and options:", ...table(rows))
  return lines.join("\n")
}

const quote = (value: string): string => JSON.stringify(value)

const findFlag = (doc: HelpDoc, name: string): FlagDoc | undefined => doc.flags.find((flag) => flag.name === name)

/** `-p` for `--provider`: the one option that starts with the letter, if only one does. */
const shortGuess = (option: string, flagNames: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (!/^-[a-zA-Z]$/.test(option)) return []
  const matches = flagNames.filter((name) => name.charAt(2) === option.charAt(1).toLowerCase())
  return matches.length === 1 ? matches : []
}

/**
 * One line, without the `error: ` prefix, for a parse error of `effect/cli`.
 *
 * @example
 * ```ts
 * import { errorMessage } from "@unibatch/cli/Usage"
 * import * as CliError from "effect/cli/CliError"
 * import * as Context from "effect/Context"
 *
 * const doc = { description: "", usage: "", annotations: Context.empty(), flags: [] }
 * errorMessage(new CliError.InvalidValue({ option: "limit", value: "abc", expected: "a positive integer", kind: "flag" }), doc, ["unibatch", "list"])
 * // => '--limit must be a positive integer, got "abc".'
 * ```
 *
 * @since 0.2.0
 * @category formatting
 */
export const errorMessage = (error: CliError.CliError, doc: HelpDoc, commandPath: ReadonlyArray<string>): string => {
  const path = commandPath.join(" ")
  const flagNames = doc.flags.map((flag) => `--${flag.name}`)
  switch (error._tag) {
    case "UnrecognizedOption": {
      const suggestions = error.suggestions.length > 0 ? error.suggestions : shortGuess(error.option, flagNames)
      const guess = suggestions.length > 0 ? ` (did you mean ${orList(suggestions)}?)` : ""
      const allowed = flagNames.length > 0 ? `; its options are ${flagNames.join(", ")}` : "; it takes no options"
      return `unknown option ${error.option} for ${path}${guess}${allowed}.`
    }
    case "MissingOption": {
      const flag = findFlag(doc, error.option)
      const what = flag === undefined ? "" : ` ${flag.type} (${describe(flag)})`
      return `${path} needs --${error.option}${what}.`
    }
    case "MissingArgument": {
      const arg = (doc.args ?? []).find((arg) => arg.name === error.argument)
      const what = arg === undefined ? "" : ` (${Option.getOrElse(arg.description, () => "")})`
      return `${path} needs ${error.argument}${what}.`
    }
    case "UnexpectedArgument": {
      const takes = (doc.args ?? []).map((arg) => (arg.type === "string" ? arg.name : arg.type))
      const allowed = takes.length === 0 ? "it takes no arguments" : `it takes ${takes.length === 1 ? "one" : takes.length} (${takes.join(" ")})`
      return `unexpected argument${error.arguments.length === 1 ? "" : "s"} ${error.arguments.map(quote).join(", ")} for ${path}: ${allowed}.`
    }
    case "InvalidValue": {
      const name = error.kind === "flag" ? `--${error.option}` : error.option
      const repeated = /^(\d+) occurrences$/.exec(error.value)
      if (repeated !== null) return `${name} was given ${repeated[1]} times: give it once.`
      if (error.kind === "flag" && error.value === "") {
        const flag = findFlag(doc, error.option)
        return flag === undefined ? `${name} needs a value.` : `${name} needs a value ${flag.type} (${describe(flag)}).`
      }
      return `${name} must be ${error.expected}, got ${quote(error.value)}.`
    }
    case "UnknownSubcommand": {
      const commands = (doc.subcommands ?? []).flatMap((group) => group.commands.map((command) => command.name))
      const guess = error.suggestions.length > 0 ? ` (did you mean ${orList(error.suggestions)}?)` : ""
      return `unknown command ${quote(error.subcommand)}${guess}; the commands are ${commands.join(", ")}.`
    }
    default:
      return error.message
  }
}

/**
 * Writes help to stdout, the version to stdout, and parse errors to stderr as `error: ...` lines
 * followed by where the right usage is; never the whole help after an error.
 *
 * @example
 * ```ts
 * import { presenter } from "@unibatch/cli/Usage"
 * import * as CliOutput from "effect/cli/CliOutput"
 *
 * const layer = CliOutput.layerPresenter(presenter)
 * ```
 *
 * @since 0.2.0
 * @category presenting
 */
export const presenter: CliOutput.Presenter = {
  present: (event) => {
    switch (event._tag) {
      case "Help":
        return Output.printText(helpText(event.helpDoc, event.commandPath))
      case "Version":
        return Output.printLines(`${event.name} ${event.version}`)
      case "InvalidInvocation":
        return Output.printErrorLines(
          ...event.errors.map((error) => `error: ${errorMessage(error, event.helpDoc, event.commandPath)}`),
          `see: ${event.commandPath.join(" ")} --help`
        )
    }
  }
}
