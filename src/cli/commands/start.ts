import { type CommandContext, defineCommand, EXIT } from '../command.js';
import { platformFlags } from '../platform/create-client.js';
import { waitTimes } from '../platform/follow-execution.js';
import { checkFlagsApply, chooseMode, fileValuesWithoutLocalEffect } from '../start/choose-mode.js';
import { formatFlagOptions } from '../start/format-flags.js';
import { localRunSettings } from '../start/local-run-flags.js';
import { flagsOutsideConfig, START_FLAGS } from '../start/start-flags.js';
import { styleFor } from '../style.js';

/** `qwak-batch execution start`: the platform CLI's command, plus in-process runs over `file://` folders. */
export const startCommand = defineCommand({
  meta: {
    name: 'start',
    description: 'Start an execution on the platform, or run it in-process over file:// folders',
    details:
      'Runs on the platform unless a folder is file:// or --model is given; then it runs in this process\n' +
      '(the same config, the same checks) and prints a ledger with one row per file. A flag that does not\n' +
      'apply to the chosen mode is an error. Flags override the values of --from-file.',
    examples: [
      'qwak-batch execution start --model-id churn --bucket my-bucket --source-folder batch/in --destination-folder batch/out --input-file-type parquet --pods 4 --environment acme',
      'qwak-batch execution start --model-id churn --source-folder file://examples/data --destination-folder file://out --model examples/models/identity-scorer.mjs -P SCORE_WEIGHT=2',
      'qwak-batch execution start -f execution.yaml --pods 8 --out-conf',
      'qwak-batch execution start --model-id churn --source-folder file://in --destination-folder file://out --model ./model.mjs --output-file-type parquet --parquet-compression zstd --parquet-row-group-size 100000',
      'qwak-batch execution start --model-id churn --source-folder s3://bucket/in --destination-folder s3://bucket/out --model ./model.mjs --iam-role-arn arn:aws:iam::123456789012:role/reader',
    ],
  },
  flags: START_FLAGS,
  async run(context: CommandContext): Promise<number> {
    const { flags, io, given } = context;
    // Loaded here: zod and yaml are needed to run the command, not to show its help.
    const { buildConfig } = await import('../start/build-config.js');
    const resolved = await buildConfig(context);
    const mode = chooseMode(resolved.config, given);
    checkFlagsApply(mode, resolved.config, given);
    // Checked before --out-conf returns, so that a bad value fails whatever else the command line asks.
    const options = formatFlagOptions(flags);
    const localFlags = {
      executors: flags.executors as string | undefined,
      maxFailedFiles: flags['max-failed-files'] as string | undefined,
      workerMaxHeap: flags['worker-max-heap'] as string | undefined,
      progress: flags.progress as string | undefined,
    };
    // As a run checks them: --out-conf must not write a config (`--executors 0` as `pods: 0`) a run refuses.
    if (mode === 'local') localRunSettings(localFlags, io);
    if (flags['out-conf']) {
      const object = resolved.config.toObject();
      const { stringify } = await import('yaml');
      io.stdout.write(flags.json ? `${JSON.stringify(object, null, 2)}\n` : stringify(object));
      // No flag is ignored: those the config has no field for are named, since `-f` alone would run without them.
      const outside = flagsOutsideConfig(given).map((name) => `--${name}`);
      if (outside.length) {
        const one = outside.length === 1;
        io.stderr.write(
          styleFor(io.stderr, io.env).yellow(
            `note: ${outside.join(', ')} ${one ? 'is' : 'are'} not part of the configuration; give ${one ? 'it' : 'them'} again beside -f\n`,
          ),
        );
      }
      return EXIT.ok;
    }
    const platform = platformFlags(flags);
    if (mode === 'remote') {
      // Checked before anything is started: a bad --interval must not leave an execution behind.
      const times = waitTimes({ interval: flags.interval });
      const { runRemote } = await import('../start/run-remote.js');
      return runRemote(
        resolved.config,
        { ...platform, json: flags.json === true, wait: flags.wait === true, times },
        io,
      );
    }
    const style = styleFor(io.stderr, io.env);
    for (const path of fileValuesWithoutLocalEffect(resolved.fromFile)) {
      io.stderr.write(style.yellow(`note: ${path} (in ${resolved.file}) has no effect on a local run\n`));
    }
    const { runLocal } = await import('../start/run-local.js');
    return runLocal(
      resolved.config,
      {
        ...localFlags,
        model: flags.model as string | undefined,
        resume: flags.resume === true,
        dryRun: flags['dry-run'] === true,
        json: flags.json === true,
        endpoint: {
          ...platform,
          authUrl: platform.authUrl || io.env.QWAK_AUTH_URL || undefined,
          env: io.env,
        },
        options,
      },
      io,
    );
  },
});
