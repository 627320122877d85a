import { FILE_TYPES } from '../formats/file-types.js';
import type { NormalizedRun } from './normalize-options.js';

/**
 * Checks the run's format options before any file is read: those of every format given (used by the run or
 * not), and that the output can be written (ZSTD Feather needs a recent Node). Only a run that gives options
 * loads the codecs (and apache-arrow) here; without any, the defaults hold and the codecs load where they work:
 * in the worker threads of a module predictor's run.
 */
export async function checkFormats(run: NormalizedRun): Promise<void> {
  const formats = run.formats;
  if (!formats || !FILE_TYPES.some((type) => formats[type] !== undefined)) return;
  const { getCodec } = await import('../formats/registry.js');
  for (const type of FILE_TYPES) if (formats[type]) getCodec(type, formats);
  if (!run.dryRun) getCodec(run.outputFileType, formats).checkEncode?.();
}
