import { CompressionType, type RecordBatch, RecordBatchReader, Table } from 'apache-arrow';
import { FormatError, UsageError } from '../../errors.js';
import { FILE_EXTENSIONS } from '../file-types.js';
import { readInput, throwIfAborted } from '../read-input.js';
import type { ByteInput, Codec, DecodeOptions, EncodeOptions, FileSummary } from '../types.js';
import { checkMessageSizes } from './check-message-sizes.js';
import { canWriteZstd, type FeatherCompression, registerIpcCompression } from './compression.js';
import { readEmptyNames, writingEmptyNames } from './ipc-field-names.js';
import { IpcFileWriter } from './ipc-file-writer.js';
import { rebind, tableForIpc, tableFromIpc } from './ipc-table.js';
import { validateTable } from './validate-table.js';

/** Options of {@link createFeatherCodec}. */
export interface FeatherCodecOptions {
  /**
   * Compression of the written record batch buffers: `'lz4'` (LZ4 frame, what pandas and pyarrow write by
   * default), `'zstd'` (needs Node 22.15 or later, whose zlib has zstd) or `'none'`. Default `'none'`:
   * uncompressed files are the fastest to read and write. Reading handles all three whatever this says.
   */
  readonly compression?: FeatherCompression;
}

const ARROW_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/** The Feather v2 codec: the Arrow IPC file format (also reads the IPC stream format). */
export function createFeatherCodec(options: FeatherCodecOptions = {}): Codec {
  const compression = options.compression ?? 'none';
  if (!['none', 'lz4', 'zstd'].includes(compression)) {
    throw new UsageError(
      `Feather compression must be 'none', 'lz4' or 'zstd', not ${JSON.stringify(compression)}`,
    );
  }
  const checkEncode = (): void => {
    if (compression === 'zstd' && !canWriteZstd()) {
      throw new UsageError(
        'Writing ZSTD-compressed Feather needs Node 22.15 or later (zlib zstd); use compression "lz4" or "none"',
      );
    }
  };
  return {
    fileType: 'feather',
    extensions: FILE_EXTENSIONS.feather,
    async decode(input: ByteInput, opts: DecodeOptions = {}): Promise<Table> {
      const bytes = await readInput(input, opts.signal);
      checkIpc(bytes, opts.file);
      registerIpcCompression();
      let table: Table;
      try {
        const sizes = checkMessageSizes(bytes, isIpcFile(bytes));
        if (sizes) throw new FormatError('feather', `the file is corrupt: ${sizes}`, { file: opts.file });
        table = isIpcFile(bytes) ? readIpcFile(bytes) : tableFromIpc(bytes);
      } catch (error) {
        throw decodeError(error, opts.file);
      }
      const problem = validateTable(table);
      if (problem) throw new FormatError('feather', `the file is corrupt: ${problem}`, { file: opts.file });
      return table;
    },
    checkEncode,
    async encode(table: Table, opts: EncodeOptions = {}): Promise<Uint8Array> {
      throwIfAborted(opts.signal);
      registerIpcCompression();
      checkEncode();
      const compressionType =
        compression === 'lz4'
          ? CompressionType.LZ4_FRAME
          : compression === 'zstd'
            ? CompressionType.ZSTD
            : null;
      try {
        const ready = tableForIpc(table);
        const writer = new IpcFileWriter({ compressionType });
        return writingEmptyNames(() => writer.writeAll(ready).toUint8Array(true));
      } catch (error) {
        throw new FormatError(
          'feather',
          `cannot encode the table: ${messageOf(error)}`,
          { file: opts.file },
          {
            cause: error,
          },
        );
      }
    },
    async inspect(input: ByteInput, opts: DecodeOptions = {}): Promise<FileSummary> {
      const bytes = await readInput(input, opts.signal);
      checkIpc(bytes, opts.file);
      registerIpcCompression();
      try {
        const reader = RecordBatchReader.from(bytes);
        reader.open();
        readEmptyNames(reader.schema);
        const columns = reader.schema.fields.map((f) => f.name);
        if (reader.isFile()) {
          let rows = 0;
          for (let i = 0; i < reader.numRecordBatches; i++) rows += reader.readRecordBatch(i)?.numRows ?? 0;
          return { columns, rows };
        }
        return { columns };
      } catch (error) {
        throw decodeError(error, opts.file);
      }
    },
  };
}

/**
 * Reads the IPC file format through its footer, batch by batch. apache-arrow's `tableFromIPC` instead scans
 * the messages one after another, and a single corrupt byte in a message header can make that scan loop
 * without end; the footer path fails with an error.
 */
function readIpcFile(bytes: Uint8Array): Table {
  const reader = RecordBatchReader.from(bytes);
  reader.open();
  if (!reader.isFile()) return tableFromIpc(bytes);
  readEmptyNames(reader.schema);
  // A footer block takes 24 bytes: more batches than that allows means a corrupt count.
  if (reader.numRecordBatches * 24 > bytes.byteLength)
    throw new Error('the footer lists more record batches than fit');
  const batches: RecordBatch[] = [];
  for (let i = 0; i < reader.numRecordBatches; i++) {
    const batch = reader.readRecordBatch(i);
    if (!batch) throw new Error(`record batch ${i} of ${reader.numRecordBatches} is missing`);
    // On the schema the file declares: apache-arrow's batches merge fields that share a name.
    batches.push(rebind(batch, reader.schema));
  }
  return batches.length ? new Table(reader.schema, batches) : new Table(reader.schema);
}

function isIpcFile(bytes: Uint8Array): boolean {
  return ARROW_MAGIC.every((b, i) => bytes[i] === b);
}

/** Rejects what is not Arrow IPC before apache-arrow sees it: its errors on foreign bytes are obscure. */
function checkIpc(bytes: Uint8Array, file: string | undefined): void {
  if (bytes.byteLength === 0) throw new FormatError('feather', 'the file is empty', { file, offset: 0 });
  const isFile = ARROW_MAGIC.every((b, i) => bytes[i] === b);
  // The stream format starts with a message: a 0xFFFFFFFF continuation marker (or a legacy length).
  const isStream = bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff;
  if (!isFile && !isStream) {
    const parquet = bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
    const featherV1 = bytes[0] === 0x46 && bytes[1] === 0x45 && bytes[2] === 0x41 && bytes[3] === 0x31;
    if (featherV1) {
      throw new FormatError(
        'feather',
        'this is a Feather v1 file, which is not supported: save it again as Feather v2 (pyarrow or pandas 0.17+)',
        { file, offset: 0 },
      );
    }
    throw new FormatError(
      'feather',
      parquet
        ? 'this is a Parquet file, not Feather (Arrow IPC)'
        : 'not an Arrow IPC (Feather v2) file: no ARROW1 magic',
      { file, offset: 0 },
    );
  }
  if (isFile) {
    const n = bytes.byteLength;
    const tail = ARROW_MAGIC.every((b, i) => bytes[n - 6 + i] === b);
    if (n < 12 || !tail) {
      throw new FormatError('feather', 'the file is truncated: no ARROW1 magic at its end', {
        file,
        offset: n,
      });
    }
  }
}

function decodeError(error: unknown, file: string | undefined): FormatError {
  if (error instanceof FormatError) return error;
  return new FormatError(
    'feather',
    `cannot decode the file: ${messageOf(error)}`,
    { file },
    { cause: error },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
