import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { spawnSync } from "node:child_process"
const dir = "packages/cli/proto/ex"; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir, { recursive: true })
const files = []; const walk = (d) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith(".ts")) files.push(p) } }; walk("packages/cli/src")
let i = 0; const where = []
for (const f of files) for (const m of readFileSync(f, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)) {
  const code = m[1].split("\n").map((l) => l.replace(/^\s*\* ?/, "")).join("\n")
  writeFileSync(join(dir, `e${i}.ts`), code + "\nexport {}\n"); where.push(f); i++
}
writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../../../tsconfig.base.json", compilerOptions: { noUnusedLocals: false }, include: ["*.ts"] }))
const r = spawnSync("pnpm", ["exec", "tsc", "-p", join(dir, "tsconfig.json"), "--noEmit"], { encoding: "utf8" })
console.log(r.stdout.split("\n").map((l) => { const m = /e(\d+)\.ts/.exec(l); return m ? `${where[+m[1]]}: ${l}` : l }).join("\n"), i, "examples")
