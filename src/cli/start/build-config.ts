import { ExecutionConfig } from '../../config/execution-config.js';
import { readConfigSource } from '../../config/load-file.js';
import { locateIssues } from '../../config/locate-issues.js';
import { camelizeKeys, isPlainObject } from '../../config/plain.js';
import { ConfigError, type ConfigIssue, UsageError } from '../../errors.js';
import type { CommandContext } from '../command.js';
import { flagForPath, START_FLAGS, type StartFlag } from './start-flags.js';

/** A configuration resolved from `--from-file` and the flags. */
export interface ResolvedConfig {
  readonly config: ExecutionConfig;
  /** The file given with `--from-file`, if any. */
  readonly file: string | undefined;
  /** Dotted paths whose value came from the file and not from a flag. */
  readonly fromFile: ReadonlySet<string>;
}

/**
 * Builds the execution config: the file's values (snake_case or camelCase keys), then each flag over them.
 * Every problem is reported at once as a ConfigError whose lines name the flag (or the file) to fix.
 */
export async function buildConfig(context: CommandContext): Promise<ResolvedConfig> {
  const file = context.flags['from-file'] as string | undefined;
  const source = file ? await readConfigSource(file) : undefined;
  const object = file && source ? normalizeFileObject(source.value, file) : { execution: {} };
  const fromFile = new Set(leafPaths(object));
  for (const name of context.given) {
    const flag = (START_FLAGS as Record<string, StartFlag>)[name];
    if (!flag?.path) continue;
    const raw = context.flags[name];
    if (name === 'param') {
      const current = getAt(object, flag.path);
      const merged = { ...(isPlainObject(current) ? current : {}), ...parseParams(raw as readonly string[]) };
      setAt(object, flag.path, merged);
      for (const key of Object.keys(parseParams(raw as readonly string[])))
        fromFile.delete(`${flag.path}.${key}`);
      continue;
    }
    setAt(object, flag.path, flag.numeric ? numberOrText(raw as string) : raw);
    fromFile.delete(flag.path);
  }
  try {
    return { config: ExecutionConfig.fromObject(object), file, fromFile };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const issues = await Promise.all(
      error.issues.map(async (issue) => {
        const relabeled = relabel(issue, context.given, fromFile, file);
        if (!source || !relabeled.path.endsWith(`(in ${file})`)) return relabeled;
        // A value from the file: name its line and column, as ExecutionConfig.fromFile does.
        const [located] = await locateIssues([issue], source.text);
        return relabel(located ?? issue, context.given, fromFile, file);
      }),
    );
    throw new ConfigError(issues, {
      cause: error,
      subject: file ? `configuration (from ${file} and the flags)` : 'options',
    });
  }
}

/**
 * `-P KEY=VALUE` → `{ KEY: 'VALUE' }`, splitting at the first `=` only, so that `-P a=b=c` keeps `b=c`
 * (the platform's Python CLI lost `=c`).
 */
export function parseParams(values: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(
        eq === 0
          ? `-P needs a name before "=": got "${value}"`
          : `-P takes KEY=VALUE (e.g. -P THRESHOLD=0.5); got "${value}"`,
      );
    }
    const key = value.slice(0, eq);
    if (key in out) throw new UsageError(`-P ${key} was given twice; give each parameter once`);
    out[key] = value.slice(eq + 1);
  }
  return out;
}

/** The file's object with every section's keys in camelCase, so that flags and file values meet. */
function normalizeFileObject(value: unknown, file: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new ConfigError(
      [{ path: '(root)', message: `${file} must hold an object with an "execution" section` }],
      {
        subject: `configuration file ${file}`,
      },
    );
  }
  const top = camelizeKeys(value) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...top };
  for (const section of ['execution', 'resources', 'warmup'] as const) {
    if (section in top) out[section] = camelizeKeys(top[section], section);
  }
  const execution = out.execution;
  if (isPlainObject(execution) && 'advancedOptions' in execution) {
    out.execution = {
      ...execution,
      advancedOptions: camelizeKeys(execution.advancedOptions, 'execution.advancedOptions'),
    };
  }
  if (!('execution' in out)) out.execution = {};
  return out;
}

/** `--pods: must be ...` for a flag; `resources.pods (in config.yaml): ...` for a file value. */
function relabel(
  issue: ConfigIssue,
  given: readonly string[],
  fromFile: ReadonlySet<string>,
  file: string | undefined,
): ConfigIssue {
  const flag = flagForPath(issue.path, given);
  const inFile = [...fromFile].some(
    (p) => p === issue.path || p.startsWith(`${issue.path}.`) || issue.path.startsWith(`${p}.`),
  );
  if (file && inFile && !(flag && given.includes(flag.slice(2))))
    return { ...issue, path: `${issue.path} (in ${file})` };
  return flag ? { ...issue, path: flag } : issue;
}

function numberOrText(value: string): number | string {
  return /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

function getAt(object: Record<string, unknown>, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) value = isPlainObject(value) ? value[key] : undefined;
  return value;
}

function setAt(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = object;
  for (const key of keys.slice(0, -1)) {
    const next = target[key];
    target[key] = isPlainObject(next) ? { ...next } : {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys.at(-1)!] = value;
}

function leafPaths(value: unknown, prefix = ''): string[] {
  if (!isPlainObject(value)) return prefix ? [prefix] : [];
  return Object.entries(value).flatMap(([key, v]) => leafPaths(v, prefix ? `${prefix}.${key}` : key));
}
