import type { Table } from 'apache-arrow';
import type { RecordBatch as WasmRecordBatch, WriterProperties } from 'parquet-wasm/esm';
import { tableForIpc, tableToIpc } from '../feather/ipc-table.js';
import { sliceTable } from '../feather/record-batch-of.js';
import { readFooterCounts } from './count-row-groups.js';
import type { ParquetWasm } from './load-parquet-wasm.js';

/** Rows per record batch handed to the writer (and per IPC copy into WebAssembly memory). */
export const WRITE_BATCH_ROWS = 32768;
/**
 * Longest time the streaming writer may go without asking for a batch or giving output before it is taken
 * for hung (it never settles on a writer error) and the table is written with `writeParquet` instead. Each
 * step takes about a millisecond; the last one, which flushes a row group, up to about a second for 1M rows.
 */
const STALL_MS = 10_000;

/**
 * Writes a table as Parquet, handing it to the writer a slice at a time. WebAssembly memory never shrinks, so
 * its high-water mark is what a thread keeps for good: `writeParquet` needs the whole table in WebAssembly
 * memory plus its IPC copy (about twice the table: 39 MB on the runner's 250k-row files), the streaming writer
 * one slice, its IPC copy and the encoded row group (31 MB after a 250k-row decode and encode), for 5–10 %
 * more time. 32,768-row slices: 16,384 kept 22.5 MB but wrote 1M rows at 59-65 MB/s instead of 63-66.
 *
 * The streaming writer is trusted only as far as it can be checked: parquet-wasm 0.8's
 * `transformParquetStream` never settles on a writer error, and ends early without one when its input
 * fails. So one row is first written with `writeParquet` (an unsupported type fails there, with the
 * writer's message), a stalled stream is given up after `stallMs` (default {@link STALL_MS}), the footer
 * must count every row, and on any doubt the table is written again with `writeParquet`, which reports the
 * real error. `props` is called once per attempt (the writer consumes what it gets).
 *
 * Tables and slices go over as IPC through tableToIpc, which gives arrow-rs known null counts (a sliced `Null`
 * column otherwise says -1, which arrow-rs rejects) and keeps columns that share a name.
 */
export async function writeBatches(
  pw: ParquetWasm,
  input: Table,
  props: () => WriterProperties,
  stallMs: number = STALL_MS,
): Promise<Uint8Array> {
  const table = tableForIpc(input);
  // A stream without batches has no schema for the writer.
  if (table.numRows === 0) return writeWhole(pw, table, props());
  writeWhole(pw, sliceTable(table, 0, 1), props());
  let streamed: Uint8Array | undefined;
  try {
    streamed = await writeStream(pw, table, props(), stallMs);
  } catch {
    streamed = undefined; // written again below, where the error, if any, is the writer's own
  }
  if (streamed && readFooterCounts(streamed)?.rows === table.numRows) return streamed;
  return writeWhole(pw, table, props());
}

function writeWhole(pw: ParquetWasm, table: Table, props: WriterProperties): Uint8Array {
  return pw.writeParquet(pw.Table.fromIPCStream(tableToIpc(table)), props);
}

async function writeStream(
  pw: ParquetWasm,
  table: Table,
  props: WriterProperties,
  stallMs: number,
): Promise<Uint8Array> {
  let offset = 0;
  let pending: WasmRecordBatch[] = [];
  let stalled: () => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = new Promise<never>((_, reject) => {
    stalled = () => reject(new Error(`the streaming writer made no progress for ${stallMs} ms`));
  });
  const progress = () => {
    clearTimeout(timer);
    timer = setTimeout(stalled, stallMs);
  };
  const input = new ReadableStream<WasmRecordBatch>({
    pull(controller) {
      progress();
      if (pending.length === 0) {
        if (offset >= table.numRows) {
          controller.close();
          return;
        }
        const slice = sliceTable(table, offset, offset + WRITE_BATCH_ROWS);
        offset += WRITE_BATCH_ROWS;
        const part = pw.Table.fromIPCStream(tableToIpc(slice));
        try {
          pending = part.recordBatches();
        } finally {
          part.free();
        }
      }
      const next = pending.shift();
      if (next) controller.enqueue(next);
    },
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    progress();
    const output: ReadableStream<Uint8Array> = await Promise.race([
      pw.transformParquetStream(input, props),
      stall,
    ]);
    const reader = output.getReader();
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), stall]);
      if (done) break;
      progress();
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
