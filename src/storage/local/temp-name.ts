import { createHash, randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** Names of in-flight temp files start with this; listings skip them. */
export const TEMP_PREFIX = '.qwak-tmp-';

/** What a temp file's name says about the write that made it. */
export interface TempNameParts {
  /**
   * Name of the file the temp was to be renamed to (in the same folder), or, when that name is too long to fit
   * in a temp name (see {@link tempNameFor}), a shortened form of it: a prefix of the name, `~`, and 16 hex
   * digits of its SHA-256. Either way it only helps a person tell which write left a temp behind.
   */
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

/** Longest file name, in bytes, that Linux file systems (ext4, xfs, btrfs, tmpfs…) accept: NAME_MAX. */
const NAME_MAX = 255;
/** Bytes of a temp name around its target: prefix, dots, host tag, pid (up to 10 digits), random part. */
const OVERHEAD = TEMP_PREFIX.length + 1 + 8 + 1 + 10 + 1 + 12;
/** Bytes a target may take in a temp name, in full or shortened. */
const TARGET_BUDGET = NAME_MAX - OVERHEAD;
/** Hex digits of the target's hash that end a shortened target: enough that two targets never meet. */
const HASH_DIGITS = 16;

/**
 * `.qwak-tmp-<target>.<host tag>.<pid>.<12 hex>`: the temp file name for a write of `target` by this process.
 * A target of more than 212 UTF-8 bytes (a valid name may have up to 255) is shortened to
 * `<prefix>~<16 hex of its SHA-256>`, so that the temp name stays within NAME_MAX and the temps of two long
 * targets that share a prefix still differ.
 */
export function tempNameFor(target: string): string {
  return `${TEMP_PREFIX}${fitTarget(target)}.${hostTag()}.${process.pid}.${randomBytes(6).toString('hex')}`;
}

/** `target` itself when it fits the budget; else its longest prefix that fits with `~` and the hash. */
function fitTarget(target: string): string {
  if (Buffer.byteLength(target, 'utf8') <= TARGET_BUDGET) return target;
  const hash = createHash('sha256').update(target, 'utf8').digest('hex').slice(0, HASH_DIGITS);
  const room = TARGET_BUDGET - 1 - HASH_DIGITS;
  let prefix = '';
  let used = 0;
  // By code point, so that the cut never splits a multi-byte character.
  for (const char of target) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > room) break;
    prefix += char;
    used += size;
  }
  return `${prefix}~${hash}`;
}

/** The parts of a name made by {@link tempNameFor}; `undefined` for any other name (an old-format temp too). */
export function parseTempName(name: string): TempNameParts | undefined {
  const match = TEMP_NAME.exec(name);
  if (!match) return undefined;
  const [, target, tag, pid] = match as unknown as [string, string, string, string];
  return { target, hostTag: tag, pid: Number(pid) };
}
