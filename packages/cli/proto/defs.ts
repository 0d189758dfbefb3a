import * as OpenAiFamily from "@unibatch/core/OpenAiFamily"
import { contract as oc } from "@unibatch/openai/OpenAiWire"
import { fakeServer as of } from "@unibatch/openai/OpenAiFakeServer"
import { contract as rc } from "@unibatch/respan/RespanWire"
import { fakeServer as rf } from "@unibatch/respan/RespanFakeServer"
import { contract as nc } from "@unibatch/neosantara/NeosantaraWire"
import { fakeServer as nf } from "@unibatch/neosantara/NeosantaraFakeServer"
export const definitions = {
  openai: OpenAiFamily.definition({ provider: "openai", displayName: "OpenAI", defaultBaseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", contract: oc, fakeServer: of }),
  respan: OpenAiFamily.definition({ provider: "respan", displayName: "Respan", defaultBaseUrl: "https://api.respan.ai/api/v1", apiKeyEnv: "RESPAN_API_KEY", paths: { list: "/batches/", retrieve: "/batches/{id}/" }, contract: rc, fakeServer: rf }),
  neosantara: OpenAiFamily.definition({ provider: "neosantara", displayName: "Neosantara", defaultBaseUrl: "https://api.neosantara.xyz/v1", apiKeyEnv: "NEOSANTARA_API_KEY", auth: { header: "x-api-key" }, ids: { nativePrefix: "batch-" }, paging: { order: "newestFirst" }, contract: nc, fakeServer: nf })
}
