import { provider } from "@unibatch/cli/Spec"
import { definitions } from "unibatch/Providers"

provider(Object.values(definitions)).allowed // => "one of openai, respan, neosantara"

export {}
