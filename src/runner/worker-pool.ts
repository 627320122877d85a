import { Worker, type WorkerOptions } from 'node:worker_threads';
import { JobError } from '../errors.js';
import { toAbortError } from '../internal/abort.js';
import { raceAbort } from './race-abort.js';
import { transferable } from './transfer.js';
import { fromWireError } from './wire-error.js';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './worker-protocol.js';
import { workerUrl } from './worker-url.js';

/** What a worker hands back for one request. */
export interface WorkerResult {
  readonly chunks: Uint8Array[];
  readonly rowsIn: number | undefined;
  readonly rowsOut: number | undefined;
}

type Job = Exclude<WorkerRequest, { kind: 'abort' | 'close' | 'modules' }>;
type JobInput = Job extends infer J ? (J extends Job ? Omit<J, 'id'> : never) : never;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: { id: number; resolve: (r: WorkerResult) => void; reject: (e: unknown) => void } | undefined;
  /** Set once the worker may not take new work: it crashed, or was told to stop. */
  dead: boolean;
  /** Set once the worker answered `ready`: its model is loaded and initialized, and it listens for requests. */
  isReady: boolean;
  /** Resolves `close()`'s wait when the worker answers `closed`. */
  closed?: () => void;
  /** Resolves `loadedModules()`'s wait when the worker answers `modules`. */
  modules?: (files: string[] | undefined) => void;
}

/** How long a worker gets to give up an aborted task before it is terminated. */
const ABORT_GRACE_MS = 1_000;
/** How long a worker's predictor gets for its `close()` at the end of a run. */
const CLOSE_GRACE_MS = 2_000;
/** How long a worker gets to list its loaded modules. */
const MODULES_GRACE_MS = 2_000;

/**
 * A fixed number of worker threads, one task each at a time. Workers start with {@link WorkerPool.start} (a run starts them all before its first task), or on first use. A worker whose
 * task was aborted and that does not answer within a second (a model stuck in synchronous code) is
 * terminated and replaced, so an abort always frees its slot.
 */
export class WorkerPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private readonly all = new Set<Slot>();
  private nextId = 1;
  private closed = false;
  /** Set when a worker's start failed (the model's `initialize()` threw): the next would fail the same way. */
  private startFailed = false;
  /** `Date.now()` when the first worker started, and so began loading the model's modules. */
  private firstStart: number | undefined;
  /** What {@link loadedModules} found. */
  private modules: Promise<string[] | undefined> | undefined;

  constructor(
    private readonly size: number,
    private readonly setup: WorkerSetup,
  ) {}

  /** True while the pool can serve another run: not closed, and no worker failed to start. */
  get reusable(): boolean {
    return !this.closed && !this.startFailed;
  }

  /**
   * Starts every worker the pool lacks and waits until all have loaded and initialized the model: a model's
   * start is the run's set-up, not part of its first tasks (nor of their timeouts). Rejects with the first
   * start failure (the `PredictorError` of a module that cannot be loaded or of a failed `initialize()`), or
   * when `signal` fires.
   */
  async start(signal: AbortSignal): Promise<void> {
    while (this.all.size < this.size) this.idle.push(this.spawn());
    const slots = [...this.all];
    // Referenced while they start: the caller waits for them, maybe with nothing else keeping the process alive.
    for (const slot of slots) slot.worker.ref();
    try {
      await raceAbort(Promise.all(slots.map((slot) => slot.ready)), signal);
    } finally {
      for (const slot of slots) if (!slot.pending) slot.worker.unref();
    }
  }

  /** Runs `job` on a free worker; rejects at once when `signal` fires (the worker is told to stop). */
  async run(job: JobInput, signal: AbortSignal): Promise<WorkerResult> {
    signal.throwIfAborted();
    const slot = await this.acquire(signal);
    // A worker with work keeps the process alive, as any pending I/O does; an idle one does not.
    slot.worker.ref();
    try {
      await raceAbort(slot.ready, signal);
    } catch (error) {
      this.release(slot);
      throw error;
    }
    const id = this.nextId++;
    const payload = job.kind === 'encode' ? job.ipc : job.bytes;
    const { chunks, transfer } = transferable([payload]);
    const request = (
      job.kind === 'encode' ? { ...job, id, ipc: chunks[0]! } : { ...job, id, bytes: chunks[0]! }
    ) as WorkerRequest;
    return new Promise<WorkerResult>((resolve, reject) => {
      const onAbort = () => {
        slot.pending = undefined;
        slot.worker.postMessage({ kind: 'abort', id } satisfies WorkerRequest);
        const timer = setTimeout(() => this.kill(slot), ABORT_GRACE_MS);
        timer.unref();
        // The slot comes back when the worker answers the aborted request (see onMessage).
        slot.pending = {
          id,
          resolve: () => {
            clearTimeout(timer);
            this.release(slot);
          },
          reject: () => {
            clearTimeout(timer);
            this.release(slot);
          },
        };
        reject(toAbortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      slot.pending = {
        id,
        resolve: (result) => {
          signal.removeEventListener('abort', onAbort);
          this.release(slot);
          resolve(result);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          this.release(slot);
          reject(error);
        },
      };
      slot.worker.postMessage(request, transfer);
    });
  }

  /** `Date.now()` when the first worker started, and so began loading the model's modules; undefined before. */
  get startedAt(): number | undefined {
    return this.firstStart;
  }

  /**
   * The files the idle workers loaded as modules (the model and what it imports, outside node_modules), so
   * that a kept pool can tell when they change on disk. `undefined` when a worker cannot tell or does not answer
   * within `MODULES_GRACE_MS`. Asked once per pool (about 30 ms of each worker's time), and again only while
   * no list came back: modules that a model imports later, inside its `predict()`, are not seen.
   */
  loadedModules(): Promise<string[] | undefined> {
    this.modules ??= this.askModules().then((files) => {
      if (!files?.length) this.modules = undefined;
      return files;
    });
    return this.modules;
  }

  private async askModules(): Promise<string[] | undefined> {
    const lists = await Promise.all(
      this.idle
        .filter((slot) => !slot.dead)
        .map(async (slot) => {
          let timer: NodeJS.Timeout | undefined;
          const answered = new Promise<string[] | undefined>((resolve) => {
            slot.modules = resolve;
            timer = setTimeout(() => resolve(undefined), MODULES_GRACE_MS);
            timer.unref();
          });
          // Referenced while it answers: a run may be waiting for the answer, with nothing else to keep the
          // process alive.
          slot.worker.ref();
          try {
            slot.worker.postMessage({ kind: 'modules' } satisfies WorkerRequest);
            return await answered;
          } finally {
            clearTimeout(timer);
            slot.modules = undefined;
            if (!slot.pending) slot.worker.unref();
          }
        }),
    );
    if (lists.some((files) => files === undefined)) return undefined;
    return [...new Set(lists.flat() as string[])].sort();
  }

  /**
   * Lets each idle worker call its predictor's `close()` (for at most `CLOSE_GRACE_MS`), then terminates every
   * worker. A worker still busy with an aborted task is terminated at once.
   */
  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.all];
    this.all.clear();
    await Promise.all(
      slots.map(async (slot) => {
        slot.modules?.(undefined);
        // A worker still starting does not listen yet: it is terminated, its model never having served.
        if (!slot.pending && !slot.dead && slot.isReady) {
          let timer: NodeJS.Timeout | undefined;
          const closed = new Promise<void>((resolve) => {
            slot.closed = resolve;
            timer = setTimeout(resolve, CLOSE_GRACE_MS);
          });
          try {
            slot.worker.postMessage({ kind: 'close' } satisfies WorkerRequest);
            await closed;
          } finally {
            clearTimeout(timer);
          }
        }
        slot.dead = true;
        await slot.worker.terminate();
      }),
    );
  }

  private acquire(signal: AbortSignal): Promise<Slot> {
    let slot = this.idle.pop();
    // A worker can die while idle (a crash, an exit in the model's code): never hand that one out.
    while (slot?.dead) slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    if (this.all.size < this.size) return Promise.resolve(this.spawn());
    return new Promise<Slot>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(take);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(toAbortError(signal));
      };
      const take = (s: Slot) => {
        signal.removeEventListener('abort', onAbort);
        resolve(s);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(take);
    });
  }

  private release(slot: Slot): void {
    if (slot.dead || this.closed) {
      // A replacement takes the place of a dead worker, for whoever waits.
      if (!this.closed && this.waiting.length && this.all.size < this.size)
        this.waiting.shift()!(this.spawn());
      return;
    }
    const next = this.waiting.shift();
    if (next) next(slot);
    else {
      slot.worker.unref();
      this.idle.push(slot);
    }
  }

  private kill(slot: Slot): void {
    if (slot.dead) return;
    slot.dead = true;
    this.all.delete(slot);
    void slot.worker.terminate();
    const pending = slot.pending;
    slot.pending = undefined;
    pending?.reject(new JobError('a worker thread was stopped'));
  }

  private spawn(): Slot {
    this.firstStart ??= Date.now();
    const worker = startWorker(workerUrl(), {
      workerData: this.setup,
      resourceLimits: this.setup.resourceLimits,
      // As on the platform, the execution's parameters are the model's environment variables.
      env: { ...process.env, ...this.setup.parameters },
      // Piped below to stderr instead of Node's default, stdout.
      stdout: this.setup.modelOutput === 'stderr',
    });
    if (this.setup.modelOutput === 'stderr') worker.stdout.pipe(process.stderr, { end: false });
    let markReady!: () => void;
    let failReady!: (e: unknown) => void;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        failReady = reject;
      }),
      pending: undefined,
      dead: false,
      isReady: false,
    };
    slot.ready.catch(() => {}); // observed by run(); this only keeps an early failure from being "unhandled"
    this.all.add(slot);
    worker.on('message', (message: WorkerResponse) => {
      if (message.kind === 'ready') {
        slot.isReady = true;
        return markReady();
      }
      if (message.kind === 'closed') return slot.closed?.();
      if (message.kind === 'modules') return slot.modules?.(message.files);
      if (message.kind === 'init-failed') {
        const error = fromWireError(message.error);
        this.startFailed = true;
        failReady(error);
        slot.dead = true;
        this.all.delete(slot);
        void worker.terminate();
        return;
      }
      const pending = slot.pending;
      if (!pending || pending.id !== message.id) return;
      slot.pending = undefined;
      if (message.kind === 'done') {
        pending.resolve({ chunks: message.chunks, rowsIn: message.rowsIn, rowsOut: message.rowsOut });
      } else {
        pending.reject(fromWireError(message.error));
      }
    });
    const onGone = (error: unknown) => {
      if (slot.dead && !slot.pending) return;
      slot.dead = true;
      this.all.delete(slot);
      const cause = error instanceof Error ? error : undefined;
      const outOfMemory = (cause as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const failure = new JobError(
        outOfMemory
          ? `A worker thread ran out of memory (its heap limit, see workerResourceLimits): ${cause!.message}`
          : `A worker thread stopped: ${cause?.message ?? `exit code ${String(error)}`}`,
        { cause },
      );
      failReady(failure);
      const pending = slot.pending;
      slot.pending = undefined;
      pending?.reject(failure);
    };
    worker.on('error', onGone);
    worker.on('exit', (code) => onGone(code));
    // Only now: adding a 'message' listener refs the worker again. run() refs it while it has work.
    worker.unref();
    return slot;
  }
}

/**
 * A worker that inherits the process's Node flags (e.g. `--import tsx`, so a TypeScript model loads), as
 * Node's default does. Two flags of the default break a worker: `--input-type` (only for `-e` scripts) is
 * dropped; and when a filtered list is refused (it may hold V8 flags such as `--expose-gc`, which an explicit
 * list may not), the worker starts with no flags.
 */
function startWorker(url: URL, options: WorkerOptions): Worker {
  if (!process.execArgv.some((flag) => flag.startsWith('--input-type'))) return new Worker(url, options);
  try {
    return new Worker(url, {
      ...options,
      execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(url, { ...options, execArgv: [] });
  }
}
