import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from 'qwak-batch';
import { BatchInferenceClient, type LocalRunOptions } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutput, runNodeScript, sampleRows, tempDir, writeInput } from './fixtures.js';

const RUNNER_MODULE = process.env.QWAK_RUNNER_MODULE ?? new URL('../../dist/runner.js', import.meta.url).href;
const EXIT_SCRIPT = new URL('./scripts/kept-workers-exit.mjs', import.meta.url);

/** A model (slow: 100 ms a file) that tells, per row, which thread ran it, how often that thread initialized it, and its version. */
function modelSource(version: string): string {
  return `import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { helperVersion } from './helper.mjs';
let inits = 0;
export function initialize() { inits++; }
export function predict(table) {
  // Holds the thread a while, so that two tasks in flight always need two threads (tiny files would
  // otherwise finish before the next task asks, and the pool would hand back the same idle thread).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  return table.toArray().map((row) => ({
    id: Number(row.id), thread: threadId, inits, version: '${version}', helper: helperVersion,
    param: process.env.PARAM ?? '',
  }));
}
export function close() { appendFileSync(process.env.CLOSE_LOG, threadId + '\\n'); }
`;
}

/** A module the model imports: kept threads must notice when it changes, though the model's file does not. */
const helperSource = (version: string) => `export const helperVersion = '${version}';\n`;

type Out = { id: number; thread: number; inits: number; version: string; helper: string; param: string };

describe('BatchInferenceClient workerIdleTimeout: worker threads kept between runs', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let model: string;
  let runs = 0;
  beforeAll(async () => {
    dir = await tempDir();
    model = join(dir.path, 'model.mjs');
    await writeFile(model, modelSource('v1'));
    await writeFile(join(dir.path, 'helper.mjs'), helperSource('h1'));
    await mkdir(join(dir.path, 'in'));
    for (let i = 0; i < 4; i++) {
      await writeInput(join(dir.path, 'in', `part-${i}.csv`), 'csv', sampleRows(5, i * 10));
    }
  });
  afterAll(() => dir.cleanup());

  /** Runs the model over the 4 inputs; returns every output row and the path of its close log. */
  async function run(client: BatchInferenceClient, closeLog: string, extra: Partial<LocalRunOptions> = {}) {
    const out = join(dir.path, `out-${runs++}`);
    const result = await client.localFileRun({
      modelId: 'kept',
      sourceFolder: join(dir.path, 'in'),
      destinationFolder: out,
      inputFileType: 'csv',
      model,
      executors: 2,
      ...extra,
      parameters: { CLOSE_LOG: closeLog, ...extra.parameters },
    });
    expect(result.status).toBe('finished');
    const rows: Out[] = [];
    for (let i = 0; i < 4; i++)
      rows.push(...((await readOutput(join(out, `part-${i}.csv`), 'csv')) as Out[]));
    expect(rows.map((r) => r.id)).toEqual(
      Array.from({ length: 4 }, (_, i) => [0, 1, 2, 3, 4].map((k) => i * 10 + k)).flat(),
    );
    return rows;
  }
  const threads = (rows: Out[]) => [...new Set(rows.map((r) => r.thread))].sort();
  const closed = async (log: string) =>
    (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number).sort();

  it('a second run reuses the threads of the first, initialized once; close() ends them with the model', async () => {
    const log = join(dir.path, 'close-reuse.log');
    const client = new BatchInferenceClient({ workerIdleTimeout: 60_000 });
    const first = await run(client, log);
    const second = await run(client, log);
    expect(threads(first)).toHaveLength(2);
    expect(threads(second)).toEqual(threads(first));
    expect(new Set(second.map((r) => r.inits))).toEqual(new Set([1]));
    expect(await closed(log)).toEqual([]);
    await client.close();
    expect(await closed(log)).toEqual(threads(first));
    // Still usable after close(): new threads.
    const third = await run(client, log);
    expect(threads(third).some((t) => threads(first).includes(t))).toBe(false);
    await client.close();
  });

  it('without the option, every run has new threads, closed at its end', async () => {
    const log = join(dir.path, 'close-default.log');
    const client = new BatchInferenceClient();
    const first = await run(client, log);
    expect(await closed(log)).toEqual(threads(first));
    const second = await run(client, log);
    expect(threads(second).some((t) => threads(first).includes(t))).toBe(false);
    expect((await closed(log)).length).toBe(4);
  });

  it('other parameters, or an edited model file, get new threads', async () => {
    const log = join(dir.path, 'close-change.log');
    const client = new BatchInferenceClient({ workerIdleTimeout: 60_000 });
    const first = await run(client, log, { parameters: { PARAM: 'a' } });
    expect(new Set(first.map((r) => r.param))).toEqual(new Set(['a']));
    const second = await run(client, log, { parameters: { PARAM: 'b' } });
    expect(new Set(second.map((r) => r.param))).toEqual(new Set(['b']));
    expect(threads(second).some((t) => threads(first).includes(t))).toBe(false);

    await writeFile(model, modelSource('v2'));
    const later = new Date(Date.now() + 5_000);
    await utimes(model, later, later);
    const third = await run(client, log, { parameters: { PARAM: 'b' } });
    expect(new Set(third.map((r) => r.version))).toEqual(new Set(['v2']));
    expect(threads(third).some((t) => threads(second).includes(t))).toBe(false);
    await client.close();
    await writeFile(model, modelSource('v1'));
    await writeFile(join(dir.path, 'helper.mjs'), helperSource('h1'));
  });

  it('an edited file that the model imports gets new threads; an untouched one keeps them', async () => {
    const log = join(dir.path, 'close-helper.log');
    const helper = join(dir.path, 'helper.mjs');
    const client = new BatchInferenceClient({ workerIdleTimeout: 60_000 });
    try {
      const first = await run(client, log);
      const second = await run(client, log);
      expect(threads(second)).toEqual(threads(first));
      expect(new Set(second.map((r) => r.helper))).toEqual(new Set(['h1']));

      await writeFile(helper, helperSource('h2'));
      const later = new Date(Date.now() + 5_000);
      await utimes(helper, later, later);
      const third = await run(client, log);
      expect(new Set(third.map((r) => r.helper))).toEqual(new Set(['h2']));
      expect(threads(third).some((t) => threads(second).includes(t))).toBe(false);
      // The replaced threads were closed with their model.
      expect(await closed(log)).toEqual(threads(first));

      // Any later modification counts, even one back to the old content.
      await writeFile(helper, helperSource('h1'));
      const fourth = await run(client, log);
      expect(new Set(fourth.map((r) => r.helper))).toEqual(new Set(['h1']));
      expect(threads(fourth).some((t) => threads(third).includes(t))).toBe(false);
    } finally {
      await client.close();
      await writeFile(helper, helperSource('h1'));
    }
  });

  it('kept threads end by themselves after the idle timeout', async () => {
    const log = join(dir.path, 'close-idle.log');
    const client = new BatchInferenceClient({ workerIdleTimeout: 150 });
    const first = await run(client, log);
    expect(await closed(log)).toEqual([]);
    const deadline = Date.now() + 5_000;
    while ((await closed(log)).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(await closed(log)).toEqual(threads(first));
    const second = await run(client, log);
    expect(threads(second).some((t) => threads(first).includes(t))).toBe(false);
    await client.close();
  });

  it('kept threads do not keep the process alive', async () => {
    const { code, stdout } = await runNodeScript(EXIT_SCRIPT, {
      RUNNER_MODULE,
      MODEL: model,
      SOURCE: join(dir.path, 'in'),
      DEST: join(dir.path, 'out-child'),
      CLOSE_LOG: join(dir.path, 'close-child.log'),
    });
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('finished finished');
  });

  it('rejects an invalid workerIdleTimeout', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '10' as never]) {
      expect(() => new BatchInferenceClient({ workerIdleTimeout: bad })).toThrow(UsageError);
    }
    expect(() => new BatchInferenceClient({ workerIdleTimeout: -1 })).toThrow(/workerIdleTimeout/);
  });
});
