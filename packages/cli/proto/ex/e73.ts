import { connect } from "@unibatch/cli/Vendors"
import * as Option from "effect/Option"
import { definitions } from "unibatch/Providers"

const connection = connect({ vendor: definitions.openai, baseUrl: Option.none() })

export {}
