import { UsageError } from '../../errors.js';
import type { CliIo } from '../io.js';
import type { ProgressMode } from '../output/progress-reporter.js';

/** The values of a local run's own flags, as given (strings), before they are checked. */
export interface LocalRunFlagValues {
  /** `--executors`: a whole number >= 1. */
  readonly executors?: string | undefined;
  /** `--max-failed-files`: a whole number >= 0. */
  readonly maxFailedFiles?: string | undefined;
  /** `--worker-max-heap`: MB, a whole number >= 1 (`workerResourceLimits.maxOldGenerationSizeMb`). */
  readonly workerMaxHeap?: string | undefined;
  /** `--progress`: `auto`, `bar`, `lines` or `none`. */
  readonly progress?: string | undefined;
}

/** The local run's flags, checked: `undefined` where a flag was not given (the library's default applies). */
export interface LocalRunSettings {
  readonly executors: number | undefined;
  readonly maxFailedFiles: number | undefined;
  readonly workerMaxHeap: number | undefined;
  readonly progress: ProgressMode;
}

/**
 * Checks the flags of a local run as the run does, so that `--out-conf` refuses what a run would refuse
 * (`--executors 0`, which it would write as `resources.pods: 0`) before it writes anything.
 *
 * @throws UsageError naming the flag, its allowed values and the value given.
 */
export function localRunSettings(flags: LocalRunFlagValues, io: CliIo): LocalRunSettings {
  return {
    progress: progressMode(flags.progress, io),
    executors: flags.executors === undefined ? undefined : wholeNumber(flags.executors, '--executors'),
    maxFailedFiles:
      flags.maxFailedFiles === undefined
        ? undefined
        : wholeNumber(flags.maxFailedFiles, '--max-failed-files', 0),
    workerMaxHeap:
      flags.workerMaxHeap === undefined ? undefined : wholeNumber(flags.workerMaxHeap, '--worker-max-heap'),
  };
}

/** `auto` is a bar on a terminal (unless `TERM=dumb`), lines elsewhere. */
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
