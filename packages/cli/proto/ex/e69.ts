import type { RemoteFlags } from "@unibatch/cli/Vendors"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const flags: RemoteFlags = { vendor: definitions.openai, baseUrl: Option.none() }

export {}
