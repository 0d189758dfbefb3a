// Installs the tarballs in `.pack/` (run `pnpm run pack` first) with plain npm, as a user of the
// registry would, into scratch projects outside the workspace:
// - an app that depends on its own `effect` 4.x gets the libraries: `npm ls effect` must show one
//   copy (printed, for the release note); an Effect program runs on Layers the app builds from its
//   own effect; a Promise program runs; a file using the public types type-checks;
// - an empty project gets `@unibatch/cli` alone: nothing else may be installed with it (it is one
//   bundle), so no cluster, sql or rpc package and no install script; its `unibatch` bin runs.
//
//   node scripts/install-test.mjs            fails (and keeps the scratch projects) on the first problem
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packDirectory = join(root, ".pack")
const scratch = mkdtempSync(join(tmpdir(), "unibatch-install-"))

/**
 * The environment for npm and the programs: the caller's, less what npx and pnpm set for their own
 * child processes (prefixes, the package being run, the Node 20 `nodedir`), which would steer a
 * nested `npm install`. Registry, proxy, certificate and cache settings stay.
 */
const environment = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => {
    if (name === "NODE" || /^npm_(package|lifecycle)_/i.test(name) || /^npm_(execpath|node_execpath|command)$/i.test(name)) return false
    if (!/^npm_config_/i.test(name)) return true
    return /^npm_config_(registry|@.*:registry|\/\/.*|cafile|ca|cert|key|strict_ssl|userconfig|globalconfig|cache|https?_proxy|proxy|no_?proxy|fetch_.*)$/i.test(name)
  })
)
environment.npm_config_loglevel = "error"
environment.npm_config_update_notifier = "false"
environment.NO_COLOR = "1"

const fail = (message) => {
  console.error(`install test failed: ${message} (scratch projects kept in ${scratch})`)
  process.exit(1)
}

const run = (label, cwd, command, args, { quiet = false } = {}) => {
  console.log(`$ ${label}`)
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: environment, maxBuffer: 64 * 2 ** 20 })
  if (!quiet || result.status !== 0) {
    process.stdout.write(result.stdout)
    process.stderr.write(result.stderr)
  }
  if (result.status !== 0) fail(`at: ${label}`)
  return result.stdout
}

const project = (name, manifest) => {
  const directory = join(scratch, name)
  rmSync(directory, { recursive: true, force: true })
  mkdirSync(directory, { recursive: true })
  writeFileSync(join(directory, "package.json"), JSON.stringify({ name, private: true, type: "module", ...manifest }, null, 2) + "\n")
  return directory
}

/** Every installed package under `node_modules` (nested ones too), with its directory and manifest. */
const installedPackages = (nodeModules) =>
  !existsSync(nodeModules)
    ? []
    : readdirSync(nodeModules, { withFileTypes: true }).flatMap((entry) => {
      if (!entry.isDirectory() || entry.name.startsWith(".")) return []
      if (entry.name.startsWith("@")) return installedPackages(join(nodeModules, entry.name))
      const directory = join(nodeModules, entry.name)
      const manifestPath = join(directory, "package.json")
      const here = existsSync(manifestPath) ? [{ directory, manifest: JSON.parse(readFileSync(manifestPath, "utf8")) }] : []
      return [...here, ...installedPackages(join(directory, "node_modules"))]
    })

const installScripts = (manifest) => ["preinstall", "install", "postinstall"].filter((name) => manifest.scripts?.[name] !== undefined)

const tarballs = readdirSync(packDirectory).filter((file) => file.endsWith(".tgz")).sort().map((file) => join(packDirectory, file))
const isCommand = (tarball) => /unibatch-cli-[^/]*\.tgz$/.test(tarball)
const libraries = tarballs.filter((tarball) => !isCommand(tarball))
const command = tarballs.find(isCommand)
if (libraries.length === 0 || command === undefined) fail(`no tarballs in ${packDirectory}: run \`pnpm run pack\` first`)

// 1. An app with its own effect, then the libraries.
const app = project("app", { dependencies: { effect: "^4.1.0" } })
run("npm install effect@^4.1.0 (the app's own)", app, "npm", ["install", "--no-audit", "--no-fund"])
run("npm install <library tarballs> typescript @types/node", app, "npm", ["install", "--no-audit", "--no-fund", ...libraries, "typescript@5.9.3", "@types/node@22"])
const tree = run("npm ls effect --all", app, "npm", ["ls", "effect", "--all"], { quiet: true })
const effectCopies = installedPackages(join(app, "node_modules")).filter(({ manifest }) => manifest.name === "effect")
if (effectCopies.length !== 1) fail(`${effectCopies.length} copies of effect installed: ${effectCopies.map(({ directory, manifest }) => `${directory} (${manifest.version})`).join(", ")}`)
if (effectCopies[0].directory !== join(app, "node_modules", "effect")) fail(`the one effect is not the app's: ${effectCopies[0].directory}`)
if (/invalid|UNMET|extraneous/i.test(tree)) fail("npm ls reports a problem with effect")
console.log(`one copy of effect: ${effectCopies[0].manifest.version}, the app's own`)

for (const file of ["effect-program.mjs", "promise-program.mjs", "types.ts"]) copyFileSync(join(root, "test/install", file), join(app, file))
run("node effect-program.mjs", app, process.execPath, ["effect-program.mjs"])
run("node promise-program.mjs", app, process.execPath, ["promise-program.mjs"])
run("tsc types.ts", app, process.execPath, [
  join(app, "node_modules/typescript/bin/tsc"),
  "--noEmit", "--strict", "--exactOptionalPropertyTypes", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "false", "types.ts"
])

// 2. The command alone: one bundle, nothing installed beside it.
const cli = project("cli", {})
run("npm install <@unibatch/cli tarball>", cli, "npm", ["install", "--no-audit", "--no-fund", command])
const beside = installedPackages(join(cli, "node_modules")).filter(({ manifest }) => manifest.name !== "@unibatch/cli")
const heavy = beside.filter(({ manifest }) => /cluster|sql|rpc/.test(manifest.name))
const withScripts = installedPackages(join(cli, "node_modules")).filter(({ manifest }) => installScripts(manifest).length > 0)
if (heavy.length > 0) fail(`@unibatch/cli pulled in ${heavy.map(({ manifest }) => manifest.name).join(", ")}`)
if (withScripts.length > 0) fail(`install scripts in ${withScripts.map(({ manifest }) => `${manifest.name} (${installScripts(manifest).join(", ")})`).join(", ")}`)
if (beside.length > 0) fail(`@unibatch/cli is one bundle, yet npm installed ${beside.map(({ manifest }) => manifest.name).join(", ")} with it`)
console.log("@unibatch/cli installs alone: no other package, no install script")
const bin = join(cli, "node_modules/.bin/unibatch")
const normalized = JSON.parse(run("unibatch normalize (the installed bin)", cli, bin, ["normalize", "--provider", "neosantara", "--operation", "list", join(root, "test/fixtures/neosantara/list.json")], { quiet: true }))
if (normalized.data?.[0]?.nativeId !== "batch-abc123" || normalized.data[0].id !== "batch_abc123") fail("unibatch normalize did not print the canonical page")
if (!/unibatch/.test(run("unibatch --help (the installed bin)", cli, bin, ["--help"], { quiet: true }))) fail("unibatch --help printed no usage")
// `demo` loads the chunks the live commands use (HTTP client, fake servers): all inside the bundle.
if (!/neosantara/.test(run("unibatch demo (the installed bin)", cli, bin, ["demo"], { quiet: true }))) fail("unibatch demo printed no table")
console.log("the installed unibatch command runs: normalize, --help, demo")

rmSync(scratch, { recursive: true, force: true })
console.log(`\nnpm ls effect, in an app that depends on effect ^4.1.0 and installs the unibatch tarballs:\n${tree.trimEnd()}`)
console.log("\ninstall test passed")
