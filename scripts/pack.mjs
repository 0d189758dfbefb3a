// `pnpm run pack`: builds every package (scripts/build-packages.mjs, plus the CLI bundle), completes
// each `dist/` into the package as published (README, LICENSE, CHANGELOG, `files`, the CLI's
// `bin`), and writes one tarball per package into `.pack/`.
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildPackages } from "./build-packages.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const destination = join(root, ".pack")

const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" })
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}`)
  return result.stdout
}

await buildPackages()
run(process.execPath, [join(root, "scripts/build-cli.mjs")], root)

rmSync(destination, { recursive: true, force: true })
mkdirSync(destination)

for (const directory of readdirSync(join(root, "packages")).sort()) {
  const packageRoot = join(root, "packages", directory)
  const dist = join(packageRoot, "dist")
  if (!existsSync(join(dist, "package.json"))) continue
  const manifest = JSON.parse(readFileSync(join(dist, "package.json"), "utf8"))
  manifest.files = ["**/*.js", "**/*.js.map", "**/*.mjs", "**/*.d.ts", "**/*.d.ts.map", "README.md", "LICENSE", "CHANGELOG.md"]
  if (manifest.bin !== undefined) {
    // The CLI is published as its one bundled file, which holds everything it needs.
    manifest.bin = { unibatch: "./unibatch.mjs" }
  }
  writeFileSync(join(dist, "package.json"), JSON.stringify(manifest, null, 2) + "\n")
  for (const file of ["README.md", "CHANGELOG.md"]) copyFileSync(join(packageRoot, file), join(dist, file))
  copyFileSync(join(root, "LICENSE"), join(dist, "LICENSE"))
  const tarball = run("npm", ["pack", "--silent", "--pack-destination", destination], dist).trim().split("\n").pop()
  console.log(`packed .pack/${tarball}`)
}
