/**
 * Runs the BUILT command line (`dist/cli/main.js`, as `npm test` builds it) in a child process, the way users
 * and scripts run it: real argv, real exit code, real stdout and stderr.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * The flags of a platform run's `execution start` (model, bucket, folders), for tests that add one flag to
 * them; `execution start` itself is not included.
 */
export const PLATFORM_START_FLAGS: readonly string[] = [
  '--model-id',
  'churn',
  '--bucket',
  'my-bucket',
  '--source-folder',
  'in',
  '--destination-folder',
  'out',
];

/**
 * `execution start` of a local run of `model` (a module path) from the folder `source` into `out` (paths),
 * one executor and no progress output, then `more` flags.
 */
export function localStartArgs(source: string, out: string, model: string, ...more: string[]): string[] {
  return [
    'execution',
    'start',
    '--model-id',
    'identity',
    '--source-folder',
    `file://${source}`,
    '--destination-folder',
    `file://${out}`,
    '--model',
    model,
    '--executors',
    '1',
    '--progress',
    'none',
    ...more,
  ];
}

/** What one run of the CLI did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Extra environment variables (over a copy of this process's, without QWAK_* and NO_COLOR). */
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Kill the child after this many ms. @default 60000 */
  readonly timeout?: number;
}

/** Fails fast with a clear message when the CLI was not built (`npx tsup`). */
export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npx tsup, or npm test)`);
}

/** A child process of the built CLI, while it runs. */
export interface RunningCli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** What it wrote so far (until the test closes the stream). */
  readonly output: { stdout: string; stderr: string };
  /** Settles once it has exited and its streams are closed; `signal` is set when a signal ended it. */
  readonly done: Promise<CliRun & { readonly signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/cli/main.js ...args`, for tests that act on it while it runs (signals, closed pipes). */
export function startBuiltCli(args: readonly string[], options: RunOptions = {}): RunningCli {
  assertBuilt();
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith('QWAK_') || key === 'NO_COLOR' || key === 'FORCE_COLOR') delete env[key];
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: output.stdout, stderr: output.stderr });
    });
  });
  return { child, output, done };
}

/** Runs `node dist/cli/main.js ...args`. */
export async function runBuiltCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const { code, stdout, stderr } = await startBuiltCli(args, options).done;
  return { code, stdout, stderr };
}

/**
 * Runs the built CLI and sends it `signal` once: as soon as its stderr satisfies `when`, or after `afterMs`,
 * whichever comes first. Once only: a second signal, landing while the process stops, ends it at once.
 */
export async function stopBuiltCli(
  args: readonly string[],
  signal: NodeJS.Signals,
  when: { readonly stderr?: (stderr: string) => boolean; readonly afterMs?: number },
  options: RunOptions = {},
): Promise<CliRun & { readonly signal: NodeJS.Signals | null }> {
  const running = startBuiltCli(args, options);
  let sent = false;
  const send = () => {
    if (sent) return;
    sent = true;
    running.child.kill(signal);
  };
  const timer = when.afterMs === undefined ? undefined : setTimeout(send, when.afterMs);
  running.child.stderr.on('data', () => {
    if (when.stderr?.(running.output.stderr)) send();
  });
  try {
    return await running.done;
  } finally {
    clearTimeout(timer);
  }
}

/** The config `execution start <args>` resolves, through `--out-conf --json`. */
export async function resolvedConfig(args: readonly string[], options: RunOptions = {}): Promise<unknown> {
  const run = await runBuiltCli(['execution', 'start', ...args, '--out-conf', '--json'], options);
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
