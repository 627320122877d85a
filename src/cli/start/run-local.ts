import type { ExecutionConfig } from '../../config/execution-config.js';
import { AbortError, UsageError } from '../../errors.js';
import type { ProgressEvent, RunResult } from '../../runner/types.js';
import { EXIT } from '../command.js';
import type { CliIo } from '../io.js';
import { renderLedger, resultToJson } from '../output/ledger-table.js';
import { createProgressReporter } from '../output/progress-reporter.js';
import { stopDescription } from '../stop-signals.js';
import { styleFor } from '../style.js';
import type { FormatFlagOptions } from './format-flags.js';
import { type LocalRunFlagValues, localRunSettings } from './local-run-flags.js';

/** What a local run takes besides the config. */
export interface LocalRunFlags extends LocalRunFlagValues {
  /** Module path of the predictor; without it the deployed real-time endpoint of the model predicts. */
  readonly model?: string | undefined;
  readonly resume?: boolean | undefined;
  readonly dryRun?: boolean | undefined;
  readonly json?: boolean | undefined;
  /** Options of the real-time endpoint predictor (environment, base URL), when no model is given. */
  readonly endpoint?: Readonly<Record<string, unknown>> | undefined;
  /** Codec and local storage options, checked by `formatFlagOptions`. */
  readonly options?: FormatFlagOptions | undefined;
}

/**
 * Runs `config` in-process through `BatchInferenceClient.localFileRun`, showing progress on stderr and the
 * per-file ledger on stdout (or the whole result as JSON). Resolves to 0 when the run finished; when it
 * failed, or a stop signal (Ctrl-C, SIGTERM) cut it short after it had listed its files, prints the ledger
 * of the files so far and then rethrows the run's error (exit code 1, or 130 / 143).
 */
export async function runLocal(config: ExecutionConfig, flags: LocalRunFlags, io: CliIo): Promise<number> {
  const { progress, executors, maxFailedFiles, workerMaxHeap } = localRunSettings(flags, io);
  if (!flags.model) checkEndpointAddress(flags.endpoint, io.env);
  // Loaded here, not at the top: Arrow and the codecs are only needed once a local run really starts.
  const { BatchInferenceClient, runResultOf } = await import('../../runner/batch-inference-client.js');
  const { formats, storage } = flags.options ?? {};
  if (formats?.feather?.compression === 'zstd') await checkZstdWrites();
  const stderrStyle = styleFor(io.stderr, io.env);
  const reporter = createProgressReporter(progress, io.stderr, stderrStyle, undefined);
  let failure: unknown;
  // An aborted run rejects with an AbortError, which carries no result: its `run-finished` event does.
  let finished: RunResult | undefined;
  const onProgress = (event: ProgressEvent) => {
    if (event.type === 'run-finished') finished = event.result;
    reporter.onProgress(event);
  };
  let result: RunResult | undefined;
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
      onProgress,
      formats,
      storage,
      ...(flags.model ? {} : { endpoint: flags.endpoint }),
    });
  } catch (error) {
    // Other errors after the files were listed (a model that cannot load) are not a run's outcome: they
    // are reported as errors alone, as those before it.
    result = runResultOf(error) ?? (AbortError.isInstance(error) ? finished : undefined);
    if (!result) throw error;
    failure = error;
  } finally {
    reporter.close();
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(resultToJson(result), null, 2)}\n`);
  else io.stdout.write(renderLedger(result, styleFor(io.stdout, io.env), stopDescription(io.signal)));
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
