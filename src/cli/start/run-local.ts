import type { ExecutionConfig } from '../../config/execution-config.js';
import { UsageError } from '../../errors.js';
import { EXIT } from '../command.js';
import type { CliIo } from '../io.js';
import { renderLedger, resultToJson } from '../output/ledger-table.js';
import { createProgressReporter, type ProgressMode } from '../output/progress-reporter.js';
import { styleFor } from '../style.js';
import type { FormatFlagOptions } from './format-flags.js';

/** What a local run takes besides the config. */
export interface LocalRunFlags {
  /** Module path of the predictor; without it the deployed real-time endpoint of the model predicts. */
  readonly model?: string | undefined;
  readonly executors?: string | undefined;
  readonly resume?: boolean | undefined;
  readonly dryRun?: boolean | undefined;
  /** `--max-failed-files`: a whole number >= 0. */
  readonly maxFailedFiles?: string | undefined;
  /** `--worker-max-heap`: MB, a whole number >= 1 (`workerResourceLimits.maxOldGenerationSizeMb`). */
  readonly workerMaxHeap?: string | undefined;
  readonly progress?: string | undefined;
  readonly json?: boolean | undefined;
  /** Options of the real-time endpoint predictor (environment, base URL), when no model is given. */
  readonly endpoint?: Readonly<Record<string, unknown>> | undefined;
  /** Codec and local storage options, checked by `formatFlagOptions`. */
  readonly options?: FormatFlagOptions | undefined;
}

/**
 * Runs `config` in-process through `BatchInferenceClient.localFileRun`, showing progress on stderr and the
 * per-file ledger on stdout (or the whole result as JSON). Resolves to 0 when the run finished; when it
 * failed, prints the ledger and then rethrows the run's error (exit code 1).
 */
export async function runLocal(config: ExecutionConfig, flags: LocalRunFlags, io: CliIo): Promise<number> {
  const progress = progressMode(flags.progress, io);
  const executors = flags.executors === undefined ? undefined : wholeNumber(flags.executors, '--executors');
  const maxFailedFiles =
    flags.maxFailedFiles === undefined
      ? undefined
      : wholeNumber(flags.maxFailedFiles, '--max-failed-files', 0);
  const workerMaxHeap =
    flags.workerMaxHeap === undefined ? undefined : wholeNumber(flags.workerMaxHeap, '--worker-max-heap');
  if (!flags.model) checkEndpointAddress(flags.endpoint, io.env);
  // Loaded here, not at the top: Arrow and the codecs are only needed once a local run really starts.
  const { BatchInferenceClient, runResultOf } = await import('../../runner/batch-inference-client.js');
  const { formats, storage } = flags.options ?? {};
  if (formats?.feather?.compression === 'zstd') await checkZstdWrites();
  const stderrStyle = styleFor(io.stderr, io.env);
  const reporter = createProgressReporter(progress, io.stderr, stderrStyle, undefined);
  let failure: unknown;
  let result: Awaited<ReturnType<InstanceType<typeof BatchInferenceClient>['localFileRun']>> | undefined;
  try {
    result = await new BatchInferenceClient().localFileRun(config, {
      model: flags.model,
      executors,
      resume: flags.resume,
      maxFailedFiles,
      ...(workerMaxHeap ? { workerResourceLimits: { maxOldGenerationSizeMb: workerMaxHeap } } : {}),
      // stdout is for the ledger or the JSON result: what the model prints goes to stderr.
      modelOutput: 'stderr',
      dryRun: flags.dryRun,
      signal: io.signal,
      onProgress: reporter.onProgress,
      formats,
      storage,
      ...(flags.model ? {} : { endpoint: flags.endpoint }),
    });
  } catch (error) {
    result = runResultOf(error);
    if (!result) throw error;
    failure = error;
  } finally {
    reporter.close();
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(resultToJson(result), null, 2)}\n`);
  else io.stdout.write(renderLedger(result, styleFor(io.stdout, io.env)));
  // The ledger is out; the error itself goes to stderr like any other (one line, the stack with --debug).
  if (failure !== undefined) throw failure;
  return EXIT.ok;
}

/**
 * Without `--model`, each file goes to the model's real-time endpoint, which needs an address. The predictor
 * would say so in its API's terms (`environment`, `baseUrl`) once the files are listed; the CLI says it first,
 * in flags.
 */
function checkEndpointAddress(endpoint: LocalRunFlags['endpoint'], env: CliIo['env']): void {
  if (endpoint?.environment || endpoint?.baseUrl || env.QWAK_ENVIRONMENT) return;
  throw new UsageError(
    "a local run without --model sends each file to the model's real-time endpoint, whose address needs --environment <name> (or QWAK_ENVIRONMENT) or --base-url <url>; or give --model <module> to run a model module in this process",
  );
}

/**
 * The Feather codec finds out that this Node cannot write ZSTD only when it encodes, after the first file
 * was read and predicted; the CLI refuses the flag up front instead.
 */
async function checkZstdWrites(): Promise<void> {
  const { canWriteZstd } = await import('../../formats/feather/compression.js');
  if (!canWriteZstd()) {
    throw new UsageError(
      `--feather-compression zstd needs Node 22.15 or later, whose zlib has zstd (this is Node ${process.versions.node}); use lz4 or none`,
    );
  }
}

function progressMode(value: string | undefined, io: CliIo): ProgressMode {
  if (value === undefined || value === 'auto')
    return io.stderr.isTTY && io.env.TERM !== 'dumb' ? 'bar' : 'lines';
  if (value === 'bar' || value === 'lines' || value === 'none') return value;
  throw new UsageError(`--progress must be auto, bar, lines or none; got "${value}"`);
}

function wholeNumber(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min)
    throw new UsageError(`${flag} must be a whole number >= ${min}; got "${value}"`);
  return n;
}
