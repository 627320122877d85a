import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createParquetCodec } from '../../src/formats/index.js';
import { loadParquetWasm, type ParquetWasm } from '../../src/formats/parquet/load-parquet-wasm.js';
import { WRITE_BATCH_ROWS, writeBatches } from '../../src/formats/parquet/write-batches.js';

// parquet-wasm 0.8's streaming writer can hang without settling (see write-batches.ts). These tests drive the
// real parquet-wasm, with only its `transformParquetStream` replaced by one that hangs the way it does, and a
// short stall bound: the write must give up on the stream and still return the whole table, never hang.
const STALL = 150;
const rows = WRITE_BATCH_ROWS * 2 + 17;
const table = tableFromArrays({
  id: Int32Array.from({ length: rows }, (_, i) => i),
  x: Float64Array.from({ length: rows }, (_, i) => i / 8),
});

/** `pw` with another `transformParquetStream`, counting the whole-table writes (`writeParquet`) made. */
function withStream(
  pw: ParquetWasm,
  transform: ParquetWasm['transformParquetStream'],
): ParquetWasm & { wholeWrites: number } {
  const fake = {
    ...pw,
    transformParquetStream: transform,
    wholeWrites: 0,
    writeParquet: (...args: Parameters<ParquetWasm['writeParquet']>) => {
      fake.wholeWrites++;
      return pw.writeParquet(...args);
    },
  };
  return fake;
}

async function expectWholeTable(bytes: Uint8Array): Promise<void> {
  const back = await createParquetCodec().decode(bytes);
  expect(back.numRows).toBe(rows);
  const ids = back.getChild('id')!.toArray() as Int32Array;
  expect(ids.every((v, i) => v === i)).toBe(true);
  expect(back.getChild('x')!.get(rows - 1)).toBe((rows - 1) / 8);
}

describe('Parquet streaming writer stall guard', () => {
  it('gives up on a stream that never starts and writes the table whole', async () => {
    const pw = await loadParquetWasm();
    let calls = 0;
    const hung = withStream(pw, () => {
      calls++;
      return new Promise(() => {});
    });
    const started = performance.now();
    const bytes = await writeBatches(hung, table, () => new pw.WriterPropertiesBuilder().build(), STALL);
    const elapsed = performance.now() - started;
    expect(calls).toBe(1);
    expect(hung.wholeWrites).toBe(2); // the one-row probe, then the whole table
    expect(elapsed).toBeGreaterThanOrEqual(STALL - 5);
    expect(elapsed).toBeLessThan(STALL + 5_000);
    await expectWholeTable(bytes);
  });

  it('gives up on a stream that stops halfway and writes the table whole, not the part it got', async () => {
    const pw = await loadParquetWasm();
    // The real stream's first chunk, then nothing: a writer that hangs after some output.
    const stopsHalfway = withStream(pw, async (input, props) => {
      const real = (await pw.transformParquetStream(input, props)).getReader();
      let sent = false;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent) return new Promise<void>(() => {});
          const { value } = await real.read();
          sent = true;
          controller.enqueue(value!);
        },
      });
    });
    const started = performance.now();
    const bytes = await writeBatches(
      stopsHalfway,
      table,
      () => new pw.WriterPropertiesBuilder().build(),
      STALL,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(STALL - 5);
    expect(stopsHalfway.wholeWrites).toBe(2);
    await expectWholeTable(bytes);
  });

  it('leaves a stream that keeps going alone, however long the whole write takes', async () => {
    const pw = await loadParquetWasm();
    // Each batch waits a little less than the bound: slow, but never stalled, so the stream's output is kept.
    let pulls = 0;
    const slow = withStream(pw, async (input, props) => {
      const reader = input.getReader();
      const paced = new ReadableStream({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, STALL / 2));
          const { done, value } = await reader.read();
          pulls++;
          if (done) controller.close();
          else controller.enqueue(value);
        },
      });
      return pw.transformParquetStream(paced, props);
    });
    const bytes = await writeBatches(slow, table, () => new pw.WriterPropertiesBuilder().build(), STALL);
    expect(pulls).toBeGreaterThan(3);
    expect(slow.wholeWrites).toBe(1); // the one-row probe only: the stream's output was kept
    await expectWholeTable(bytes);
  });
});
