import { integer } from "@unibatch/cli/Spec"

integer({ min: 0, max: 10 }).parse("11") // => Option.none()
integer({ min: 0, max: 10 }).allowed // => "an integer from 0 to 10"

export {}
