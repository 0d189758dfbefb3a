import { headerName } from "@unibatch/cli/commands/serve"

headerName("authorization") // => "Authorization"
headerName("x-api-key") // => "x-api-key"

export {}
