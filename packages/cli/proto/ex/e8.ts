import { badValue } from "@unibatch/cli/Failure"

badValue("--limit", "abc", "an integer from 1 to 100").message
// => '--limit must be an integer from 1 to 100, got "abc".'

export {}
