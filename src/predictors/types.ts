import type { Table } from 'apache-arrow';

/** What a predictor learns about the call it serves. */
export interface PredictContext {
  readonly modelId: string;
  readonly buildId: string | undefined;
  /** The execution's parameters (also the worker's environment variables, as on the platform). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Source URI of the file being predicted. */
  readonly file: string;
  /** Fires when the task passes its timeout, the job fails or the caller aborts. */
  readonly signal: AbortSignal;
}

/** What `initialize()` learns: the context without a file. */
export type InitializeContext = Omit<PredictContext, 'file'>;

/** A predictor's answer: an Arrow table, or an array of row objects (one object per output row). */
export type PredictOutput = Table | readonly Record<string, unknown>[];

/** A predict function: one whole input file in, one whole output file out. */
export type PredictFunction = (
  input: Table,
  context: PredictContext,
) => PredictOutput | Promise<PredictOutput>;

/** A predictor object, as a model class would be: set up once, then called once per file. */
export interface PredictorObject {
  /** Called once before the first file (per worker thread when run in workers). */
  initialize?(context: InitializeContext): void | Promise<void>;
  predict?: PredictFunction;
  /** Called once after the last file. */
  close?(): void | Promise<void>;
}

/** A function or an object; a module path that exports either is accepted where a run takes `model`. */
export type Predictor = PredictFunction | PredictorObject;
