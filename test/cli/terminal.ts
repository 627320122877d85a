/**
 * Runs the built CLI on a pseudo-terminal through util-linux `script`, so that stdout and stderr are TTYs:
 * the way to see the progress bar and colours as a user does.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { BIN, ROOT } from './built-cli.js';

const run = promisify(execFile);

/** Why terminal tests cannot run here, or `undefined` when they can. */
export const noTerminal = existsSync('/usr/bin/script') ? undefined : 'util-linux `script` is not installed';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `node dist/cli/main.js ...args` on a terminal; resolves to everything it wrote, and its exit code. */
export async function runOnTerminal(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const command = `stty cols 100 rows 40 2>/dev/null; ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && !k.startsWith('QWAK_')),
  );
  try {
    const { stdout } = await run('script', ['-qefc', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...clean, TERM: 'xterm-256color', COLUMNS: '100', ...env },
      timeout: 60_000,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, output: e.stdout ?? '' };
  }
}
