import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { hostTag, parseTempName, TEMP_PREFIX } from './temp-name.js';

/** Is a process with this id running on this machine? Errs on "alive" when it cannot tell. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user. Only ESRCH says it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temp files of `folder` that are certainly abandoned: written on this machine (same host tag) by
 * a process that no longer runs (killed during a write: SIGKILL, OOM killer, power cut). Temps of other
 * machines, of live processes (this one included) and names that do not parse are left alone. Never throws:
 * a cleanup that fails (permissions, a file that vanished meanwhile, a missing folder) must not fail a write.
 */
export async function removeStaleTemps(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  const ownTag = hostTag();
  const dead = new Map<number, boolean>();
  const removals: Promise<void>[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const parts = parseTempName(name);
    if (!parts || parts.hostTag !== ownTag || parts.pid === process.pid) continue;
    let isDead = dead.get(parts.pid);
    if (isDead === undefined) {
      isDead = !isPidAlive(parts.pid);
      dead.set(parts.pid, isDead);
    }
    // unlink, not rm: a folder that happens to carry such a name is not ours to delete.
    if (isDead) removals.push(unlink(join(folder, name)).catch(() => undefined));
  }
  await Promise.all(removals);
}

/** Runs {@link removeStaleTemps} once per folder for the life of one adapter. */
export class StaleTempSweeper {
  private readonly swept = new Set<string>();

  /** Sweeps `folder` on its first call; later calls for the same folder resolve at once. Never rejects. */
  sweep(folder: string): Promise<void> {
    if (this.swept.has(folder)) return Promise.resolve();
    this.swept.add(folder);
    return removeStaleTemps(folder);
  }
}
