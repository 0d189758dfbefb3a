import { runDecode } from "./decode.js"
console.log(JSON.stringify(runDecode()))
