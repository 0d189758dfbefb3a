/**
 * Start-up: wall time of fresh `node` processes, median of several, the commands interleaved, in
 * an app laid out as an install of the packed packages (`scripts/pack.mjs`: the very tarballs a
 * user gets, each unpacked into the app's `node_modules`, beside links to the workspace's
 * `effect` and `openai`, the versions the app would install).
 * - `umbrellaMs`: a process that does `import("unibatch")`; `openaiMs`: one that does
 *   `import("openai")` (the budget compares these two). Importing is not all a program loads:
 *   `umbrellaFirstCallMs` and `openaiFirstCallMs` also make a client and send one `list` call
 *   (refused at once: nothing listens on the port, no retries), which loads what a call needs;
 * - `unibatchMs`: importing `BatchClient` from `@unibatch/core` and `OpenAi` from `@unibatch/openai`;
 *   `effectModulesMs`: importing exactly the `effect` modules those import, found by walking the
 *   installed import graph, so `ratio` (the two) is unibatch's own share of an Effect user's start-up;
 * - `cliMs`: the installed `unibatch` command normalizing a seed example; `nodeMs`: `node -e 0`,
 *   the budget's yardstick; `nodeFileMs`: `node` running an empty module, which Node 22+ starts
 *   faster than `-e` (it does not look for module syntax in the argument).
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { config, smoke } from "./config.js"
import { median, round } from "./measure.js"

export interface ColdImportResult {
  readonly ratio: number
  readonly unibatchMs: number
  readonly effectModulesMs: number
  readonly umbrellaMs: number
  readonly openaiMs: number
  readonly umbrellaFirstCallMs: number
  readonly openaiFirstCallMs: number
  readonly cliMs: number
  readonly nodeMs: number
  readonly nodeFileMs: number
}

const root = fileURLToPath(new URL("..", import.meta.url))

const run = (command: string, args: ReadonlyArray<string>, cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" })
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}: ${result.stderr}`)
  return result.stdout
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, any>

/** The directory of `name` in `nodeModules` (`@scope/name` included). */
const packageDirectory = (nodeModules: string, name: string) => join(nodeModules, ...name.split("/"))

/** `@unibatch/core/BatchClient` -> [`@unibatch/core`, `BatchClient`]; `unibatch` -> [`unibatch`, undefined]. */
const splitSpecifier = (specifier: string): [string, string | undefined] => {
  const parts = specifier.split("/")
  const nameLength = specifier.startsWith("@") ? 2 : 1
  const rest = parts.slice(nameLength).join("/")
  return [parts.slice(0, nameLength).join("/"), rest === "" ? undefined : rest]
}

/** Every bare specifier outside the packed packages that the graph from `entries` imports statically. */
const externalImports = (nodeModules: string, packed: ReadonlySet<string>, entries: ReadonlyArray<string>): Array<string> => {
  const visited = new Set<string>()
  const external = new Set<string>()
  const fileOf = (specifier: string, from: string | undefined) => {
    if (specifier.startsWith(".")) return resolve(dirname(from!), specifier)
    const [name, rest] = splitSpecifier(specifier)
    return join(packageDirectory(nodeModules, name), `${rest ?? "index"}.js`)
  }
  const visit = (file: string) => {
    if (visited.has(file)) return
    visited.add(file)
    const source = readFileSync(file, "utf8")
    for (const match of source.matchAll(/^\s*(?:import|export)\s(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/gm)) {
      const specifier = match[1]!
      if (specifier.startsWith(".") || packed.has(splitSpecifier(specifier)[0])) visit(fileOf(specifier, file))
      else external.add(specifier)
    }
  }
  for (const entry of entries) visit(fileOf(entry, undefined))
  return [...external].sort()
}

/**
 * A temporary app with the packed packages unpacked into its `node_modules`, and links to the
 * workspace's copies of what they need from the registry (effect) and of `openai`.
 */
const installLayout = () => {
  const directory = mkdtempSync(join(tmpdir(), "unibatch-cold-"))
  const nodeModules = join(directory, "node_modules")
  const tarballs = join(directory, "tarballs")
  // A smoke run (inside `pnpm test`, which builds the CLI first) must not rewrite the bundle that
  // the CLI tests run at the same time; a real run bundles the CLI afresh.
  const packArgs = ["scripts/pack.mjs", `--out=${tarballs}`, "--js-only", ...(smoke ? ["--keep-cli-bundle"] : [])]
  run(process.execPath, packArgs, root)
  const packed = new Set<string>()
  for (const tarball of readdirSync(tarballs).filter((file) => file.endsWith(".tgz"))) {
    const manifest = JSON.parse(run("tar", ["-xOzf", join(tarballs, tarball), "package/package.json"], root)) as { name: string }
    const target = packageDirectory(nodeModules, manifest.name)
    mkdirSync(target, { recursive: true })
    run("tar", ["-xzf", join(tarballs, tarball), "-C", target, "--strip-components=1"], root)
    packed.add(manifest.name)
  }
  const needed = new Set<string>(["openai"])
  for (const name of packed) {
    const manifest = readJson(join(packageDirectory(nodeModules, name), "package.json"))
    for (const field of ["dependencies", "peerDependencies"]) for (const dependency of Object.keys(manifest[field] ?? {})) needed.add(dependency)
  }
  for (const name of needed) {
    if (packed.has(name)) continue
    const source = packageDirectory(join(root, "node_modules"), name)
    if (!existsSync(source)) continue // an optional peer (vitest for the test kit) the app does not use
    const target = packageDirectory(nodeModules, name)
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(realpathSync(source), target, "dir")
  }
  return { directory, nodeModules, packed }
}

export const runColdImport = (): ColdImportResult => {
  const { directory, nodeModules, packed } = installLayout()
  try {
    const unibatchImports = ["@unibatch/core/BatchClient", "@unibatch/openai/OpenAi"]
    writeFileSync(join(directory, "unibatch.mjs"), `import { BatchClient } from "@unibatch/core/BatchClient"\nimport * as OpenAi from "@unibatch/openai/OpenAi"\n`)
    const effectImports = externalImports(nodeModules, packed, unibatchImports)
    if (!effectImports.every((specifier) => specifier === "effect" || specifier.startsWith("effect/"))) {
      throw new Error(`unexpected imports in the graph of ${unibatchImports.join(", ")}: ${effectImports.join(", ")}`)
    }
    writeFileSync(join(directory, "effect-modules.mjs"), effectImports.map((specifier, index) => `import * as module${index} from "${specifier}"\n`).join(""))
    writeFileSync(join(directory, "umbrella.mjs"), `await import("unibatch")\n`)
    writeFileSync(join(directory, "openai.mjs"), `await import("openai")\n`)
    // Port 9 (discard) on loopback: the connection is refused at once.
    const refused = "http://127.0.0.1:9/v1"
    writeFileSync(
      join(directory, "umbrella-call.mjs"),
      `const { createClient } = await import("unibatch")\n` +
        `await createClient({ provider: "openai", apiKey: "sk-bench", baseUrl: "${refused}", maxRetries: 0 }).list({ limit: 1 }).catch(() => undefined)\n`
    )
    writeFileSync(
      join(directory, "openai-call.mjs"),
      `const { default: OpenAI } = await import("openai")\n` +
        `await new OpenAI({ apiKey: "sk-bench", baseURL: "${refused}", maxRetries: 0 }).batches.list({ limit: 1 }).catch(() => undefined)\n`
    )
    writeFileSync(join(directory, "empty.mjs"), "")
    const cli = join(nodeModules, "@unibatch/cli", readJson(join(nodeModules, "@unibatch/cli/package.json")).bin.unibatch)
    const commands = {
      nodeMs: ["-e", "0"],
      nodeFileMs: ["empty.mjs"],
      umbrellaMs: ["umbrella.mjs"],
      openaiMs: ["openai.mjs"],
      umbrellaFirstCallMs: ["umbrella-call.mjs"],
      openaiFirstCallMs: ["openai-call.mjs"],
      unibatchMs: ["unibatch.mjs"],
      effectModulesMs: ["effect-modules.mjs"],
      cliMs: [cli, "normalize", "--provider", "openai", "--operation", "list", join(root, "test/fixtures/openai/list-http-reference-corrected.json")]
    } as const
    type Name = keyof typeof commands
    const names = Object.keys(commands) as Array<Name>
    const times = Object.fromEntries(names.map((name) => [name, [] as Array<number>])) as Record<Name, Array<number>>
    // One untimed pass fills the file cache; then the order rotates so no command always runs first.
    for (const name of names) run(process.execPath, commands[name], directory)
    for (let pass = 0; pass < config.coldImportRuns; pass++) {
      for (let index = 0; index < names.length; index++) {
        const name = names[(index + pass) % names.length]!
        const started = performance.now()
        run(process.execPath, commands[name], directory)
        times[name].push(performance.now() - started)
      }
    }
    const ms = (name: Name) => round(median(times[name]), 1)
    const result: ColdImportResult = {
      ratio: round(median(times.unibatchMs) / median(times.effectModulesMs), 3),
      unibatchMs: ms("unibatchMs"),
      effectModulesMs: ms("effectModulesMs"),
      umbrellaMs: ms("umbrellaMs"),
      openaiMs: ms("openaiMs"),
      umbrellaFirstCallMs: ms("umbrellaFirstCallMs"),
      openaiFirstCallMs: ms("openaiFirstCallMs"),
      cliMs: ms("cliMs"),
      nodeMs: ms("nodeMs"),
      nodeFileMs: ms("nodeFileMs")
    }
    console.error(`coldImport: ${JSON.stringify(result)} (effect modules: ${effectImports.length})`)
    return result
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}
