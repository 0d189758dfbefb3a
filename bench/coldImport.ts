/**
 * Start-up: wall time of fresh `node` processes, median of several, the commands interleaved.
 * - `unibatchMs`: importing `BatchClient` from `@unibatch/core` and `OpenAi` from `@unibatch/openai`,
 *   built to JS (scripts/build-packages.mjs) and laid out as installed in a temporary `node_modules`;
 * - `effectModulesMs`: importing exactly the `effect` and `@effect/platform` modules those import,
 *   found by walking the built import graph, so `ratio` is unibatch's own share of start-up;
 * - `openaiMs`: importing the `openai` package; `nodeMs`: `node -e 0`;
 * - `cliMs`: the bundled `unibatch normalize` of a seed example, run as installed (not through pnpm).
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { config, smoke } from "./config.js"
import { median, round } from "./measure.js"

export interface ColdImportResult {
  readonly ratio: number
  readonly unibatchMs: number
  readonly effectModulesMs: number
  readonly openaiMs: number
  readonly cliMs: number
  readonly nodeMs: number
}

const root = fileURLToPath(new URL("..", import.meta.url))
const scope = "@unibatch/"

const run = (args: ReadonlyArray<string>, cwd: string) => {
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" })
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status}: ${result.stderr}`)
}

/** Every bare specifier outside `@unibatch/*` that the graph from `entries` imports statically. */
const externalImports = (nodeModules: string, entries: ReadonlyArray<string>): Array<string> => {
  const visited = new Set<string>()
  const external = new Set<string>()
  const fileOf = (specifier: string, from: string) => {
    if (specifier.startsWith(".")) return resolve(dirname(from), specifier)
    const [, name, ...rest] = specifier.split("/")
    return join(nodeModules, scope + name, `${rest.length === 0 ? "index" : rest.join("/")}.js`)
  }
  const visit = (file: string) => {
    if (visited.has(file)) return
    visited.add(file)
    const source = readFileSync(file, "utf8")
    for (const match of source.matchAll(/^\s*(?:import|export)\s(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/gm)) {
      const specifier = match[1]!
      if (specifier.startsWith(".") || specifier.startsWith(scope)) visit(fileOf(specifier, file))
      else external.add(specifier)
    }
  }
  for (const entry of entries) visit(fileOf(entry, nodeModules))
  return [...external].sort()
}

/**
 * A temporary directory laid out as an install: @unibatch/core and @unibatch/openai built into
 * its node_modules (not into packages/<name>/dist, which `pnpm run pack` owns), links to effect,
 * @effect/platform and openai.
 */
const installLayout = () => {
  const directory = mkdtempSync(join(tmpdir(), "unibatch-cold-"))
  const nodeModules = join(directory, "node_modules")
  run(["scripts/build-packages.mjs", "--js-only", `--out=${nodeModules}`, "core", "openai"], root)
  mkdirSync(join(nodeModules, "@effect"), { recursive: true })
  for (const name of ["effect", "@effect/platform", "openai"]) symlinkSync(realpathSync(join(root, "node_modules", name)), join(nodeModules, name), "dir")
  return { directory, nodeModules }
}

export const runColdImport = (): ColdImportResult => {
  // A smoke run (inside `pnpm test`, which builds the CLI first) must not rewrite the bundle that
  // the CLI tests run at the same time.
  if (!smoke || !existsSync(join(root, "packages/cli/dist/unibatch.mjs"))) run(["scripts/build-cli.mjs"], root)
  const { directory, nodeModules } = installLayout()
  try {
    const unibatchImports = ["@unibatch/core/BatchClient", "@unibatch/openai/OpenAi"]
    writeFileSync(join(directory, "unibatch.mjs"), `import { BatchClient } from "@unibatch/core/BatchClient"\nimport * as OpenAi from "@unibatch/openai/OpenAi"\n`)
    const effectImports = externalImports(nodeModules, unibatchImports)
    if (!effectImports.every((specifier) => specifier.startsWith("effect/") || specifier.startsWith("@effect/platform/"))) {
      throw new Error(`unexpected imports in the unibatch graph: ${effectImports.join(", ")}`)
    }
    writeFileSync(join(directory, "effect-modules.mjs"), effectImports.map((specifier, index) => `import * as module${index} from "${specifier}"\n`).join(""))
    writeFileSync(join(directory, "openai.mjs"), `import OpenAI from "openai"\n`)
    const commands = {
      nodeMs: { cwd: directory, args: ["-e", "0"] },
      unibatchMs: { cwd: directory, args: ["unibatch.mjs"] },
      effectModulesMs: { cwd: directory, args: ["effect-modules.mjs"] },
      openaiMs: { cwd: directory, args: ["openai.mjs"] },
      cliMs: {
        cwd: root,
        args: ["packages/cli/dist/unibatch.mjs", "normalize", "--provider", "openai", "--operation", "list", "test/fixtures/openai/list-http-reference-corrected.json"]
      }
    } as const
    type Name = keyof typeof commands
    const names = Object.keys(commands) as Array<Name>
    const times = Object.fromEntries(names.map((name) => [name, [] as Array<number>])) as Record<Name, Array<number>>
    // One untimed pass fills the file cache; then the order rotates so no command always runs first.
    for (const name of names) run(commands[name].args, commands[name].cwd)
    for (let pass = 0; pass < config.coldImportRuns; pass++) {
      for (let index = 0; index < names.length; index++) {
        const name = names[(index + pass) % names.length]!
        const started = performance.now()
        run(commands[name].args, commands[name].cwd)
        times[name].push(performance.now() - started)
      }
    }
    const ms = (name: Name) => round(median(times[name]), 1)
    const result = {
      ratio: round(median(times.unibatchMs) / median(times.effectModulesMs), 3),
      unibatchMs: ms("unibatchMs"),
      effectModulesMs: ms("effectModulesMs"),
      openaiMs: ms("openaiMs"),
      cliMs: ms("cliMs"),
      nodeMs: ms("nodeMs")
    }
    console.error(`coldImport: ${JSON.stringify(result)} (effect modules: ${effectImports.join(", ")})`)
    return result
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}
