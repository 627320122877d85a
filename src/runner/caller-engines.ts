import type { Table } from 'apache-arrow';
import { PredictorError } from '../errors.js';
import { tableFromIpc, tableToIpc } from '../formats/feather/ipc-table.js';
import { type CodecOptions, getCodec } from '../formats/index.js';
import { type LoadedPredictor, messageOf } from '../predictors/load-predictor.js';
import { predictorOutputToTable } from '../predictors/to-table.js';
import type { InitializeContext } from '../predictors/types.js';
import { raceAbort } from './race-abort.js';
import type { TaskEngine, TaskSpec } from './task-engine.js';
import { collectChunks } from './transfer.js';
import type { WorkerPool } from './worker-pool.js';

// Engines where the predictor runs on the calling thread (a function or object predictor, or the real-time
// endpoint). They need apache-arrow and the codecs on this thread, so this file is loaded only by such runs: a
// run of a module predictor does all of its Arrow work in the workers, and its calling thread never loads it.

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

/** Encodes a task's output on the calling thread; its chunks are the codec's, not the runner's to free. */
async function encodeHere(
  spec: TaskSpec,
  input: Table,
  output: Table,
  codecOptions: CodecOptions,
  signal: AbortSignal,
): ReturnType<TaskEngine> {
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

/** Everything on the calling thread: for `threads: false`. */
export function inlineEngine(
  predictor: LoadedPredictor,
  context: InitializeContext,
  codecOptions: CodecOptions,
): TaskEngine {
  return async (spec, bytes, signal) => {
    const input = await getCodec(spec.inputType, codecOptions).decode(bytes, { file: spec.source, signal });
    const output = await predictOn(predictor, context, spec, input, signal);
    return encodeHere(spec, input, output, codecOptions, signal);
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
      input = tableFromIpc(decoded.chunks);
    }
    const output = await predictOn(predictor, context, spec, input, signal);
    if (spec.outputType === 'feather') return encodeHere(spec, input, output, codecOptions, signal);
    const ipc = tableToIpc(output);
    const encoded = await pool.run(
      { kind: 'encode', file: spec.destination, outputType: spec.outputType, ipc },
      signal,
    );
    return { chunks: encoded.chunks, rowsIn: input.numRows, rowsOut: output.numRows, owned: true };
  };
}
