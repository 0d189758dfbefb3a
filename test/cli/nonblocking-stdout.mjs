// Runs the `unibatch` bundle given as the first argument with fd 1 and 2 in non-blocking mode, as
// when the process that made the pipe set O_NONBLOCK on it: creating Node's stdout and stderr
// streams over a pipe does exactly that (libuv), so writes to them can fail with EAGAIN.
import { pathToFileURL } from "node:url"

void process.stdout.fd
void process.stderr.fd
process.argv.splice(1, 1)
await import(pathToFileURL(process.argv[1]).href)
