/** Where the CLI reads and writes; `runCli` takes one so that tests can run it in-process. */
export interface CliStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress bar, colours). */
  readonly isTTY?: boolean | undefined;
  /** Width of the terminal, in characters. */
  readonly columns?: number | undefined;
}

/** The outside world of one CLI run. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Environment variables (`QWAK_TOKEN`, `QWAK_ENVIRONMENT`, `NO_COLOR`…). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts long operations (a local run, `wait`) on Ctrl-C. */
  readonly signal?: AbortSignal | undefined;
}

/** The process's streams and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}
