import { errorLine } from "@unibatch/cli/Output"
import { NotFoundError } from "@unibatch/core/UnibatchError"

errorLine(new NotFoundError({
  provider: "openai", operation: "retrieve", status: 404, message: "No such batch", requestId: null, type: null, code: null
}))
// => "error: NotFoundError (404) from openai: No such batch"

export {}
