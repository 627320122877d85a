import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BatchInferenceClient, type ProgressEvent, runResultOf } from 'qwak-batch/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCodec } from '../../src/formats/registry.js';
import { filesIn, readOutput, sampleRows, tempDir, writeInput } from './fixtures.js';

const client = new BatchInferenceClient();

describe('localFileRun features', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let input: string;
  beforeAll(async () => {
    dir = await tempDir();
    input = join(dir.path, 'in');
    await mkdir(input);
    await writeInput(join(input, 'b.csv'), 'csv', sampleRows(10, 10));
    await writeInput(join(input, 'a.csv'), 'csv', sampleRows(20));
    await writeInput(join(input, 'c.CSV'), 'csv', sampleRows(3, 50));
    await writeFile(join(input, 'notes.txt'), 'not an input');
    await mkdir(join(input, 'nested'));
    await writeInput(join(input, 'nested', 'z.csv'), 'csv', sampleRows(2));
  });
  afterAll(() => dir.cleanup());

  it('runs one task per file of the input type, in sorted order, and reports progress', async () => {
    const events: ProgressEvent[] = [];
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: `file://${input}`,
      destinationFolder: `file://${join(dir.path, 'out', 'deeper')}`,
      inputFileType: 'csv',
      outputFileType: 'feather',
      model: (t) => t,
      executors: 1,
      onProgress: (e) => {
        events.push(e);
        throw new Error('a listener bug must not fail the run');
      },
    });
    expect(result.executionId).toMatch(/^local-[0-9a-f-]{36}$/);
    expect(result.ledger.map((r) => r.source.slice(r.source.lastIndexOf('/') + 1))).toEqual([
      'a.csv',
      'b.csv',
      'c.CSV',
    ]);
    expect(await filesIn(join(dir.path, 'out', 'deeper'))).toEqual(['a.feather', 'b.feather', 'c.feather']);
    expect(result.rowsIn).toBe(33);
    // A task's output may still be flushing to disk when the next task starts (executors: 1 computes one file at
    // a time, and at most one more waits for the disk), so starts and ends may interleave, each file in order.
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run-started');
    expect(types.at(-1)).toBe('run-finished');
    const sourceOf = (e: ProgressEvent) =>
      e.type === 'task-started' ? e.source : e.type === 'task-finished' ? e.row.source : undefined;
    const started = events.filter((e) => e.type === 'task-started').map(sourceOf);
    const finished = events.filter((e) => e.type === 'task-finished').map(sourceOf);
    expect(started).toEqual(result.ledger.map((r) => r.source));
    // Ends come in the order the disk finishes the writes, which with one write in flight beside the next
    // compute need not be the ledger's (sorted) order.
    expect([...finished].sort()).toEqual(result.ledger.map((r) => r.source));
    for (const source of started) {
      expect(events.findIndex((e) => sourceOf(e) === source && e.type === 'task-started')).toBeLessThan(
        events.findIndex((e) => sourceOf(e) === source && e.type === 'task-finished'),
      );
    }
    const ends = events.filter((e) => e.type === 'task-finished');
    expect(ends).toHaveLength(3);
    const last = ends[2] as Extract<ProgressEvent, { type: 'task-finished' }>;
    expect(last.progress).toMatchObject({ done: 3, total: 3, failed: 0, etaSeconds: 0 });
    expect(last.progress.rowsPerSecond).toBeGreaterThan(0);
    const middle = ends[0] as Extract<ProgressEvent, { type: 'task-finished' }>;
    expect(middle.progress.done).toBe(1);
    expect(middle.progress.etaSeconds).toBeGreaterThan(0);
  });

  it('overwrites same-named outputs and never touches the sources', async () => {
    const out = join(dir.path, 'out-overwrite');
    await mkdir(out);
    await writeFile(join(out, 'a.parquet'), 'stale');
    const before = await stat(join(input, 'a.csv'));
    await client.localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: out,
      inputFileType: 'csv',
      outputFileType: 'parquet',
      model: (t) => t,
    });
    expect(await readOutput(join(out, 'a.parquet'), 'parquet')).toHaveLength(20);
    const after = await stat(join(input, 'a.csv'));
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(await filesIn(input)).toEqual(['a.csv', 'b.csv', 'c.CSV', 'nested', 'notes.txt']);
  });

  it('refuses a run whose outputs would overwrite its inputs', async () => {
    const error = await client
      .localFileRun({
        modelId: 'm',
        sourceFolder: input,
        destinationFolder: input,
        inputFileType: 'csv',
        model: (t) => t,
      })
      .catch((e: Error) => e);
    expect((error as Error).name).toBe('UsageError');
    expect((error as Error).message).toMatch(/would overwrite the input/);
  });

  it('resume: true skips files whose output exists', async () => {
    const out = join(dir.path, 'out-resume');
    await mkdir(out);
    await writeFile(join(out, 'b.csv'), 'id\n1\n');
    const seen: string[] = [];
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: out,
      inputFileType: 'csv',
      resume: true,
      model: (t, ctx) => {
        seen.push(ctx.file.slice(ctx.file.lastIndexOf('/') + 1));
        return t;
      },
    });
    expect(seen.sort()).toEqual(['a.csv', 'c.CSV']);
    expect(result.ledger.map((r) => r.status)).toEqual(['succeeded', 'skipped', 'succeeded']);
    expect(result.files).toMatchObject({ succeeded: 2, skipped: 1 });
  });

  it('dryRun lists files and bytes, checks headers, writes nothing', async () => {
    const out = join(dir.path, 'out-dry');
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: out,
      inputFileType: 'csv',
      dryRun: true,
      model: () => {
        throw new Error('a dry run never predicts');
      },
    });
    expect(result.dryRun).toBe(true);
    expect(result.ledger.map((r) => r.status)).toEqual(['planned', 'planned', 'planned']);
    expect(result.ledger[0]!.columns).toEqual(['id', 'name', 'amount']);
    expect(result.ledger[0]!.bytesIn).toBe((await stat(join(input, 'a.csv'))).size);
    await expect(stat(out)).rejects.toThrow();
  });

  it('dryRun with resume shows the files whose output exists as skipped, as the run would', async () => {
    const out = join(dir.path, 'out-dry-resume');
    await mkdir(out);
    await writeFile(join(out, 'b.csv'), 'id\n1\n');
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: out,
      inputFileType: 'csv',
      dryRun: true,
      resume: true,
    });
    expect(result.ledger.map((r) => r.status)).toEqual(['planned', 'skipped', 'planned']);
    expect(result.ledger[1]!.bytesOut).toBe(5);
    // Into a folder that does not exist yet: everything planned, nothing created.
    const fresh = join(dir.path, 'out-dry-resume-new');
    const again = await client.localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: fresh,
      inputFileType: 'csv',
      dryRun: true,
      resume: true,
    });
    expect(again.ledger.map((r) => r.status)).toEqual(['planned', 'planned', 'planned']);
    await expect(stat(fresh)).rejects.toThrow();
  });

  it('a column named "" keeps its name through the worker threads, into every output format', async () => {
    for (const type of ['csv', 'parquet', 'feather'] as const) {
      const out = join(dir.path, `out-empty-name-${type}`);
      await client.localFileRun({
        modelId: 'm',
        sourceFolder: input,
        destinationFolder: out,
        inputFileType: 'csv',
        outputFileType: type,
        model: (t) => t.toArray().map((row) => ({ '': Number(row.id), 'x,y': 1 })),
      });
      if (type === 'csv') {
        // Our CSV reader names an empty header `column0`: the header line itself shows what was written.
        expect((await readFile(join(out, 'a.csv'), 'utf8')).split('\n')[0]).toBe('"","x,y"');
      } else {
        // Read with our codec: DuckDB names an empty column `C0`.
        const table = await getCodec(type).decode(new Uint8Array(await readFile(join(out, `a.${type}`))));
        expect(table.schema.fields.map((f) => f.name)).toEqual(['', 'x,y']);
      }
    }
  });

  it('dryRun gives the row count of Parquet inputs from their footers', async () => {
    const folder = join(dir.path, 'dry-parquet');
    await mkdir(folder);
    await writeInput(join(folder, 'a.parquet'), 'parquet', sampleRows(7));
    await writeInput(join(folder, 'b.parquet'), 'parquet', sampleRows(12));
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: folder,
      destinationFolder: join(dir.path, 'out-dry-parquet'),
      inputFileType: 'parquet',
      dryRun: true,
      model: (t) => t,
    });
    expect(result.ledger.map((r) => [r.status, r.rowsIn])).toEqual([
      ['planned', 7],
      ['planned', 12],
    ]);
    expect(result.ledger[0]!.columns).toEqual(['id', 'name', 'amount']);
  });

  it('dryRun fails on a file whose footer does not parse', async () => {
    const bad = join(dir.path, 'bad-parquet');
    await mkdir(bad);
    await writeInput(join(bad, 'a.parquet'), 'parquet', sampleRows(4));
    await writeFile(join(bad, 'b.parquet'), 'PAR1 not really PAR1');
    const error = await client
      .localFileRun({
        modelId: 'm',
        sourceFolder: bad,
        destinationFolder: join(dir.path, 'x'),
        inputFileType: 'parquet',
        dryRun: true,
      })
      .catch((e: Error) => e);
    const result = runResultOf(error)!;
    expect(result.ledger[0]).toMatchObject({ status: 'planned', columns: ['id', 'name', 'amount'] });
    expect(result.ledger[1]!.status).toBe('failed');
    expect((result.ledger[1]!.error!.cause as Error).message).toContain('b.parquet');
  });

  it('accepts an ExecutionConfig-shaped object: pods, fileTimeout, parameters, folders', async () => {
    const out = join(dir.path, 'out-config');
    const contexts: Record<string, string>[] = [];
    const result = await client.localFileRun(
      {
        execution: {
          modelId: 'cfg-model',
          buildId: 'b-1',
          sourceFolder: `file://${input}`,
          destinationFolder: `file://${out}`,
          inputFileType: 'csv',
          outputFileType: 'parquet',
          fileTimeout: 30,
          jobTimeout: 0,
          parameters: { A: '1' },
        },
        resources: { pods: 2 },
      },
      {
        model: (t, ctx) => {
          contexts.push({ model: ctx.modelId, build: ctx.buildId ?? '', a: ctx.parameters.A ?? '' });
          return t;
        },
      },
    );
    expect(result.status).toBe('finished');
    expect(result.outputFileType).toBe('parquet');
    expect(contexts[0]).toEqual({ model: 'cfg-model', build: 'b-1', a: '1' });
  });

  it('threads: false runs a module predictor and the codecs on the calling thread', async () => {
    const out = join(dir.path, 'out-inline');
    const result = await client.localFileRun({
      modelId: 'm',
      sourceFolder: input,
      destinationFolder: out,
      inputFileType: 'csv',
      outputFileType: 'feather',
      threads: false,
      model: new URL('./models/rows-model.mjs', import.meta.url).pathname,
      parameters: { PREFIX: 'in-' },
    });
    expect(result.files.succeeded).toBe(3);
    expect((await readOutput(join(out, 'c.feather'), 'feather'))[2]).toEqual({ id: 52, label: 'in-name-52' });
    expect(runResultOf(new Error('not a run'))).toBeUndefined();
  });

  it('without a model, calls the deployed real-time endpoint (pandas split JSON, bearer token)', async () => {
    const requests: { url: string; auth: string; body: { columns: string[]; data: unknown[][] } }[] = [];
    const server = createServer(async (req: IncomingMessage, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text) as { columns: string[]; data: unknown[][] };
      requests.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
      const id = body.columns.indexOf('id');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(body.data.map((row) => ({ id: row[id], prediction: Number(row[id]) % 2 === 0 }))),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const out = join(dir.path, 'out-endpoint');
      const result = await client.localFileRun({
        modelId: 'deployed-model',
        sourceFolder: input,
        destinationFolder: out,
        inputFileType: 'csv',
        endpoint: { baseUrl: `http://127.0.0.1:${port}`, token: 'test-token' },
      });
      expect(result.status).toBe('finished');
      expect(requests).toHaveLength(3);
      expect(requests[0]!.url).toBe('/v1/deployed-model/predict');
      expect(requests[0]!.auth).toBe('Bearer test-token');
      expect(requests[0]!.body.columns).toEqual(['id', 'name', 'amount']);
      const rows = await readOutput(join(out, 'b.csv'), 'csv');
      expect(rows[0]).toEqual({ id: 10, prediction: true });
    } finally {
      server.close();
    }
  });
});

describe('1,000 small files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir.path, 'in'));
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        writeFile(
          join(dir.path, 'in', `f-${String(i).padStart(4, '0')}.csv`),
          `id,name\n${i},n${i}\n${i + 1},x\n`,
        ),
      ),
    );
  });
  afterAll(() => dir.cleanup());

  it('runs them all in seconds, each output correct', async () => {
    const started = Date.now();
    const result = await client
      .localFileRun({
        modelId: 'm',
        sourceFolder: join(dir.path, 'in'),
        destinationFolder: join(dir.path, 'out'),
        inputFileType: 'csv',
        outputFileType: 'parquet',
        model: new URL('./models/add-total.mjs', import.meta.url).href.replace('add-total', 'rows-model'),
        parameters: { PREFIX: 'p' },
      })
      .catch((e) => {
        throw e;
      });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.files).toMatchObject({ total: 1000, succeeded: 1000 });
    expect(result.rowsOut).toBe(2000);
    const names = await filesIn(join(dir.path, 'out'));
    expect(names).toHaveLength(1000);
    expect(names.every((n) => /^f-\d{4}\.parquet$/.test(n))).toBe(true);
    expect(await readOutput(join(dir.path, 'out', 'f-0777.parquet'), 'parquet')).toEqual([
      { id: 777, label: 'pn777' },
      { id: 778, label: 'px' },
    ]);
  });
});
