import type { FileType } from '../formats/types.js';
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
