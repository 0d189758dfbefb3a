import { isFixture } from "@unibatch/cli/Input"

isFixture({ status: 200, headers: {}, body: { object: "list", data: [] } }) // => true
isFixture({ object: "list", data: [] }) // => false

export {}
