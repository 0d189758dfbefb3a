import { choice } from "@unibatch/cli/Spec"

choice(["list", "retrieve"] as const).parse("create") // => Option.none()
choice(["list", "retrieve"] as const).allowed // => "list or retrieve"

export {}
