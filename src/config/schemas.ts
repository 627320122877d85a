import { z } from 'zod';
import {
  fileType,
  gpuType,
  iamRoleArn,
  instanceId,
  optionalText,
  parameters,
  purchaseOption,
  requiredText,
} from './fields.js';
import { cpuCores, memoryMib, timeoutSeconds, wholeNumber } from './numeric-fields.js';

/*
 * The one source of truth of the configuration. Public types are inferred from these shapes, so the JSDoc
 * of each key is what users see in their editor.
 */

/** Advanced options of an execution. */
export const advancedOptionsSchema = z.strictObject({
  /**
   * Buy the execution's nodes `on-demand` or as `spot` instances.
   * Default: the purchase option of the deployed build.
   */
  purchaseOption: purchaseOption.optional(),
  /**
   * A custom AWS IAM role that the execution assumes to reach private buckets, e.g.
   * `arn:aws:iam::123456789012:role/batch-reader`. Default: none (the platform's own role).
   */
  iamRoleArn: iamRoleArn.optional(),
});

/** Cross-field rules run even when single fields are invalid, so that every problem is reported at once. */
const ALWAYS = { when: () => true };

const SCHEMES = /^(file|s3|gs):\/\//i;
/** A folder that can only be meant as a local path: absolute, `./`, `../`, `~/`, or a Windows drive. */
const LOCAL_PATH = /^(\/|\.{1,2}[\\/]|~[\\/]|[A-Za-z]:[\\/])/;

/** How `folder` is written as a file:// URI, for the hint (`file://./in` is relative to the working folder). */
function fileUriHint(folder: string): string {
  if (/^[A-Za-z]:[\\/]/.test(folder)) return `"file:///${folder.replace(/\\/g, '/')}"`;
  // A literal ~ is no home folder to Node: the shell did not expand it.
  if (folder.startsWith('~')) return `"file://" and the absolute path of "${folder}"`;
  return `"file://${folder}"`;
}

/** What to run: the model, where files come from and go to, and the limits. */
export const executionSchema = z
  .strictObject({
    /** The model id, as displayed on the model header. Required. */
    modelId: requiredText('the model id, as displayed on the model header'),
    /** A build of the model to run instead of the deployed one. Default: the deployed build. */
    buildId: optionalText('a build id of the model'),
    /** Source and destination bucket, when both are the same. Required unless both of the next two are set. */
    bucket: optionalText('the bucket to read from and write to'),
    /** Bucket the input files are read from. Default: `bucket`. */
    sourceBucket: optionalText('the bucket the input files are read from'),
    /** Bucket the output files are written to. Default: `bucket`. */
    destinationBucket: optionalText('the bucket the output files are written to'),
    /**
     * Path in the source bucket where the input files are. Required. For local runs, a URI: `file://…`,
     * `s3://bucket/path` or `gs://bucket/path` (then no bucket is needed).
     */
    sourceFolder: requiredText('the path in the source bucket where the input files are'),
    /** Path in the destination bucket where the output files are written. Required. A URI for local runs. */
    destinationFolder: requiredText('the path in the destination bucket where the output files go'),
    /** Type of the input files: `csv`, `parquet` or `feather`, case-insensitive. Default: `csv`. */
    inputFileType: fileType.default('csv'),
    /** Type of the output files: `csv`, `parquet` or `feather`, case-insensitive. Default: `csv`. */
    outputFileType: fileType.default('csv'),
    /** Name of the platform secret that holds the access key id for the buckets. Default: none. */
    accessTokenName: optionalText('the name of the secret holding the access key id'),
    /** Name of the platform secret that holds the secret access key for the buckets. Default: none. */
    accessSecretName: optionalText('the name of the secret holding the secret access key'),
    /** Name of the platform secret that holds a GCP service account key (for `gs://` buckets). Default: none. */
    serviceAccountKeySecretName: optionalText('the name of the secret holding the GCP service account key'),
    /**
     * Limit of the whole execution, in seconds (or `"15m"`, `"2h"`); at most 2147483647 s, the platform's
     * 32-bit field. Default: `0`, no timeout.
     */
    jobTimeout: timeoutSeconds.default(0),
    /**
     * Limit of one file, in seconds; a file past it fails the execution. At most 2147483647 s. Default: `0`,
     * no timeout.
     */
    fileTimeout: timeoutSeconds.default(0),
    /**
     * Key-value pairs passed to the model as environment variables. Keys must be environment variable names;
     * values are strings. Default: `{}`.
     */
    parameters: parameters.default({}),
    /** Purchase option and IAM role. Default: those of the deployed build. */
    advancedOptions: advancedOptionsSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null) return;
    for (const side of ['source', 'destination'] as const) {
      const folder: unknown = value[`${side}Folder`];
      const sideBucket: unknown = value[`${side}Bucket`];
      if (typeof folder === 'string' && folder.includes('://')) {
        if (!SCHEMES.test(folder)) {
          ctx.addIssue({
            code: 'custom',
            path: [`${side}Folder`],
            message: `has an unknown scheme: use a path in the bucket, or a file://, s3:// or gs:// URI; got "${folder}"`,
          });
        } else if (sideBucket) {
          ctx.addIssue({
            code: 'custom',
            path: [`${side}Bucket`],
            message: `must be left out: ${side}Folder is a URI that names its own location`,
          });
        }
      } else if (!sideBucket && !value.bucket && typeof folder === 'string' && LOCAL_PATH.test(folder)) {
        ctx.addIssue({
          code: 'custom',
          path: [`${side}Folder`],
          message: `looks like a local path, and no bucket is set: for a local folder write it as a file:// URI (${fileUriHint(folder)}); for a path in a bucket set "bucket" or "${side}Bucket"`,
        });
      } else if (!sideBucket && !value.bucket) {
        ctx.addIssue({
          code: 'custom',
          path: [`${side}Bucket`],
          message: `required when "bucket" is not set: the bucket the ${side === 'source' ? 'input files are read from' : 'output files are written to'} (or set "bucket" for both)`,
        });
      }
    }
  }, ALWAYS);

/** The size of the execution. Every field defaults to the deployed model's configuration. */
export const resourcesSchema = z
  .strictObject({
    /** Number of pods (the maximum parallelism), at most 2147483647. Default: the executors of the deployment. */
    pods: wholeNumber(0, 'the number of pods, 0 for the deployment default').optional(),
    /** CPU cores per pod, fractions allowed (e.g. `0.5`). Default: the deployment's. */
    cpus: cpuCores.optional(),
    /**
     * Memory per pod in MiB, or a string such as `"512Mi"` or `"2Gi"`; at most 2147483647 MiB (the platform's
     * 32-bit field). Default: the deployment's.
     */
    memory: memoryMib.optional(),
    /** GPU type per pod, one of the platform's (e.g. `NVIDIA_T4`). Default: none. */
    gpuType: gpuType.optional(),
    /** Number of GPUs per pod, at most 2147483647; required with `gpuType`. Default: none. */
    gpuAmount: wholeNumber(0, 'the number of GPUs per pod').optional(),
    /**
     * Instance template id, e.g. `small`, `medium`, `gpu.a10.xl`. Fixes the pod's size, so it cannot be
     * combined with `cpus`, `memory` or the GPU fields. Default: the deployment's (the platform's default is `small`).
     */
    instance: instanceId.optional(),
  })
  .superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null) return;
    // A field whose own check failed is neither undefined nor a number here: it has its own issue already.
    const noGpus =
      value.gpuAmount === undefined || (typeof value.gpuAmount === 'number' && value.gpuAmount <= 0);
    if (value.gpuType !== undefined && noGpus) {
      ctx.addIssue({
        code: 'custom',
        path: ['gpuAmount'],
        message: 'required when gpuType is set: GPUs per pod, >= 1',
      });
    }
    if (value.instance !== undefined) {
      for (const key of ['cpus', 'memory', 'gpuType', 'gpuAmount'] as const) {
        if (value[key] === undefined) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `cannot be combined with instance: the instance template fixes the pod's size; remove ${key} or instance`,
        });
      }
    }
    if (typeof value.gpuAmount === 'number' && value.gpuAmount > 0 && value.gpuType === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['gpuType'],
        message: 'required when gpuAmount is set, e.g. "NVIDIA_T4"',
      });
    }
  }, ALWAYS);

/** Warm-up of the model's pods before executions. */
export const warmupSchema = z.strictObject({
  /**
   * How long the warm pods are kept, in seconds (or `"15m"`); at most 2147483647 s. Default: `0`, the
   * platform's default.
   */
  timeout: timeoutSeconds.default(0),
});

/** The whole configuration. */
export const executionConfigSchema = z.strictObject({
  /** What to run. Required. */
  execution: executionSchema,
  /** The size of the execution. Default: the deployed model's. */
  resources: resourcesSchema.default({}),
  /** Warm-up settings. Default: none. */
  warmup: warmupSchema.optional(),
});

/** Fields of an `ExecutionConfig.Execution` as validated. */
export type ExecutionFields = z.output<typeof executionSchema>;
/** What `new ExecutionConfig.Execution(...)` accepts. */
export type ExecutionInput = z.input<typeof executionSchema>;
/** Fields of an `ExecutionConfig.Resources` as validated. */
export type ResourcesFields = z.output<typeof resourcesSchema>;
/** What `new ExecutionConfig.Resources(...)` accepts. */
export type ResourcesInput = z.input<typeof resourcesSchema>;
/** Fields of an `ExecutionConfig.AdvancedOptions` as validated. */
export type AdvancedOptionsFields = z.output<typeof advancedOptionsSchema>;
/** What `new ExecutionConfig.AdvancedOptions(...)` accepts. */
export type AdvancedOptionsInput = z.input<typeof advancedOptionsSchema>;
/** Fields of an `ExecutionConfig.Warmup` as validated. */
export type WarmupFields = z.output<typeof warmupSchema>;
/** What `new ExecutionConfig.Warmup(...)` accepts. */
export type WarmupInput = z.input<typeof warmupSchema>;
/** What `ExecutionConfig.fromObject(...)` accepts. */
export type ExecutionConfigInput = z.input<typeof executionConfigSchema>;
