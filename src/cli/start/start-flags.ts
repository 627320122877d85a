import type { FlagSpec } from '../command.js';
import { FORMAT_FLAGS } from './format-flags.js';

/** Where a flag may be used: both modes, only a local (in-process) run, or only the platform. */
export type FlagMode = 'both' | 'local' | 'remote';

/** A flag of `execution start`, with the config field it sets. */
export interface StartFlag extends FlagSpec {
  /** Dotted path in the config object (`execution.modelId`); none for flags that are not config. */
  readonly path?: string;
  /** Turn the value into a number when it is one, so that the config's checks see a number. */
  readonly numeric?: boolean;
  readonly mode: FlagMode;
}

const RUN = 'What to run';
const WHERE = 'Where the files are';
const LIMITS = 'Limits and parameters';
const SIZE = 'Size of the execution (platform)';
const ACCESS = 'Access';
const LOCAL = 'Local run (file:// folders, or --model)';
const PLATFORM = 'Platform';
const CONFIG = 'Configuration and output';

/** Every flag of `execution start`: the platform CLI's flags (WIRE.md) and the SDK's own. */
export const START_FLAGS = {
  'model-id': {
    type: 'string',
    valueName: '<id>',
    group: RUN,
    mode: 'both',
    path: 'execution.modelId',
    description: 'The model id, as displayed on the model header (required)',
  },
  'build-id': {
    type: 'string',
    valueName: '<id>',
    group: RUN,
    mode: 'both',
    path: 'execution.buildId',
    description: 'Run this build instead of the deployed one',
  },
  bucket: {
    type: 'string',
    valueName: '<bucket>',
    group: WHERE,
    mode: 'both',
    path: 'execution.bucket',
    description: 'Source and destination bucket, when both are the same',
  },
  'source-bucket': {
    type: 'string',
    valueName: '<bucket>',
    group: WHERE,
    mode: 'both',
    path: 'execution.sourceBucket',
    description: 'Bucket the input files are read from',
  },
  'source-folder': {
    type: 'string',
    valueName: '<path|uri>',
    group: WHERE,
    mode: 'both',
    path: 'execution.sourceFolder',
    description: 'Folder of the input files: a path in the bucket, or file://, s3://, gs:// (required)',
  },
  'destination-bucket': {
    type: 'string',
    valueName: '<bucket>',
    group: WHERE,
    mode: 'both',
    path: 'execution.destinationBucket',
    description: 'Bucket the output files are written to',
  },
  'destination-folder': {
    type: 'string',
    valueName: '<path|uri>',
    group: WHERE,
    mode: 'both',
    path: 'execution.destinationFolder',
    description: 'Folder for the output files, created if missing (required)',
  },
  'input-file-type': {
    type: 'string',
    valueName: '<type>',
    group: WHERE,
    mode: 'both',
    path: 'execution.inputFileType',
    description: 'csv, parquet or feather (default: csv)',
  },
  'output-file-type': {
    type: 'string',
    valueName: '<type>',
    group: WHERE,
    mode: 'both',
    path: 'execution.outputFileType',
    description: 'csv, parquet or feather (default: csv)',
  },
  'job-timeout': {
    type: 'string',
    valueName: '<seconds>',
    group: LIMITS,
    mode: 'both',
    numeric: true,
    path: 'execution.jobTimeout',
    description: 'Limit of the whole execution: seconds, or 90s, 15m, 2h (0 = none)',
  },
  'file-timeout': {
    type: 'string',
    valueName: '<seconds>',
    // The API's name of this limit is `taskTimeout` (one task per file).
    aliases: ['--task-timeout'],
    group: LIMITS,
    mode: 'both',
    numeric: true,
    path: 'execution.fileTimeout',
    description: 'Limit of one file; a file past it fails the execution (0 = none)',
  },
  param: {
    type: 'string',
    valueName: '<KEY=VALUE>',
    aliases: ['-P', '--parameter'],
    multiple: true,
    group: LIMITS,
    mode: 'both',
    path: 'execution.parameters',
    description:
      'A parameter, passed to the model as an environment variable (repeatable; the value may hold "=")',
  },
  pods: {
    type: 'string',
    valueName: '<n>',
    aliases: ['--replicas'],
    group: SIZE,
    mode: 'both',
    numeric: true,
    path: 'resources.pods',
    description: 'Pods: files processed at once (local runs: executors)',
  },
  cpus: {
    type: 'string',
    valueName: '<n>',
    group: SIZE,
    mode: 'remote',
    numeric: true,
    path: 'resources.cpus',
    description: 'CPU cores per pod, e.g. 1 or 0.5',
  },
  memory: {
    type: 'string',
    valueName: '<MiB>',
    group: SIZE,
    mode: 'remote',
    numeric: true,
    path: 'resources.memory',
    description: 'Memory per pod: MiB, or 512Mi, 2Gi',
  },
  'gpu-type': {
    type: 'string',
    valueName: '<type>',
    group: SIZE,
    mode: 'remote',
    path: 'resources.gpuType',
    description: 'GPU type per pod, e.g. NVIDIA_T4',
  },
  'gpu-amount': {
    type: 'string',
    valueName: '<n>',
    group: SIZE,
    mode: 'remote',
    numeric: true,
    path: 'resources.gpuAmount',
    description: 'GPUs per pod (with --gpu-type)',
  },
  instance: {
    type: 'string',
    valueName: '<id>',
    group: SIZE,
    mode: 'remote',
    path: 'resources.instance',
    description: 'Instance template, e.g. small or gpu.a10.xl (not with --cpus, --memory, GPUs)',
  },
  'purchase-option': {
    type: 'string',
    valueName: '<option>',
    group: SIZE,
    mode: 'remote',
    path: 'execution.advancedOptions.purchaseOption',
    description: 'on-demand or spot',
  },
  'access-token-name': {
    type: 'string',
    valueName: '<secret>',
    group: ACCESS,
    mode: 'both',
    path: 'execution.accessTokenName',
    description: 'Secret holding the bucket access key id (S3)',
  },
  'access-secret-name': {
    type: 'string',
    valueName: '<secret>',
    group: ACCESS,
    mode: 'both',
    path: 'execution.accessSecretName',
    description: 'Secret holding the bucket secret access key (S3)',
  },
  'iam-role-arn': {
    type: 'string',
    valueName: '<arn>',
    group: ACCESS,
    mode: 'both',
    path: 'execution.advancedOptions.iamRoleArn',
    description: 'IAM role the execution assumes to reach the buckets (S3)',
  },
  'service-account-key-secret-name': {
    type: 'string',
    valueName: '<secret>',
    group: ACCESS,
    mode: 'both',
    path: 'execution.serviceAccountKeySecretName',
    description: 'Secret holding a GCP service account key (gs://)',
  },
  model: {
    type: 'string',
    valueName: '<module>',
    group: LOCAL,
    mode: 'local',
    description: 'Module exporting predict(table, context), run in worker threads; makes the run local',
  },
  executors: {
    type: 'string',
    valueName: '<n>',
    group: LOCAL,
    mode: 'local',
    numeric: true,
    // The local name of --pods: the same field, so that --out-conf writes it and -f reads it back.
    path: 'resources.pods',
    description: 'Files processed at once (default: the number of CPUs; same as --pods)',
  },
  resume: {
    type: 'boolean',
    group: LOCAL,
    mode: 'local',
    description: 'Skip inputs whose output already exists (outputs are only ever complete files)',
  },
  'dry-run': {
    type: 'boolean',
    group: LOCAL,
    mode: 'local',
    description: 'List the files and check their headers; predict and write nothing',
  },
  progress: {
    type: 'string',
    valueName: '<mode>',
    group: LOCAL,
    mode: 'local',
    description: 'auto (a bar on a terminal, lines otherwise), bar, lines or none (default: auto)',
  },
  'max-failed-files': {
    type: 'string',
    valueName: '<n>',
    group: LOCAL,
    mode: 'local',
    numeric: true,
    description:
      'Failed files tolerated before the run fails; the others are still processed, and a run where every file failed still fails (default: 0, as on the platform)',
  },
  'worker-max-heap': {
    type: 'string',
    valueName: '<MB>',
    group: LOCAL,
    mode: 'local',
    numeric: true,
    description:
      "Heap limit of each worker thread; a model past it fails that file, not the process (default: V8's)",
  },
  'no-fsync': {
    type: 'boolean',
    group: LOCAL,
    mode: 'local',
    description:
      'Skip the flush to disk of written file:// outputs (still atomic; for outputs a rerun rebuilds)',
  },
  'follow-links': {
    type: 'boolean',
    group: LOCAL,
    mode: 'local',
    description:
      'Read file:// sources through symbolic links that lead outside them (default: left out); writes never leave the destination',
  },
  ...FORMAT_FLAGS,
  environment: {
    type: 'string',
    valueName: '<name>',
    group: PLATFORM,
    mode: 'both',
    description: 'Account environment (https://grpc.<name>.qwak.ai); env QWAK_ENVIRONMENT',
  },
  'base-url': {
    type: 'string',
    valueName: '<url>',
    group: PLATFORM,
    mode: 'both',
    description: 'Base URL of the platform API instead of --environment',
  },
  'grpc-url': {
    type: 'string',
    valueName: '<url>',
    group: PLATFORM,
    mode: 'remote',
    description: 'Address of the gRPC API (default: the host of the base URL, port 443)',
  },
  'auth-url': {
    type: 'string',
    valueName: '<url>',
    group: PLATFORM,
    mode: 'both',
    description:
      'Where an API key (QWAK_API_KEY) is exchanged for a token (default: https://grpc.qwak.ai); env QWAK_AUTH_URL',
  },
  wait: {
    type: 'boolean',
    group: PLATFORM,
    mode: 'remote',
    description: 'Wait until the execution ends, as `execution wait`; exit 1 when it failed',
  },
  interval: {
    type: 'string',
    valueName: '<seconds>',
    group: PLATFORM,
    mode: 'remote',
    description: 'With --wait: seconds between status checks (default: 10)',
  },
  'from-file': {
    type: 'string',
    valueName: '<file>',
    aliases: ['-f'],
    group: CONFIG,
    mode: 'both',
    description: 'Read the configuration from a YAML or JSON file; flags override its values',
  },
  'out-conf': {
    type: 'boolean',
    group: CONFIG,
    mode: 'both',
    description: 'Print the resolved configuration as YAML (JSON with --json) and start nothing',
  },
  json: { type: 'boolean', group: CONFIG, mode: 'both', description: 'Print the result as JSON on stdout' },
} satisfies Record<string, StartFlag>;

export type StartFlagName = keyof typeof START_FLAGS;

/**
 * The flag that sets a config field, for messages: `resources.pods` → `--pods`, or `--executors` when that is
 * the one of `given` (flag names) that set it.
 */
export function flagForPath(path: string, given: readonly string[] = []): string | undefined {
  const setting = (Object.entries(START_FLAGS) as [string, StartFlag][]).filter(
    ([, flag]) => flag.path && (path === flag.path || path.startsWith(`${flag.path}.`)),
  );
  const name = (setting.find(([n]) => given.includes(n)) ?? setting[0])?.[0];
  return name === undefined ? undefined : `--${name}`;
}

/**
 * Flags of `execution start` that `--out-conf` cannot write, since the config has no field for them: they
 * shape this run (`--model`, `--resume`, codec options) or say where the platform is. Not those that only
 * shape this command's output (`--out-conf`, `--json`, `--from-file` itself).
 */
export function flagsOutsideConfig(given: readonly string[]): string[] {
  const ofThisCommand = new Set(['from-file', 'out-conf', 'json']);
  return given.filter((name) => {
    const flag = (START_FLAGS as Record<string, StartFlag>)[name];
    return flag !== undefined && !flag.path && !ofThisCommand.has(name);
  });
}
