import { createHash, randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** Names of in-flight temp files start with this; listings skip them. */
export const TEMP_PREFIX = '.qwak-tmp-';

/** What a temp file's name says about the write that made it. */
export interface TempNameParts {
  /** Name of the file the temp was to be renamed to (in the same folder). */
  readonly target: string;
  /** {@link hostTag} of the machine that wrote it. */
  readonly hostTag: string;
  /** Process id of the writer, on that machine. */
  readonly pid: number;
}

// Greedy target, anchored suffix: a target name may itself contain dots.
const TEMP_NAME = /^\.qwak-tmp-(.+)\.([0-9a-f]{8})\.([1-9][0-9]{0,9})\.([0-9a-f]{12})$/s;

let cachedHostTag: string | undefined;

/**
 * 8 hex digits of the SHA-256 of `os.hostname()` and, on Linux, of this process's pid namespace. A folder may
 * be on NFS shared by several machines, or a volume shared by containers (which may have the same hostname
 * but each their own pids), and a pid says whether its writer is alive only where it ran: the tag tells where.
 */
export function hostTag(): string {
  cachedHostTag ??= createHash('sha256').update(`${hostname()}\n${pidNamespace()}`).digest('hex').slice(0, 8);
  return cachedHostTag;
}

/** `pid:[4026531836]` on Linux (the same for every process of one pid namespace); '' elsewhere. */
function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

/** `.qwak-tmp-<target>.<host tag>.<pid>.<12 hex>`: the temp file name for a write of `target` by this process. */
export function tempNameFor(target: string): string {
  return `${TEMP_PREFIX}${target}.${hostTag()}.${process.pid}.${randomBytes(6).toString('hex')}`;
}

/** The parts of a name made by {@link tempNameFor}; `undefined` for any other name (an old-format temp too). */
export function parseTempName(name: string): TempNameParts | undefined {
  const match = TEMP_NAME.exec(name);
  if (!match) return undefined;
  const [, target, tag, pid] = match as unknown as [string, string, string, string];
  return { target, hostTag: tag, pid: Number(pid) };
}
