import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchInferenceClient, type RunResult, runResultOf } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesIn, sampleRows, tempDir, writeInput } from './fixtures.js';

const model = (name: string) => new URL(`./models/${name}`, import.meta.url).href;
const client = new BatchInferenceClient();

async function failure(run: Promise<unknown>): Promise<Error & { code?: string; cause?: unknown }> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & { code?: string };
}

describe('localFileRun under failure', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let good: string;
  let mixed: string;
  beforeAll(async () => {
    dir = await tempDir();
    good = join(dir.path, 'good');
    mixed = join(dir.path, 'mixed');
    await mkdir(good);
    await mkdir(mixed);
    for (const name of ['a', 'bad-b', 'c']) await writeInput(join(good, `${name}.csv`), 'csv', sampleRows(5));
    await writeInput(join(mixed, 'a.parquet'), 'parquet', sampleRows(5));
    await writeFile(join(mixed, 'b.parquet'), 'PAR1 this is not a parquet file at all PAR1');
    await writeInput(join(mixed, 'c.parquet'), 'parquet', sampleRows(7));
  });
  afterAll(() => dir.cleanup());

  const base = () => ({ modelId: 'm', sourceFolder: good, inputFileType: 'csv' as const, executors: 1 });

  it('a function predictor past the task timeout sees its signal and fails the execution', async () => {
    const seen: boolean[] = [];
    const started = Date.now();
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-timeout'),
        taskTimeout: 0.3,
        model: (table, { signal }) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => resolve(table), 10_000);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              seen.push(signal.aborted);
            });
          }),
      }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.name).toBe('JobError');
    expect(seen).toEqual([true]);
    const result = runResultOf(error)!;
    expect(result.status).toBe('failed');
    expect(result.ledger.map((r) => r.status)).toEqual(['failed', 'cancelled', 'cancelled']);
    const taskError = result.ledger[0]!.error as Error & { code: string; timeoutSeconds: number };
    expect(taskError.name).toBe('TaskTimeoutError');
    expect(taskError.timeoutSeconds).toBe(0.3);
    expect(taskError.message).toContain('a.csv');
    expect(error.cause).toBe(taskError);
  });

  it('a module predictor stuck in synchronous code is stopped at the task timeout', async () => {
    const started = Date.now();
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-busy'),
        taskTimeout: 0.5,
        model: model('busy-model.mjs'),
        parameters: { BUSY_MS: '20000' },
      }),
    );
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(runResultOf(error)!.ledger[0]!.error!.name).toBe('TaskTimeoutError');
  });

  it('a predictor that throws fails its file (TaskError > PredictorError), stops new tasks', async () => {
    const out = join(dir.path, 'out-throw');
    const error = await failure(
      client.localFileRun({ ...base(), destinationFolder: out, model: model('throwing-model.mjs') }),
    );
    expect(error.message).toMatch(/1 of 3 files failed/);
    const result = runResultOf(error)!;
    expect(result.ledger.map((r) => r.status)).toEqual(['succeeded', 'failed', 'cancelled']);
    const taskError = result.ledger[1]!.error as Error & { file: string; cause: Error & { file: string } };
    expect(taskError.name).toBe('TaskError');
    expect(taskError.file).toMatch(/bad-b\.csv$/);
    expect(taskError.cause.name).toBe('PredictorError');
    expect(taskError.cause.message).toMatch(/bad-b\.csv.*cannot score/);
    expect(await filesIn(out)).toEqual(['a.csv']);
  });

  it('maxFailedFiles lets a run carry on past failures', async () => {
    const result = await client.localFileRun({
      ...base(),
      destinationFolder: join(dir.path, 'out-carry'),
      model: model('throwing-model.mjs'),
      maxFailedFiles: 1,
    });
    expect(result.status).toBe('finished');
    expect(result.files).toMatchObject({ succeeded: 2, failed: 1 });
  });

  it('a wrong-shape answer is a PredictorError naming the file', async () => {
    for (const answer of [42, [{ a: 1 }, { a: 'x' }], [1, 2], [{ a: { nested: true } }]]) {
      const error = await failure(
        client.localFileRun({
          ...base(),
          destinationFolder: join(dir.path, 'out-shape'),
          model: () => answer as never,
        }),
      );
      const cause = runResultOf(error)!.ledger[0]!.error!.cause as Error & { file: string };
      expect(cause.name).toBe('PredictorError');
      expect(cause.message).toMatch(/wrong shape for .*a\.csv/);
      expect(cause.file).toMatch(/a\.csv$/);
    }
  });

  it('a corrupt file among good ones: a FormatError naming it, the others written', async () => {
    const out = join(dir.path, 'out-corrupt');
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: mixed,
      destinationFolder: out,
      inputFileType: 'parquet',
      outputFileType: 'csv',
      model: (t) => t,
      maxFailedFiles: 5,
      executors: 2,
    });
    expect(result.ledger.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    const cause = result.ledger[1]!.error!.cause as Error & { file: string };
    expect(cause.name).toBe('FormatError');
    expect(cause.message).toContain('b.parquet');
    expect(await filesIn(out)).toEqual(['a.csv', 'c.csv']);
    // Without maxFailedFiles the same run rejects.
    const error = await failure(
      client.localFileRun({
        modelId: 'm',
        sourceFolder: mixed,
        destinationFolder: join(dir.path, 'out-corrupt-2'),
        inputFileType: 'parquet',
        model: (t) => t,
      }),
    );
    expect(error.name).toBe('JobError');
    expect(runResultOf(error)!.files.failed).toBe(1);
  });

  it('a write that fails is a TaskError with a StorageError cause', async () => {
    const out = join(dir.path, 'out-blocked');
    // A folder where the output file would go: the destination is fine, that one write is not.
    await mkdir(join(out, 'a.csv'), { recursive: true });
    const error = await failure(client.localFileRun({ ...base(), destinationFolder: out, model: (t) => t }));
    const taskError = runResultOf(error)!.ledger[0]!.error!;
    expect(taskError.name).toBe('TaskError');
    expect((taskError.cause as Error).name).toMatch(/^Storage/);
  });

  it('maxFailedFiles does not make a run where every file failed finish: status failed, a JobError', async () => {
    const events: string[] = [];
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-all-failed'),
        model: () => {
          throw new Error('no file can be scored');
        },
        maxFailedFiles: 5,
        onProgress: (event) => event.type === 'run-finished' && events.push(event.result.status),
      }),
    );
    expect(error.name).toBe('JobError');
    expect(error.code).toBe('JOB_FAILED');
    expect(error.message).toMatch(/failed: every file failed \(3 of 3\), none succeeded; first: /);
    const result = runResultOf(error)!;
    expect(result.status).toBe('failed');
    expect(result.files).toMatchObject({ total: 3, succeeded: 0, failed: 3 });
    // Every file ran: the budget still let the run carry on past each failure.
    expect(result.ledger.map((row) => row.status)).toEqual(['failed', 'failed', 'failed']);
    expect(events).toEqual(['failed']);
  });

  it('a signal fired mid-run: an AbortError, and run-finished carries the cancelled result of the files so far', async () => {
    const controller = new AbortController();
    let finished: RunResult | undefined;
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-midabort'),
        signal: controller.signal,
        model: async (table, { file, signal }) => {
          if (file.endsWith('a.csv')) return table;
          controller.abort(new Error('the nightly window closed'));
          await new Promise((resolve) => signal.addEventListener('abort', resolve));
          signal.throwIfAborted();
          return table;
        },
        onProgress: (event) => {
          if (event.type === 'run-finished') finished = event.result;
        },
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(finished?.status).toBe('cancelled');
    expect(finished?.ledger.map((row) => row.status)).toEqual(['succeeded', 'cancelled', 'cancelled']);
    expect(finished?.files).toMatchObject({ total: 3, succeeded: 1, cancelled: 2 });
    // The stopped file says what stopped the run.
    expect(finished?.ledger[1]?.error?.message).toMatch(
      /^Task for \S+b\.csv was cancelled \(the nightly window closed\)$/,
    );
  });

  it('no matching file is an error naming the folder and the extension', async () => {
    const error = await failure(
      client.localFileRun({ ...base(), inputFileType: 'feather', destinationFolder: join(dir.path, 'x') }),
    );
    expect(error.code).toBe('JOB_NO_INPUT');
    expect(error.message).toContain('good');
    expect(error.message).toContain('.feather');
  });

  it('an initialize() that throws rejects the run with a PredictorError; run-finished still follows run-started', async () => {
    const events: string[] = [];
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-init'),
        model: {
          initialize: () => {
            throw new Error('no weights');
          },
          predict: (t) => t,
        },
        onProgress: (event) =>
          events.push(event.type === 'run-finished' ? `run-finished ${event.result.status}` : event.type),
      }),
    );
    expect(error.name).toBe('PredictorError');
    expect(error.message).toMatch(/initialize\(\) failed: no weights/);
    expect(events).toEqual(['run-started', 'run-finished failed']);
  });

  it('a signal aborted before the run: an AbortError and no events (nothing started, nothing to finish)', async () => {
    const events: string[] = [];
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-preabort'),
        signal: AbortSignal.abort(),
        model: (t) => t,
        onProgress: (event) => events.push(event.type),
      }),
    );
    expect(error.name).toBe('AbortError');
    expect(events).toEqual([]);
  });

  it('a source folder that does not exist is a StorageNotFoundError naming it', async () => {
    const error = await failure(
      client.localFileRun({
        ...base(),
        sourceFolder: join(dir.path, 'missing'),
        destinationFolder: join(dir.path, 'y'),
      }),
    );
    expect(error.name).toBe('StorageNotFoundError');
    expect(error.message).toContain('missing');
  });

  it('the job timeout bounds the whole run', async () => {
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-job-timeout'),
        jobTimeout: 0.4,
        model: model('slow-model.mjs'),
        parameters: { SLOW_MS: '300' },
      }),
    );
    expect(error.name).toBe('JobTimeoutError');
    const result = runResultOf(error)!;
    expect(result.status).toBe('timeout');
    expect(result.files.succeeded).toBeLessThan(3);
  });

  it("the caller's signal cancels the run", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-abort'),
        signal: controller.signal,
        model: (t, { signal }) => new Promise((r) => signal.addEventListener('abort', () => r(t))),
      }),
    );
    expect(error.name).toBe('AbortError');
  });

  it('a module that cannot be loaded rejects the run with a PredictorError naming it, before any file', async () => {
    for (const threads of [true, false]) {
      const out = join(dir.path, `out-nomodule-${threads}`);
      const error = await failure(
        client.localFileRun({ ...base(), destinationFolder: out, threads, model: '/nowhere/model.mjs' }),
      );
      expect(error.name).toBe('PredictorError');
      expect(error.message).toBe(
        'Could not load the model module file:///nowhere/model.mjs: the file does not exist',
      );
      expect(runResultOf(error)).toBeUndefined();
      expect(await filesIn(out).catch(() => [])).toEqual([]);
    }
  });

  it('a module model whose initialize() throws rejects the run with that PredictorError, in threads or not', async () => {
    for (const threads of [true, false]) {
      const out = join(dir.path, `out-initfail-${threads}`);
      const error = await failure(
        client.localFileRun({
          ...base(),
          executors: 2,
          destinationFolder: out,
          threads,
          model: model('slow-init-model.mjs'),
          parameters: { INIT_FAIL: 'no weights' },
        }),
      );
      expect(error.name).toBe('PredictorError');
      expect(error.message).toBe("The predictor's initialize() failed: init failed: no weights");
      expect(await filesIn(out).catch(() => [])).toEqual([]);
    }
  });

  it("a module model's start counts against the job timeout, not against its first files' task timeout", async () => {
    // initialize() takes 1.5 s, the task timeout is 1 s: as on the platform, loading the model is not a task.
    const result = await client.localFileRun({
      ...base(),
      executors: 2,
      destinationFolder: join(dir.path, 'out-slowinit'),
      taskTimeout: 1,
      model: model('slow-init-model.mjs'),
    });
    expect(result.status).toBe('finished');
    expect(result.ledger.map((row) => row.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(Math.max(...result.ledger.map((row) => row.durationMs))).toBeLessThan(1_000);
    // A job timeout shorter than the start ends the run.
    const error = await failure(
      client.localFileRun({
        ...base(),
        destinationFolder: join(dir.path, 'out-slowinit-job'),
        jobTimeout: 1,
        model: model('slow-init-model.mjs'),
        parameters: { INIT_MS: '3000' },
      }),
    );
    expect(error.name).toBe('JobTimeoutError');
    expect(runResultOf(error)!.status).toBe('timeout');
    // Stopped before any task: the files it had found are in the ledger, cancelled.
    expect(runResultOf(error)!.files).toMatchObject({ total: 3, cancelled: 3 });
    expect(runResultOf(error)!.ledger.map((row) => row.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
  });

  it('a model that ends its worker thread fails that file; the others still run', async () => {
    const result = await client.localFileRun({
      ...base(),
      destinationFolder: join(dir.path, 'out-exit'),
      model: model('exit-model.mjs'),
      maxFailedFiles: 1,
    });
    expect(result.ledger.map((r) => r.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect((result.ledger[1]!.error!.cause as Error).message).toMatch(/worker thread stopped: exit code 3/);
  });

  it('invalid options are one ConfigError naming every field', async () => {
    const error = await failure(
      client.localFileRun({
        modelId: '',
        sourceFolder: good,
        destinationFolder: 'x',
        inputFileType: 'xlsx',
        executors: 0,
        taskTimeout: -1,
      }),
    );
    expect(error.name).toBe('ConfigError');
    for (const field of ['modelId', 'inputFileType', 'executors', 'taskTimeout'])
      expect(error.message).toContain(field);
  });
});
