import { describe, expect, it } from 'vitest';
import {
  FormatError,
  MissingDependencyError,
  QwakBatchError,
  StorageNotFoundError,
  TaskTimeoutError,
} from '../../src/errors.js';
import { fromWireError, toWireError } from '../../src/runner/wire-error.js';

/** What the main thread gets for an error thrown in a worker: through structured cloning, as postMessage does. */
const acrossThreads = (error: unknown) => fromWireError(structuredClone(toWireError(error)));

describe('errors thrown in worker threads', () => {
  it('come back as the same class of the error tree, with their fields', () => {
    const missing = acrossThreads(new MissingDependencyError('parquet-wasm', 'Reading Parquet'));
    expect(missing).toBeInstanceOf(MissingDependencyError);
    expect(MissingDependencyError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({
      name: 'MissingDependencyError',
      code: 'MISSING_DEPENDENCY',
      packageName: 'parquet-wasm',
    });

    const notFound = acrossThreads(new StorageNotFoundError('read', 's3://b/in/a.csv', 'no such key'));
    expect(notFound).toBeInstanceOf(StorageNotFoundError);
    expect(notFound).toMatchObject({ uri: 's3://b/in/a.csv', operation: 'read', code: 'STORAGE_NOT_FOUND' });
    expect(notFound.message).toBe('Storage read failed for s3://b/in/a.csv: no such key');

    const timeout = acrossThreads(new TaskTimeoutError('file:///in/a.csv', 5));
    expect(timeout).toBeInstanceOf(TaskTimeoutError);
    expect(timeout).toMatchObject({ file: 'file:///in/a.csv', timeoutSeconds: 5, code: 'TASK_TIMEOUT' });
  });

  it('keep format locations, causes and the worker stack', () => {
    const original = new FormatError(
      'csv',
      'ragged row',
      { file: 'a.csv', row: 7, column: 3 },
      { cause: new RangeError('x') },
    );
    const back = acrossThreads(original);
    expect(back).toBeInstanceOf(FormatError);
    expect(back).toMatchObject({
      format: 'csv',
      file: 'a.csv',
      row: 7,
      column: 3,
      message: original.message,
    });
    expect(back.stack).toBe(original.stack);
    expect((back.cause as Error).name).toBe('RangeError');
    expect(back.cause).not.toBeInstanceOf(QwakBatchError);
  });

  it('leave the model’s own errors as plain errors with their name', () => {
    class ModelError extends Error {
      override name = 'ModelError';
    }
    const back = acrossThreads(new ModelError('bad weights'));
    expect(back).not.toBeInstanceOf(QwakBatchError);
    expect(back).toMatchObject({ name: 'ModelError', message: 'bad weights' });
    expect(acrossThreads('a string').message).toBe('a string');
  });
});
