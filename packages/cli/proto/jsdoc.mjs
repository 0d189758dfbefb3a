import ts from "typescript"
import { readFileSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
const files = []
const walk = (d) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith(".ts")) files.push(p) } }
walk(process.argv[2])
for (const f of files) {
  const src = ts.createSourceFile(f, readFileSync(f, "utf8"), ts.ScriptTarget.Latest, true)
  for (const st of src.statements) {
    const exported = ts.getModifiers?.(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    if (!exported) continue
    const docs = ts.getJSDocCommentsAndTags(st).map((d) => d.getFullText()).join("\n")
    const full = st.getFullText()
    const jsdoc = full.slice(0, full.indexOf(st.getText()))
    const name = st.name?.getText() ?? st.declarationList?.declarations[0]?.name.getText() ?? (ts.isExportDeclaration(st) ? "export*" : "?")
    const miss = ["@since", "@category", "@example"].filter((t) => !jsdoc.includes(t))
    if (ts.isExportDeclaration(st)) { if (!jsdoc.includes("@since")) console.log(f, name, "@since"); continue }
    if (miss.length) console.log(f.replace(process.argv[2], ""), name, miss.join(" "))
  }
}
