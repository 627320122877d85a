import type { ExecutionConfig } from '../../config/execution-config.js';
import { UsageError } from '../../errors.js';
import { formatFlagProblems } from './format-flags.js';
import { START_FLAGS, type StartFlag } from './start-flags.js';

/** Where `execution start` runs the execution. */
export type RunMode = 'local' | 'remote';

const URI = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * A run is local (in-process, through `localFileRun`) when a folder is `file://` or a `--model` module is
 * given; otherwise the platform runs it.
 */
export function chooseMode(config: ExecutionConfig, given: readonly string[]): RunMode {
  const e = config.execution;
  const local = [e.sourceFolder, e.destinationFolder].some((folder) => /^file:\/\//i.test(folder));
  return local || given.includes('model') ? 'local' : 'remote';
}

/** Storage schemes a local run of `config` touches: `file`, `s3`, `gs`. */
export function localSchemes(config: ExecutionConfig): Set<string> {
  return new Set([folderScheme(config, 'source'), folderScheme(config, 'destination')]);
}

/** The storage scheme of one folder of a local run: its URI's, else its bucket's, else `file`. */
function folderScheme(config: ExecutionConfig, side: 'source' | 'destination'): string {
  const e = config.execution;
  const bare = e.serviceAccountKeySecretName ? 'gs' : 's3';
  const folder = side === 'source' ? e.sourceFolder : e.destinationFolder;
  const bucket = (side === 'source' ? e.sourceBucket : e.destinationBucket) ?? e.bucket;
  const scheme = URI.exec(folder)?.[1] ?? (bucket ? (URI.exec(bucket)?.[1] ?? bare) : 'file');
  return scheme.toLowerCase();
}

/**
 * Checks that every flag given applies to `mode`: a flag that would have no effect is an error, never
 * silently ignored. Throws one UsageError listing every such flag.
 */
export function checkFlagsApply(mode: RunMode, config: ExecutionConfig, given: readonly string[]): void {
  const problems: string[] = [];
  const has = (name: string) => given.includes(name);
  for (const name of given) {
    const flag = (START_FLAGS as Record<string, StartFlag>)[name];
    if (!flag || flag.mode === 'both' || flag.mode === mode) continue;
    problems.push(
      mode === 'local'
        ? `--${name} does not apply to a local run (${whyPlatformOnly(name)}); leave it out, or use folders in a bucket to run on the platform`
        : `--${name} applies only to a local run: use file:// folders or give --model <module>`,
    );
  }
  if (has('interval') && !has('wait')) problems.push('--interval applies only with --wait');
  if (mode === 'local') {
    problems.push(...formatFlagProblems(config, given));
    const written = folderScheme(config, 'destination');
    if (has('no-fsync') && written !== 'file')
      problems.push(`--no-fsync applies only to file:// outputs; this run writes to ${written}://`);
    const read = folderScheme(config, 'source');
    if (has('follow-links') && read !== 'file')
      problems.push(`--follow-links applies only to file:// sources; this run reads from ${read}://`);
    const schemes = localSchemes(config);
    const address = ['environment', 'base-url', 'auth-url'].find(has);
    if (has('model') && address) {
      problems.push(`--${address} does not apply: with --model the run calls your module, not the platform`);
    }
    if (has('pods') && has('executors')) {
      problems.push('--pods and --executors both set how many files a local run processes at once; give one');
    }
    const e = config.execution;
    if (has('bucket') && URI.test(e.sourceFolder) && URI.test(e.destinationFolder)) {
      problems.push('--bucket does not apply: both folders are URIs that name their own location');
    }
    for (const name of ['access-token-name', 'access-secret-name', 'iam-role-arn']) {
      if (has(name) && !schemes.has('s3'))
        problems.push(
          `--${name} applies only to s3:// folders; this run reads and writes ${[...schemes].join(' and ')}`,
        );
    }
    if (has('service-account-key-secret-name') && !schemes.has('gs')) {
      problems.push(
        `--service-account-key-secret-name applies only to gs:// folders; this run reads and writes ${[...schemes].join(' and ')}`,
      );
    }
  }
  if (problems.length === 1) throw new UsageError(problems[0]!);
  if (problems.length > 1)
    throw new UsageError(`${problems.length} options do not apply:\n  - ${problems.join('\n  - ')}`);
}

/** Config values from a file that a local run cannot honour: shown as notes, since a file may serve both modes. */
export function fileValuesWithoutLocalEffect(fromFile: ReadonlySet<string>): string[] {
  const remoteOnly = Object.values(START_FLAGS as Record<string, StartFlag>)
    .filter((flag) => flag.mode === 'remote' && flag.path)
    .map((flag) => flag.path!);
  return [...fromFile].filter((path) => remoteOnly.includes(path));
}

/** Why a platform-only flag means nothing to a local run, for its usage error. */
function whyPlatformOnly(name: string): string {
  switch (name) {
    case 'wait':
    case 'interval':
      return 'a local run has ended when the command returns';
    case 'grpc-url':
      return 'it addresses the platform, which a local run does not call';
    default:
      return "it sizes or buys the platform's pods";
  }
}
