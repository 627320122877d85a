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
  return {
    stdout: untilClosed(process.stdout),
    stderr: untilClosed(process.stderr),
    env: process.env,
    signal,
  };
}

/**
 * `stream`, whose writes stop once its reader has gone (`qwak-batch … --json | head -c 100`): EPIPE is the
 * reader's choice, not a failure of the command, which carries on and exits with its own code. Without a
 * listener, the stream's 'error' event would end the process with a stack trace. Other errors still do.
 */
function untilClosed(stream: NodeJS.WriteStream): CliStream {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
  });
  return {
    write: (text: string) => !closed && !stream.destroyed && stream.write(text),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** `stream`, and whether anything was written to it (a command's result, which a JSON error must not follow). */
export function trackWrites(stream: CliStream): CliStream & { readonly written: boolean } {
  let written = false;
  return {
    write(text: string) {
      written = true;
      return stream.write(text);
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    get written() {
      return written;
    },
  };
}
