import type { CliIo } from '../../src/cli/io.js';

/** An io that keeps what the CLI writes (not a terminal), with `env` as its environment. */
export function memoryIo(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: {
      write: (text: string) => {
        io.out += text;
      },
      isTTY: false,
    },
    stderr: {
      write: (text: string) => {
        io.err += text;
      },
      isTTY: false,
    },
    env,
  };
  return io;
}
