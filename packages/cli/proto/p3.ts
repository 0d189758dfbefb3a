import { Command, Flag, Argument } from "effect/cli"
import * as Effect from "effect/Effect"
const list = Command.make("list", { json: Flag.Boolean("json") }, (o) => Effect.sync(() => console.log("list", o)))
console.log(typeof list, typeof Command.runWith)
