import { presenter } from "@unibatch/cli/Usage"
import * as CliOutput from "effect/cli/CliOutput"

const layer = CliOutput.layerPresenter(presenter)

export {}
