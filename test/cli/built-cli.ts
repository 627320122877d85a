/**
 * Runs the BUILT command line (`dist/cli/main.js`, as `npm test` builds it) in a child process, the way users
 * and scripts run it: real argv, real exit code, real stdout and stderr.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What one run of the CLI did. */
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

/** Runs `node dist/cli/main.js ...args`. */
export function runBuiltCli(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  assertBuilt();
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(env))
    if (key.startsWith('QWAK_') || key === 'NO_COLOR' || key === 'FORCE_COLOR') delete env[key];
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The config `execution start <args>` resolves, through `--out-conf --json`. */
export async function resolvedConfig(args: readonly string[], options: RunOptions = {}): Promise<unknown> {
  const run = await runBuiltCli(['execution', 'start', ...args, '--out-conf', '--json'], options);
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
