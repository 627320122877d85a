import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExecutionConfig } from '../../config/execution-config.js';
import { UsageError } from '../../errors.js';
import { parseStorageUri } from '../../storage/uri.js';
import type { CommandContext } from '../command.js';
import { styleFor } from '../style.js';
import { runLocal } from './run-local.js';

/**
 * Where the bundled examples are: `examples/` of the package, two levels above this file both in `src/cli/`
 * (tsx) and in `dist/cli/` (built), since tsup bundles the CLI into `dist/cli/main.js` and its chunks.
 */
function examplesFolder(): string {
  for (const up of ['../examples/', '../../examples/', '../../../examples/']) {
    const folder = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(folder, 'models', 'identity-scorer.mjs'))) return folder;
  }
  throw new UsageError(
    'The demo needs the examples/ folder of the qwak-batch repository (examples/models and examples/data), which is not next to this build',
  );
}

/** Runs the bundled model over the bundled samples and prints the ledger. */
export async function runDemo(context: CommandContext): Promise<number> {
  const { flags, io } = context;
  const examples = examplesFolder();
  const given = flags.output === undefined ? undefined : String(flags.output);
  // A path, or a file:// URL of one (`--output file:///tmp/out`).
  const output = given
    ? resolve(/^file:\/\//i.test(given) ? localPath(given) : given)
    : await mkdtemp(join(tmpdir(), 'qwak-batch-demo-'));
  const config = new ExecutionConfig({
    execution: {
      modelId: 'identity-scorer',
      sourceFolder: pathToFileURL(join(examples, 'data')).href,
      destinationFolder: pathToFileURL(output).href,
      inputFileType: 'csv',
      outputFileType: (flags['output-file-type'] as string | undefined) ?? 'csv',
      parameters: { SCORE_WEIGHT: '1' },
    },
  });
  const style = styleFor(io.stderr, io.env);
  if (!flags.json) {
    io.stderr.write(style.dim(`Running the example model over ${join(examples, 'data')} into ${output}\n`));
  }
  const code = await runLocal(
    config,
    {
      model: join(examples, 'models', 'identity-scorer.mjs'),
      progress: flags.progress as string | undefined,
      json: flags.json === true,
    },
    io,
  );
  if (code === 0 && !flags.json) {
    io.stderr.write(style.dim(`Outputs are in ${output}. Next: npx qwak-batch execution start --help\n`));
  }
  return code;
}

/** The folder a `file://` URL names. */
function localPath(uri: string): string {
  const location = parseStorageUri(uri);
  return location.scheme === 'file' ? location.path : uri;
}
