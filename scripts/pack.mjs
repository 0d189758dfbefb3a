// `pnpm run pack`: builds every package (scripts/build-packages.mjs, plus the CLI bundle), completes
// each `dist/` into the package as published (README, LICENSE, CHANGELOG, `files`, the CLI's
// `bin`), and writes one tarball per package into `.pack/`.
//
//   node scripts/pack.mjs                         packages/<name>/dist/, tarballs in .pack/
//   node scripts/pack.mjs --out=DIR               tarballs in DIR; the packages are staged in a
//                                                 temporary directory, packages/<name>/dist/ untouched
//   node scripts/pack.mjs --out=DIR --js-only     ... without declarations (the cold-import bench)
//   node scripts/pack.mjs --keep-cli-bundle       reuse packages/cli/dist/unibatch.mjs if it exists
//                                                 (a bench smoke run inside `pnpm test`, where the
//                                                 CLI tests run that very file)
//
// The CLI is published as its bundle alone (`unibatch.mjs`, the entry files it loads, `chunks/`):
// it imports nothing at run time that is not inside it, so it declares no dependencies.
import { spawnSync } from "node:child_process"
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { buildPackages } from "./build-packages.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const cliDist = join(root, "packages/cli/dist")

const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" })
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}`)
  return result.stdout
}

const libraryFiles = ["**/*.js", "**/*.js.map", "**/*.d.ts", "**/*.d.ts.map", "README.md", "LICENSE", "CHANGELOG.md"]
/** The CLI bundle (scripts/build-cli.mjs): its entry files beside `unibatch.mjs`, and `chunks/`. No source maps: they point into the checkout. */
const commandFiles = ["*.mjs", "chunks/*.mjs", "README.md", "LICENSE", "CHANGELOG.md"]

/**
 * Packs every workspace package into `destination` and returns the tarballs' paths. With
 * `staged`, builds into a temporary directory instead of each `packages/<name>/dist/`.
 */
export const packPackages = async ({ destination = join(root, ".pack"), staged = false, declarations = true, keepCliBundle = false } = {}) => {
  const staging = staged ? mkdtempSync(join(tmpdir(), "unibatch-pack-")) : undefined
  try {
    await buildPackages({ declarations, out: staging })
    if (!keepCliBundle || !existsSync(join(cliDist, "unibatch.mjs"))) run(process.execPath, [join(root, "scripts/build-cli.mjs")], root)

    rmSync(destination, { recursive: true, force: true })
    mkdirSync(destination, { recursive: true })
    const tarballs = []
    for (const directory of readdirSync(join(root, "packages")).sort()) {
      const packageRoot = join(root, "packages", directory)
      if (!existsSync(join(packageRoot, "package.json"))) continue
      const name = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).name
      const dist = staging === undefined ? join(packageRoot, "dist") : join(staging, name)
      const manifest = JSON.parse(readFileSync(join(dist, "package.json"), "utf8"))
      if (manifest.bin !== undefined) {
        manifest.bin = { unibatch: "./unibatch.mjs" }
        manifest.files = commandFiles
        if (dist !== cliDist) {
          for (const file of readdirSync(cliDist).filter((name) => name.endsWith(".mjs"))) copyFileSync(join(cliDist, file), join(dist, file))
          if (existsSync(join(cliDist, "chunks"))) cpSync(join(cliDist, "chunks"), join(dist, "chunks"), { recursive: true, filter: (source) => !source.endsWith(".map") })
        }
      } else {
        manifest.files = libraryFiles
      }
      writeFileSync(join(dist, "package.json"), JSON.stringify(manifest, null, 2) + "\n")
      for (const file of ["README.md", "CHANGELOG.md"]) copyFileSync(join(packageRoot, file), join(dist, file))
      copyFileSync(join(root, "LICENSE"), join(dist, "LICENSE"))
      const tarball = run("npm", ["pack", "--silent", "--pack-destination", destination], dist).trim().split("\n").pop()
      tarballs.push(join(destination, tarball))
      console.log(`packed ${join(destination, tarball).replace(root + "/", "")}`)
    }
    return tarballs
  } finally {
    if (staging !== undefined) rmSync(staging, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const out = args.find((arg) => arg.startsWith("--out="))?.slice("--out=".length)
  await packPackages({
    ...(out === undefined ? {} : { destination: resolve(out), staged: true }),
    declarations: !args.includes("--js-only"),
    keepCliBundle: args.includes("--keep-cli-bundle")
  })
}
