import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPool } from '../../src/runner/run-pool.js';
import { createLocalStorage } from '../../src/storage/index.js';

/** A promise and its resolver, to hold a work item at a chosen point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runPool', () => {
  it('runs at most `concurrency` items at once, in order, and waits for all', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await runPool([0, 1, 2, 3, 4, 5, 6], 3, new AbortController().signal, async (item) => {
      started.push(item);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5 + (item % 3) * 3));
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
    expect(running).toBe(0);
  });

  it('starts the next item when one gives its slot back, and waits for the early one to finish', async () => {
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const done: number[] = [];
    const pool = runPool([0, 1, 2], 1, new AbortController().signal, async (item, _index, freeSlot) => {
      started.push(item);
      freeSlot();
      freeSlot(); // a second call changes nothing
      await gates[item]!.opened;
      done.push(item);
    });
    let settled = false;
    void pool.then(() => {
      settled = true;
    });
    await tick();
    // Item 0 gave its slot back, so item 1 started. Item 1 could not give its own back (one item is already
    // finishing early, the most for a pool of 1), so item 2 waits.
    expect(started).toEqual([0, 1]);
    gates[0]!.open();
    await tick();
    // Item 0 is done, but item 1 still holds its slot: it asked while it was refused, and does not ask again.
    expect(started).toEqual([0, 1]);
    gates[1]!.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(settled).toBe(false);
    gates[2]!.open();
    await pool;
    expect(done).toEqual([0, 1, 2]);
  });

  it('never has more than twice `concurrency` items under way', async () => {
    let underWay = 0;
    let most = 0;
    await runPool(
      Array.from({ length: 20 }, (_, i) => i),
      2,
      new AbortController().signal,
      async (_item, _index, freeSlot) => {
        underWay++;
        most = Math.max(most, underWay);
        await tick();
        freeSlot();
        await new Promise((resolve) => setTimeout(resolve, 3));
        underWay--;
      },
    );
    expect(most).toBe(4);
  });

  it('starts nothing new after a failure, and throws it once the items under way are done', async () => {
    const started: number[] = [];
    let lateDone = false;
    const failure = new Error('item 1 broke');
    const pool = runPool([0, 1, 2, 3], 2, new AbortController().signal, async (item) => {
      started.push(item);
      if (item === 1) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 20));
      lateDone = true;
    });
    await expect(pool).rejects.toBe(failure);
    expect(started).toEqual([0, 1]);
    expect(lateDone).toBe(true);
  });

  it('starts nothing after `stop` fires', async () => {
    const stop = new AbortController();
    const started: number[] = [];
    await runPool([0, 1, 2, 3], 1, stop.signal, async (item) => {
      started.push(item);
      if (item === 1) stop.abort();
    });
    expect(started).toEqual([0, 1]);
  });
});

describe('local storage tells when it needs the bytes no more', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qb-written-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const fsync of [true, false]) {
    it(`once, after the last byte went to the temp file and before the rename (fsync: ${fsync})`, async () => {
      const store = createLocalStorage(dir, { fsync });
      const bytes = Buffer.alloc(3 * 1024 * 1024);
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
      const chunks = async function* () {
        yield bytes.subarray(0, 1000);
        yield bytes.subarray(1000);
      };
      const seen: { names: string[]; tempSize: number }[] = [];
      const written = await store.write('a.bin', chunks(), {
        // Synchronous looks: the write goes on only after the callback returns.
        onBytesWritten: () => {
          const names = readdirSync(dir);
          const temp = names.find((name) => name !== 'a.bin');
          seen.push({ names, tempSize: temp ? statSync(join(dir, temp)).size : -1 });
        },
      });
      expect(written.size).toBe(bytes.length);
      expect(seen).toHaveLength(1);
      expect(seen[0]!.names).toHaveLength(1);
      expect(seen[0]!.names).not.toContain('a.bin');
      expect(seen[0]!.tempSize).toBe(bytes.length);
      expect(await readdir(dir)).toEqual(['a.bin']);
      expect((await readFile(join(dir, 'a.bin'))).equals(bytes)).toBe(true);
    });
  }

  it('does not call it when the source fails before its end', async () => {
    const store = createLocalStorage(dir);
    let called = false;
    const broken = async function* () {
      yield new Uint8Array(10);
      throw new Error('source broke');
    };
    await expect(
      store.write('c.bin', broken(), {
        onBytesWritten: () => {
          called = true;
        },
      }),
    ).rejects.toThrow(/source broke/);
    expect(called).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });
});
