import { MessageChannel } from 'node:worker_threads';
import {
  Dictionary,
  Int32,
  makeData,
  makeVector,
  Table,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  Utf8,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ExecutionConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/errors.js';
import { loadPredictor } from '../../src/predictors/load-predictor.js';
import { rowsToTable } from '../../src/predictors/rows-to-table.js';
import { predictorOutputToTable } from '../../src/predictors/to-table.js';
import { normalizeOptions, optionsFromConfig } from '../../src/runner/normalize-options.js';
import { outputKeyFor } from '../../src/runner/plan.js';
import { ProgressTracker } from '../../src/runner/progress.js';
import { releaseBuffers } from '../../src/runner/release-buffers.js';
import { tableUsesBuffer } from '../../src/runner/table-buffers.js';
import { transferable } from '../../src/runner/transfer.js';

describe('outputKeyFor', () => {
  it('keeps folder and base name, swaps the extension', () => {
    expect(outputKeyFor('a.csv', 'parquet')).toBe('a.parquet');
    expect(outputKeyFor('x/2024.01.data.PQ', 'feather')).toBe('x/2024.01.data.feather');
    expect(outputKeyFor('.hidden', 'csv')).toBe('.hidden.csv');
    expect(outputKeyFor('dir.v2/noext', 'csv')).toBe('dir.v2/noext.csv');
  });
});

describe('rowsToTable and predictor answers', () => {
  it('builds typed columns, nulls for missing keys, integers as int64', () => {
    const t = rowsToTable(
      [
        { id: 1, score: 0.5, name: 'a', ok: true, at: new Date(0) },
        { id: 2, score: 2, extra: 7n },
      ],
      'f.csv',
    );
    expect(t.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'id:Int64',
      'score:Float64',
      'name:Utf8',
      'ok:Bool',
      'at:Timestamp<MILLISECOND, UTC>',
      'extra:Int64',
    ]);
    expect(t.getChild('name')!.toArray()).toEqual(['a', null]);
    expect(t.getChild('extra')!.get(1)).toBe(7n);
  });

  it('keeps the sign of -0 (float64), and counts the nulls of an all-null column', () => {
    const t = rowsToTable([{ z: 1 }, { z: -0, n: null }, { n: undefined }], 'f.csv');
    expect(String(t.getChild('z')!.type)).toBe('Float64');
    expect(Object.is(t.getChild('z')!.get(1), -0)).toBe(true);
    expect(String(t.getChild('n')!.type)).toBe('Null');
    expect(t.getChild('n')!.data[0]!.nullCount).toBe(3);
  });

  it('names the file, column and row of a mixed-type column', () => {
    expect(() => rowsToTable([{ a: 1 }, { a: 'x' }], 'file:///d/f.csv')).toThrow(
      /f\.csv: column "a" mixes types \(number and string at row 2\)/,
    );
    expect(() => rowsToTable([{ a: 1 }, null], 'f.csv')).toThrow(/row 2 is null, not an object/);
    expect(() => rowsToTable([{ a: [1] }], 'f.csv')).toThrow(/holds an array/);
  });

  it('passes tables through, refuses other shapes', () => {
    const table = new Table({});
    expect(predictorOutputToTable(table, 'f')).toBe(table);
    expect(() => predictorOutputToTable('nope', 'f.csv')).toThrow(/wrong shape for f\.csv: a string/);
    expect(() => predictorOutputToTable(undefined, 'f.csv')).toThrow(/wrong shape for f\.csv: undefined;/);
    expect(() => predictorOutputToTable({ rows: [] }, 'f.csv')).toThrow(/wrong shape for f\.csv: an object;/);
  });
});

describe('loadPredictor', () => {
  it('accepts a function, an object, and modules exporting predict or a default', async () => {
    const fn = await loadPredictor((t) => t);
    expect(fn.origin).toBe('function');
    let inits = 0;
    const obj = await loadPredictor({ initialize: () => void inits++, predict: (t) => t });
    await obj.initialize({
      modelId: 'm',
      buildId: undefined,
      parameters: {},
      signal: new AbortController().signal,
    });
    expect(inits).toBe(1);
    const named = await loadPredictor(new URL('./models/add-total.mjs', import.meta.url).pathname);
    expect(named.origin).toMatch(/^file:.*add-total\.mjs$/);
    const byDefault = await loadPredictor(new URL('./models/rows-model.mjs', import.meta.url).href);
    expect(typeof byDefault.predict).toBe('function');
  });

  it('names the module when it cannot be loaded or exports no predictor', async () => {
    await expect(loadPredictor('/nonexistent/model.mjs')).rejects.toThrow(
      /Could not load the model module .*model\.mjs/,
    );
    await expect(loadPredictor(new URL('./fixtures.ts', import.meta.url).href)).rejects.toThrow(
      /exports no predictor/,
    );
    await expect(loadPredictor({} as never)).rejects.toThrow(/predict\(table, context\)/);
  });
});

describe('options', () => {
  it('refuses an unknown option with the nearest name, with the config form too', () => {
    const base = { modelId: 'm', sourceFolder: 'in', destinationFolder: 'out', inputFileType: 'csv' };
    const typo = { ...base, modle: './model.mjs', bogus: 1 } as unknown as Parameters<
      typeof normalizeOptions
    >[0];
    const error = (() => {
      try {
        normalizeOptions(typo);
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.issues).toEqual([
      { path: 'modle', message: 'is not a local run option: did you mean "model"?' },
      { path: 'bogus', message: 'is not a local run option' },
    ]);
    const config = new ExecutionConfig({
      execution: { modelId: 'm', bucket: 'b', sourceFolder: 'in', destinationFolder: 'out' },
    });
    const extras = { resum: true } as unknown as Parameters<typeof optionsFromConfig>[1];
    expect(() => normalizeOptions(optionsFromConfig(config, extras))).toThrow(
      /resum: is not a local run option: did you mean "resume"\?/,
    );
    expect(() => normalizeOptions(base)).not.toThrow();
    const output = { ...base, modelOutput: 'file' } as unknown as Parameters<typeof normalizeOptions>[0];
    expect(() => normalizeOptions(output)).toThrow(/modelOutput: must be 'stdout' or 'stderr'; got "file"/);
    expect(normalizeOptions(base).modelOutput).toBe('stdout');
  });

  it('maps an ExecutionConfig: pods, fileTimeout, bucket + folder, secrets, IAM role', () => {
    const config = new ExecutionConfig({
      execution: {
        modelId: 'churn',
        bucket: 'shared',
        destinationBucket: 'results',
        sourceFolder: 'batch/in',
        destinationFolder: 'batch/out',
        inputFileType: 'parquet',
        fileTimeout: 90,
        jobTimeout: 600,
        accessTokenName: 'tok',
        accessSecretName: 'sec',
        parameters: { A: '1' },
        advancedOptions: { iamRoleArn: 'arn:aws:iam::123456789012:role/x' },
      },
      resources: { pods: 3, instance: 'small' },
    });
    const run = normalizeOptions(optionsFromConfig(config, { model: (t) => t }));
    expect(run).toMatchObject({
      modelId: 'churn',
      sourceFolder: 's3://shared/batch/in',
      destinationFolder: 's3://results/batch/out',
      inputFileType: 'parquet',
      // The config's own default, as on the platform (the seed: output file type defaults to CSV).
      outputFileType: 'csv',
      executors: 3,
      taskTimeout: 90,
      jobTimeout: 600,
      instance: 'small',
      parameters: { A: '1' },
    });
    expect(run.storage.s3).toMatchObject({
      accessTokenName: 'tok',
      accessSecretName: 'sec',
      iamRoleArn: 'arn:aws:iam::123456789012:role/x',
    });
  });

  it('keeps folder URIs, uses gs:// with a service-account secret, turns paths into file URLs', () => {
    const opts = optionsFromConfig({
      execution: {
        modelId: 'm',
        bucket: 'b',
        sourceFolder: 'file:///data/in',
        destinationFolder: 'out',
        serviceAccountKeySecretName: 'key',
      },
    });
    expect(opts.sourceFolder).toBe('file:///data/in');
    expect(opts.destinationFolder).toBe('gs://b/out');
    const run = normalizeOptions({
      modelId: 'm',
      sourceFolder: 'rel/in',
      destinationFolder: '/abs/out',
      inputFileType: 'CSV',
    });
    expect(run.sourceFolder).toBe(`file://${process.cwd()}/rel/in`);
    expect(run.destinationFolder).toBe('file:///abs/out');
    expect(run.inputFileType).toBe('csv');
    expect(run.executors).toBeGreaterThanOrEqual(1);
  });

  it('lists every problem in one ConfigError', () => {
    expect(() =>
      normalizeOptions({
        modelId: ' ',
        sourceFolder: '',
        destinationFolder: 'x',
        inputFileType: undefined as never,
        jobTimeout: Number.NaN,
        maxFailedFiles: -1,
        parameters: { N: 1 as never },
      }),
    ).toThrow(
      /6 problems[\s\S]*modelId[\s\S]*sourceFolder[\s\S]*inputFileType[\s\S]*jobTimeout[\s\S]*maxFailedFiles[\s\S]*parameters\.N/,
    );
  });
});

describe('transfer and progress', () => {
  it('copies chunks that share their buffer, moves those that own it', () => {
    const whole = new Uint8Array([1, 2, 3]);
    const view = new Uint8Array(new ArrayBuffer(10), 2, 3);
    const { chunks, transfer } = transferable([whole, view]);
    expect(chunks[0]).toBe(whole);
    expect(chunks[1]).not.toBe(view);
    expect(transfer).toEqual([whole.buffer, chunks[1]!.buffer]);
  });

  it('copies a pooled Node Buffer into memory of its own, so posting it leaves the pool alone', () => {
    // Buffer.from of a short string is a view into Node's shared pool (marked untransferable on Node >= 22).
    const pooled = Buffer.from('a,b\n1,2\n');
    const neighbour = Buffer.from('next');
    expect(pooled.buffer).toBe(neighbour.buffer);
    const { chunks, transfer } = transferable([pooled]);
    expect(chunks[0]!.buffer).not.toBe(pooled.buffer);
    expect(chunks[0]!.byteLength).toBe(pooled.byteLength);
    expect(Buffer.from(chunks[0]!).toString()).toBe('a,b\n1,2\n');
    const { port1, port2 } = new MessageChannel();
    try {
      expect(() => port1.postMessage(chunks, transfer)).not.toThrow();
    } finally {
      port1.close();
      port2.close();
    }
    // The pool was not detached: the Buffers around the chunk still read their bytes.
    expect(pooled.toString()).toBe('a,b\n1,2\n');
    expect(neighbour.toString()).toBe('next');
    expect(Buffer.from('later').toString()).toBe('later');
  });

  it('estimates ETA from the input bytes left', () => {
    const p = new ProgressTracker(2, 300);
    expect(p.snapshot().etaSeconds).toBeUndefined();
    const row = {
      source: 's',
      destination: 'd',
      rowsOut: 1,
      bytesOut: 1,
      durationMs: 1,
      error: undefined,
    } as const;
    p.record({ ...row, status: 'succeeded', rowsIn: 10, bytesIn: 100 });
    const snap = p.snapshot();
    expect(snap).toMatchObject({ done: 1, total: 2, failed: 0 });
    expect(snap.etaSeconds).toBeGreaterThan(0);
  });
});

describe('releaseBuffers', () => {
  it('detaches whole buffers the runner owns, and their memory goes at once', async () => {
    const whole = new Uint8Array(8 << 20).fill(1);
    const before = process.memoryUsage().arrayBuffers;
    releaseBuffers([whole, undefined]);
    expect(whole.byteLength).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Without a garbage collection in between: the 8 MB are gone (allowing for unrelated small buffers).
    expect(before - process.memoryUsage().arrayBuffers).toBeGreaterThan(6 << 20);
  });

  it('leaves views of part of a buffer (a pooled Buffer) and detached buffers alone', () => {
    const pooled = Buffer.from('abc');
    const part = new Uint8Array(new ArrayBuffer(16), 4, 8);
    releaseBuffers([pooled, part]);
    expect(pooled.toString()).toBe('abc');
    expect(part.byteLength).toBe(8);
    const gone = new Uint8Array(8);
    releaseBuffers([gone]);
    expect(gone.byteLength).toBe(0);
    expect(() => releaseBuffers([gone])).not.toThrow();
  });
});

describe('tableUsesBuffer', () => {
  it('sees a table made of views of the bytes (Feather), and one that owns its buffers', () => {
    const bytes = tableToIPC(tableFromArrays({ a: [1, 2, 3], s: ['x', 'y', 'z'] }), 'stream');
    const viewing = tableFromIPC(bytes);
    expect(tableUsesBuffer(viewing, bytes.buffer)).toBe(true);
    const owning = tableFromArrays({ a: Float64Array.from([1, 2, 3]) });
    expect(tableUsesBuffer(owning, bytes.buffer)).toBe(false);
  });

  it('looks into dictionaries', () => {
    const dictBytes = tableToIPC(tableFromArrays({ s: ['a', 'b'] }), 'stream');
    const strings = tableFromIPC(dictBytes).getChild('s')!;
    const type = new Dictionary(new Utf8(), new Int32());
    // Indices of its own, dictionary made of views of the bytes.
    const data = makeData({ type, length: 3, data: Int32Array.from([0, 1, 0]), dictionary: strings });
    const table = new Table({ d: makeVector(data) });
    expect(tableUsesBuffer(table, dictBytes.buffer)).toBe(true);
    expect(tableUsesBuffer(table, new ArrayBuffer(8))).toBe(false);
  });
});
