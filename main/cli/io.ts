/** What a CLI command reads and writes, passed in so that tests run commands in-process with captured streams. */

/** The streams and environment of one command run. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}
