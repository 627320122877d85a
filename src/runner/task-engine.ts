import { type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { PredictorError } from '../errors.js';
import { type CodecOptions, getCodec } from '../formats/index.js';
import type { FileType } from '../formats/types.js';
import { type LoadedPredictor, messageOf } from '../predictors/load-predictor.js';
import { predictorOutputToTable } from '../predictors/to-table.js';
import type { InitializeContext } from '../predictors/types.js';
import { raceAbort } from './race-abort.js';
import { collectChunks } from './transfer.js';
import type { WorkerPool } from './worker-pool.js';

/** One file's work, between reading its bytes and writing the output's. */
export interface TaskSpec {
  /** Source URI (names the file in the predictor's context and in errors). */
  readonly source: string;
  /** Destination URI. */
  readonly destination: string;
  readonly inputType: FileType;
  readonly outputType: FileType;
}

/** What a task produced: the output file's bytes and the row counts. */
export interface TaskOutput {
  readonly chunks: Uint8Array[];
  readonly rowsIn: number;
  readonly rowsOut: number;
  /**
   * True when the runner alone holds `chunks` (they were moved in from a worker thread), so that their memory
   * can be released as soon as they are written.
   */
  readonly owned: boolean;
}

/** Decodes, predicts and encodes one file. */
export type TaskEngine = (spec: TaskSpec, bytes: Uint8Array, signal: AbortSignal) => Promise<TaskOutput>;

/** Calls the predictor, turning a throw into a {@link PredictorError} naming the file. */
async function predictOn(
  predictor: LoadedPredictor,
  context: InitializeContext,
  spec: TaskSpec,
  table: Table,
  signal: AbortSignal,
) {
  let answer: unknown;
  try {
    answer = await raceAbort(
      Promise.resolve(predictor.predict(table, { ...context, file: spec.source, signal })),
      signal,
    );
  } catch (error) {
    if (signal.aborted) throw error;
    throw new PredictorError(`The predictor failed on ${spec.source}: ${messageOf(error)}`, {
      cause: error,
      file: spec.source,
    });
  }
  signal.throwIfAborted();
  return predictorOutputToTable(answer, spec.source);
}

/** Everything on the calling thread: for `threads: false`. */
export function inlineEngine(
  predictor: LoadedPredictor,
  context: InitializeContext,
  codecOptions: CodecOptions,
): TaskEngine {
  return async (spec, bytes, signal) => {
    const input = await getCodec(spec.inputType, codecOptions).decode(bytes, { file: spec.source, signal });
    const output = await predictOn(predictor, context, spec, input, signal);
    const encoded = await getCodec(spec.outputType, codecOptions).encode(output, {
      file: spec.destination,
      signal,
    });
    return {
      chunks: await collectChunks(encoded),
      rowsIn: input.numRows,
      rowsOut: output.numRows,
      owned: false,
    };
  };
}

/**
 * Codec work in worker threads, the predictor (a function or object) on the calling thread: the table goes
 * there and back as Arrow IPC bytes. Feather is Arrow IPC already: reading it is parsing plus views over the
 * bytes and writing it one copy, both cheaper than the IPC copy and thread hop a worker would take (measured:
 * see docs/performance.md), so Feather's codec runs here.
 */
export function splitEngine(
  pool: WorkerPool,
  predictor: LoadedPredictor,
  context: InitializeContext,
  codecOptions: CodecOptions,
): TaskEngine {
  return async (spec, bytes, signal) => {
    let input: Table;
    if (spec.inputType === 'feather') {
      input = await getCodec(spec.inputType, codecOptions).decode(bytes, { file: spec.source, signal });
    } else {
      const decoded = await pool.run(
        { kind: 'decode', file: spec.source, inputType: spec.inputType, bytes },
        signal,
      );
      input = tableFromIPC(decoded.chunks);
    }
    const output = await predictOn(predictor, context, spec, input, signal);
    if (spec.outputType === 'feather') {
      const encoded = await getCodec(spec.outputType, codecOptions).encode(output, {
        file: spec.destination,
        signal,
      });
      return {
        chunks: await collectChunks(encoded),
        rowsIn: input.numRows,
        rowsOut: output.numRows,
        owned: false,
      };
    }
    const ipc = tableToIPC(output, 'stream');
    const encoded = await pool.run(
      { kind: 'encode', file: spec.destination, outputType: spec.outputType, ipc },
      signal,
    );
    return { chunks: encoded.chunks, rowsIn: input.numRows, rowsOut: output.numRows, owned: true };
  };
}

/** The whole task in a worker thread, where the module predictor lives. */
export function workerEngine(pool: WorkerPool): TaskEngine {
  return async (spec, bytes, signal) => {
    const result = await pool.run(
      {
        kind: 'process',
        file: spec.source,
        destination: spec.destination,
        inputType: spec.inputType,
        outputType: spec.outputType,
        bytes,
      },
      signal,
    );
    return {
      chunks: result.chunks,
      rowsIn: result.rowsIn ?? 0,
      rowsOut: result.rowsOut ?? 0,
      owned: true,
    };
  };
}
