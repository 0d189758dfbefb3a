// Compiles each workspace package's `src/` to `packages/<name>/dist/`: one ESM `.js` file per
// source file with its source map (esbuild, no bundling, so subpath imports stay cheap), `.d.ts`
// files with declaration maps (tsc), and a `package.json` whose exports point at those files.
// `dist/` is then the package as it would be installed: the workspace `package.json` files keep
// pointing at `src/` for tests and type checks. A package with a `bin` (the CLI) is published as
// its bundle (scripts/build-cli.mjs), so only its manifest is written here: no exports, no
// dependencies (the bundle holds what it runs).
//
//   node scripts/build-packages.mjs                   every package, JS and declarations
//   node scripts/build-packages.mjs core openai       only these (what they depend on is not built)
//   node scripts/build-packages.mjs --js-only ...     skip declarations
//   node scripts/build-packages.mjs --out=DIR ...     write DIR/<package name>/ instead of packages/<name>/dist/
//                                                     (an install layout when DIR is a node_modules: the cold-import bench)
import * as esbuild from "esbuild"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const scope = "@unibatch/"

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"))

const sourceFiles = (directory) =>
  readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : []
  })

/** Every workspace package, dependencies before dependents. */
const workspacePackages = () => {
  const byName = new Map()
  for (const directory of readdirSync(join(root, "packages"))) {
    const manifestPath = join(root, "packages", directory, "package.json")
    if (!existsSync(manifestPath)) continue
    const manifest = readJson(manifestPath)
    byName.set(manifest.name, { directory, path: join(root, "packages", directory), manifest })
  }
  const ordered = []
  const visit = (name) => {
    const workspacePackage = byName.get(name)
    if (workspacePackage === undefined || ordered.includes(workspacePackage)) return
    for (const dependency of Object.keys(workspacePackage.manifest.dependencies ?? {})) visit(dependency)
    ordered.push(workspacePackage)
  }
  for (const name of [...byName.keys()].sort()) visit(name)
  return ordered
}

/** Removes what an earlier run wrote, and only that: `packages/cli/dist` also holds the CLI bundle. */
const cleanPrevious = (directory) => {
  if (!existsSync(directory)) return
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) cleanPrevious(path)
    else if (/\.(js|js\.map|d\.ts|d\.ts\.map)$/.test(entry.name) || entry.name === "package.json") rmSync(path)
  }
}

/** A package published as one bundled command rather than as modules. */
const isBundle = (manifest) => manifest.bin !== undefined

/** `workspace:` ranges become the workspace package's real version. */
const realRanges = (ranges, versions) =>
  ranges === undefined
    ? undefined
    : Object.fromEntries(Object.entries(ranges).map(([name, range]) => [name, range.startsWith("workspace:") ? (versions.get(name) ?? range) : range]))

/** The installed form of a workspace manifest: exports into this directory, real versions. */
const distManifest = (manifest, versions) => {
  const { devDependencies: _devDependencies, scripts: _scripts, exports: _exports, ...rest } = manifest
  if (isBundle(manifest)) {
    // What the bundle imports at run time is inside it: nothing to install beside it.
    const { dependencies: _dependencies, peerDependencies: _peers, peerDependenciesMeta: _peersMeta, sideEffects: _sideEffects, ...command } = rest
    return { ...command, dependencies: {} }
  }
  const peerDependencies = realRanges(manifest.peerDependencies, versions)
  return {
    ...rest,
    types: "./index.d.ts",
    exports: {
      ".": { types: "./index.d.ts", default: "./index.js" },
      "./*": { types: "./*.d.ts", default: "./*.js" },
      "./internal/*": null
    },
    dependencies: realRanges(manifest.dependencies, versions) ?? {},
    ...(peerDependencies === undefined ? {} : { peerDependencies })
  }
}

const buildJs = async (workspacePackage, outdir) => {
  const source = join(workspacePackage.path, "src")
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: sourceFiles(source),
    outdir,
    outbase: source,
    bundle: false,
    platform: "node",
    target: "node22",
    format: "esm",
    sourcemap: "external",
    logLevel: "warning"
  })
}

/** Declarations through a generated config: `@unibatch/*` imports resolve to the dist declarations built before. */
const buildDeclarations = (workspacePackage, outdir, distOf, configDirectory) => {
  const dependencies = Object.keys(workspacePackage.manifest.dependencies ?? {}).filter((name) => name.startsWith(scope))
  const paths = Object.fromEntries(
    dependencies.flatMap((name) => {
      const dist = distOf(name)
      return [
        [name, [join(dist, "index.d.ts")]],
        [`${name}/*`, [join(dist, "*.d.ts")]]
      ]
    })
  )
  const configPath = join(configDirectory, `tsconfig.${workspacePackage.directory}.json`)
  writeFileSync(
    configPath,
    JSON.stringify({
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: {
        noEmit: false,
        emitDeclarationOnly: true,
        declaration: true,
        declarationMap: true,
        stripInternal: true,
        // The config lives in a temporary directory; type packages are found from the workspace root.
        typeRoots: [join(root, "node_modules/@types")],
        rootDir: join(workspacePackage.path, "src"),
        outDir: outdir,
        paths
      },
      include: [join(workspacePackage.path, "src")]
    })
  )
  const result = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", configPath], {
    cwd: root,
    stdio: "inherit"
  })
  if (result.status !== 0) throw new Error(`tsc failed for ${workspacePackage.manifest.name}`)
}

export const buildPackages = async ({ only = [], declarations = true, out = undefined } = {}) => {
  const all = workspacePackages()
  const versions = new Map(all.map(({ manifest }) => [manifest.name, manifest.version]))
  const directoryOf = new Map(all.map(({ manifest, path }) => [manifest.name, path]))
  const distOf = (name) => (out === undefined ? join(directoryOf.get(name), "dist") : join(out, name))
  const selected = only.length === 0 ? all : all.filter(({ directory, manifest }) => only.includes(directory) || only.includes(manifest.name))
  const configDirectory = mkdtempSync(join(tmpdir(), "unibatch-build-"))
  try {
    for (const workspacePackage of selected) {
      const started = performance.now()
      const outdir = distOf(workspacePackage.manifest.name)
      cleanPrevious(outdir)
      mkdirSync(outdir, { recursive: true })
      if (!isBundle(workspacePackage.manifest)) {
        await buildJs(workspacePackage, outdir)
        if (declarations) buildDeclarations(workspacePackage, outdir, distOf, configDirectory)
      }
      writeFileSync(join(outdir, "package.json"), JSON.stringify(distManifest(workspacePackage.manifest, versions), null, 2) + "\n")
      console.log(`built ${relative(root, outdir)} (${Math.round(performance.now() - started)} ms)`)
    }
  } finally {
    rmSync(configDirectory, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const out = args.find((arg) => arg.startsWith("--out="))?.slice("--out=".length)
  await buildPackages({ only: args.filter((arg) => !arg.startsWith("--")), declarations: !args.includes("--js-only"), out: out === undefined ? undefined : resolve(out) })
}
