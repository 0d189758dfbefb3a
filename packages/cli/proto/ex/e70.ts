import { checkBaseUrl } from "@unibatch/cli/Vendors"
import * as Option from "effect/Option"

const check = checkBaseUrl(Option.some("ftp://example.com")) // fails: --base-url must be ...

export {}
