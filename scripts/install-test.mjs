// Installs the tarballs in `.pack/` with plain npm into a scratch project outside the workspace,
// then runs an Effect program and a Promise program against fake vendors, type-checks a file that
// uses the public types, and runs the installed `unibatch` command.
import { spawnSync } from "node:child_process"
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const packDirectory = join(root, ".pack")
const project = mkdtempSync(join(tmpdir(), "unibatch-install-"))

const run = (label, command, args) => {
  console.log(`$ ${label}`)
  const result = spawnSync(command, args, { cwd: project, encoding: "utf8", env: { ...process.env, npm_config_loglevel: "error" } })
  process.stdout.write(result.stdout)
  process.stderr.write(result.stderr)
  if (result.status !== 0) {
    console.error(`install test failed at: ${label} (kept in ${project})`)
    process.exit(1)
  }
}

writeFileSync(join(project, "package.json"), JSON.stringify({ name: "install-test", private: true, type: "module" }, null, 2))
const tarballs = readdirSync(packDirectory).filter((file) => file.endsWith(".tgz")).map((file) => join(packDirectory, file))
run("npm install <tarballs> typescript @types/node", "npm", ["install", "--no-audit", "--no-fund", ...tarballs, "typescript@5.9.3", "@types/node@20"])
for (const file of ["effect-program.mjs", "promise-program.mjs", "types.ts"]) copyFileSync(join(root, "test/install", file), join(project, file))
run("node effect-program.mjs", process.execPath, ["effect-program.mjs"])
run("node promise-program.mjs", process.execPath, ["promise-program.mjs"])
run("tsc types.ts", process.execPath, [
  join(project, "node_modules/typescript/bin/tsc"),
  "--noEmit", "--strict", "--exactOptionalPropertyTypes", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "false", "types.ts"
])
run("unibatch normalize (the installed bin)", join(project, "node_modules/.bin/unibatch"), ["normalize", "--provider", "neosantara", "--operation", "list", join(root, "test/fixtures/neosantara/list.json")])
rmSync(project, { recursive: true, force: true })
console.log("install test passed")
