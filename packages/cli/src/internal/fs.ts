/**
 * `node:fs` as Node's own module object. An ESM `import ... from "node:fs"` builds the module's ESM
 * facade, which reads every export, `fs.ReadStream` included, and so loads Node's stream modules
 * on every start (about 4 ms). `process.getBuiltinModule` (Node 22.3 and later) hands the module
 * over as it is; `require` does the same on earlier versions.
 */
import { createRequire } from "node:module"

export const fs: typeof import("node:fs") = typeof process.getBuiltinModule === "function"
  ? process.getBuiltinModule("node:fs")
  : createRequire(import.meta.url)("node:fs")
