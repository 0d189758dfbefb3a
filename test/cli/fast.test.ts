/**
 * The fast path (`Fast.match`) against the reference (`effect/cli`, through `Cli.run`): on every
 * generated command line the fast path recognizes, `effect/cli` parses the same command and the
 * same options. Whatever it does not recognize goes to `effect/cli` anyway, so this is what makes
 * the two paths one command line.
 */
import * as Cli from "@unibatch/cli/Cli"
import * as Fast from "@unibatch/cli/Fast"
import type { Sink } from "@unibatch/cli/Output"
import * as Spec from "@unibatch/cli/Spec"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import fc from "fast-check"
import * as Providers from "unibatch/Providers"
import { describe, expect, it } from "vitest"

const definitions = Object.values(Providers.definitions)
const specs = Spec.commands(definitions)
const silent: Sink = { out: () => {}, err: () => {} }

/** Options in a comparable form: `Option` and `Redacted` values spelled out. */
const comparable = (options: { readonly [key: string]: unknown }) =>
  Object.fromEntries(
    Object.entries(options).map(([key, value]) => {
      const plain = (inner: unknown): unknown =>
        Redacted.isRedacted(inner) ? `redacted:${Redacted.value(inner as Redacted.Redacted<string>)}` : inner
      return [key, Option.isOption(value) ? Option.match(value, { onNone: () => "none", onSome: (inner) => ({ some: plain(inner) }) }) : plain(value)]
    })
  )

/** What `effect/cli` makes of `args`: the command run and its options, and the exit code. */
const reference = async (args: ReadonlyArray<string>) => {
  let seen: { command: string; options: { readonly [key: string]: unknown } } | undefined
  const code = await Effect.runPromise(
    Cli.run(args, {
      definitions,
      sink: silent,
      handler: (command, options) => Effect.sync(() => void (seen = { command: command.name, options }))
    })
  )
  return { code, seen }
}

const values = ["openai", "respan", "neosantara", "OpenAI", "list", "retrieve", "create", "0", "1", "20", "100", "101", "-1", "2.5", "abc", "200", "404",
  "65535", "http://127.0.0.1:1/v1", "batch_abc", "batch-abc", "a=b", "k=v=w", "=v", "-", "", "true", "false", "x.json", "/v1/chat/completions", "24h"]

/** A value for a flag: mostly one it accepts (found by its own parse), sometimes any. */
const valueFor = (param: Spec.Param<unknown>) => {
  const accepted = values.filter((value) => value !== "" && Option.isSome(param.parse(value)))
  return accepted.length === 0 ? fc.constantFrom(...values) : fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...accepted) }, { weight: 1, arbitrary: fc.constantFrom(...values) })
}

/** The tokens of one parameter (both spellings of a flag), or none when it is left out. */
const paramTokens = (param: Spec.Param<unknown>): fc.Arbitrary<ReadonlyArray<string>> => {
  const once = fc.oneof(valueFor(param).map((value) => [`--${param.name}`, value]), valueFor(param).map((value) => [`--${param.name}=${value}`]))
  const given = param._tag === "Switch"
    ? fc.constant([`--${param.name}`])
    : param._tag === "Argument"
    ? valueFor(param).map((value) => [value])
    : param.presence === "repeated"
    ? fc.array(once, { minLength: 1, maxLength: 3 }).map((occurrences) => occurrences.flat())
    : once
  const leftOut = fc.constant<ReadonlyArray<string>>([])
  return param.presence === "required" ? fc.oneof({ weight: 9, arbitrary: given }, { weight: 1, arbitrary: leftOut }) : fc.oneof(given, leftOut)
}

const noise = fc.constantFrom(["x.json"], ["-"], ["--unknown"], ["-p"], ["--"], ["--help"], ["true"], [""], ["--json=false"], ["--provider", "openai"])

/** A command line: each parameter given or not, in any order, sometimes with noise. */
const tokens = ({ command, path }: { readonly command: Spec.Command; readonly path: ReadonlyArray<string> }) =>
  fc.tuple(
    fc.tuple(...Object.values(command.params).map(paramTokens)),
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(noise, { maxLength: 2 }) })
  ).chain(([groups, extra]) => fc.shuffledSubarray([...groups, ...extra], { minLength: groups.length + extra.length }))
    .map((groups) => [...path, ...groups.flat()])

/** Every command that runs, with the words that name it (`files upload`). */
const leaves = specs.flatMap((command) =>
  command.subcommands === undefined
    ? [{ command, path: [command.name] }]
    : command.subcommands.map((subcommand) => ({ command: subcommand, path: [command.name, subcommand.name] }))
)

const commandLine = fc.constantFrom(...leaves).chain(tokens)

describe("Fast.match", () => {
  it("recognizes the plain forms", () => {
    const file = "page.json"
    expect(Fast.match(specs, ["normalize", "--provider", "openai", "--operation", "list", file])?.command.name).toBe("normalize")
    expect(Fast.match(specs, ["normalize", "--provider=respan", "--operation=retrieve", "--status", "404", "-"])?.options).toMatchObject({
      status: Option.some(404),
      file: Option.some("-")
    })
    expect(Fast.match(specs, ["list", "--provider", "openai", "--all", "--json", "--limit", "5"])?.options).toMatchObject({ all: true, json: true })
    expect(Fast.match(specs, ["demo"])?.command.name).toBe("demo")
    expect(Fast.match(specs, ["files", "get", "file-abc", "--provider", "openai"])?.options).toMatchObject({ id: "file-abc" })
    expect(
      Fast.match(specs, ["submit", "-", "--provider", "openai", "--endpoint", "/v1/chat/completions", "--metadata", "a=b", "--metadata=c=d=e"])?.options
    ).toMatchObject({ file: "-", metadata: [["a", "b"], ["c", "d=e"]], wait: false })
  })

  it.each([
    [["normalize", "--help"]],
    [["--version"]],
    [[]],
    [["normalize", "-p", "openai", "--operation", "list"]],
    [["normalize", "--provider", "OpenAI", "--operation", "list"]],
    [["normalize", "--provider", "openai", "--operation", "list", "--json", "x.json"]],
    [["list", "--provider", "openai", "--limit", "abc"]],
    [["list", "--provider", "openai", "--json", "false"]],
    [["list", "--provider", "openai", "--provider", "openai"]],
    [["list", "--provider", "openai", "--", "x"]],
    [["list", "--provider", "openai", "--max-retries", "-1"]],
    [["get", "--provider", "openai"]],
    [["files"]],
    [["files", "--provider", "openai"]],
    [["submit", "-", "--provider", "openai", "--endpoint", "/v1/chat/completions", "--metadata", "nokey"]],
    [["normalize", "--provider", "openai", "--operation", "list", "a", "b"]]
  ])("leaves %j to effect/cli", (args) => {
    expect(Fast.match(specs, args)).toBeUndefined()
  })

  it("reads every command line it recognizes exactly as effect/cli does", async () => {
    let recognized = 0
    await fc.assert(
      fc.asyncProperty(commandLine, async (args) => {
        const fast = Fast.match(specs, args)
        if (fast === undefined) return
        recognized++
        const { code, seen } = await reference(args)
        expect(code, args.join(" ")).toBe(0)
        expect(seen?.command, args.join(" ")).toBe(fast.command.name)
        expect(comparable(seen!.options), args.join(" ")).toEqual(comparable(fast.options))
      }),
      { numRuns: 600, seed: 20261101 }
    )
    // The generator must reach the fast path often, or the property says little.
    expect(recognized).toBeGreaterThan(100)
  })
})
