import * as Results from "@unibatch/core/Results"
import * as OpenAi from "@unibatch/openai/OpenAi"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const file = [
  `{"id":"batch_req_3","custom_id":"r-3","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}`,
  `{"id":"batch_req_1","custom_id":"r-1","response":{"status_code":200,"request_id":"req_1","body":{"object":"chat.completion","choices":[]}},"error":null}`,
  `{"id":"batch_req_2","custom_id":"r-2","response":{"status_code":400,"request_id":"req_2","body":{"error":{"message":"Invalid model: gpt-5-nano-x","type":"invalid_request_error","code":"model_not_found"}}},"error":null}`,
  `{"id":"batch_req_5","custom_id":"r-5","response":{"status_code":"200"},"error":null}`,
  `{"id":"batch_req_4","custom_id":"r-4","response":null,"error":{"code":"batch_cancelled","message":"This request was not executed because the batch was cancelled."}}`,
  `{"custom_id": "r-6", "response": `
].join("\n") + "\n"
const bytes = Stream.make(new TextEncoder().encode(file))

for (const strict of [false, true]) {
  const results: Array<string> = []
  const exit = await Effect.runPromise(Results.decodeLines(OpenAi.definition, bytes, { batchId: "batch_abc", fileId: "file-out", strict }).pipe(
    Stream.runForEach((r) => Effect.sync(() => results.push(`${r.customId} ${r.outcome} ${r.statusCode} ${r.error?.code} ${r.error?.message} ${r.requestId}`))),
    Effect.flip, Effect.map((e) => `${e._tag} ${e.path}: ${e.message}`)
  ))
  console.log(strict, results.join("\n"))
  console.log(exit)
}
