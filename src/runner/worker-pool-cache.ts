import { filesChangedSince } from './changed-files.js';
import type { WorkerPool } from './worker-pool.js';

/** Most idle pools one client keeps (of different models or settings); the least recently used goes first. */
const MAX_IDLE_POOLS = 4;

interface IdlePool {
  readonly pool: WorkerPool;
  readonly timer: NodeJS.Timeout;
  /** The files its workers loaded as modules, asked for when the pool was given back. */
  readonly modules: Promise<string[] | undefined>;
}

/**
 * Worker pools kept between the runs of one `BatchInferenceClient` (its `workerIdleTimeout`): a run takes the
 * idle pool made for the same setup, or a new one, and gives it back at its end, where it waits for the next
 * run until the idle timeout ends it. At most one idle pool per setup, and {@link MAX_IDLE_POOLS} in all.
 */
export class WorkerPoolCache {
  private readonly idle = new Map<string, IdlePool>();
  private closed = false;

  /** @param idleTimeoutMs how long a pool waits, unused, before its workers end. */
  constructor(private readonly idleTimeoutMs: number) {}

  /**
   * The idle pool kept under `key`, or a new one from `create`. The caller owns it until {@link give}. A kept
   * pool whose workers loaded a module file that changed since (the model imports an edited file) is closed
   * and replaced: the key covers only the model's own file.
   */
  async take(key: string, create: () => WorkerPool): Promise<WorkerPool> {
    const kept = this.idle.get(key);
    if (!kept) return create();
    this.idle.delete(key);
    clearTimeout(kept.timer);
    const since = kept.pool.startedAt;
    if (since !== undefined && (await filesChangedSince(await kept.modules, since))) {
      void kept.pool.close();
      return create();
    }
    return kept.pool;
  }

  /**
   * Takes a pool back after a run: kept for the next run, or closed when it cannot serve one (a model's
   * `initialize()` failed), when one is kept for `key` already, or when the cache was closed.
   */
  async give(key: string, pool: WorkerPool): Promise<void> {
    if (this.closed || !pool.reusable || this.idle.has(key)) return pool.close();
    const timer = setTimeout(() => {
      if (this.idle.get(key)?.pool !== pool) return;
      this.idle.delete(key);
      void pool.close();
    }, this.idleTimeoutMs);
    // Kept workers must not keep the process alive (the pool's workers are unref'd too).
    timer.unref();
    this.idle.set(key, { pool, timer, modules: pool.loadedModules() });
    for (const [oldest, entry] of this.idle) {
      if (this.idle.size <= MAX_IDLE_POOLS) break;
      this.idle.delete(oldest);
      clearTimeout(entry.timer);
      void entry.pool.close();
    }
  }

  /** Ends every kept pool (each model's `close()` runs); pools of running runs end when those runs do. */
  async close(): Promise<void> {
    this.closed = true;
    const kept = [...this.idle.values()];
    this.idle.clear();
    for (const entry of kept) clearTimeout(entry.timer);
    await Promise.all(kept.map((entry) => entry.pool.close()));
  }
}
