import { transport } from "@unibatch/cli/Vendors"

export {}
