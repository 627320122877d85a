import { ConfigError } from '../errors.js';
import { AdvancedOptions as AdvancedOptionsClass } from './advanced-options.js';
import { camelizeConfig } from './camel-sections.js';
import { Execution as ExecutionClass, type ExecutionObject, type ExecutionPatch } from './execution.js';
import { parseOrThrow } from './issues.js';
import { readConfigSource } from './load-file.js';
import { locateIssues } from './locate-issues.js';
import { isPlainObject } from './plain.js';
import { Resources as ResourcesClass } from './resources.js';
import {
  type ExecutionInput,
  executionConfigSchema,
  type ResourcesFields,
  type ResourcesInput,
  type WarmupFields,
  type WarmupInput,
} from './schemas.js';
import { Warmup as WarmupClass } from './warmup.js';

/** What `new ExecutionConfig(...)` accepts: section instances or plain objects. */
export interface ExecutionConfigOptions {
  /** What to run. Required. */
  execution: ExecutionClass | ExecutionInput;
  /** The size of the execution. Default: the deployed model's. */
  resources?: ResourcesClass | ResourcesInput | undefined;
  /** Warm-up settings. Default: none. */
  warmup?: WarmupClass | WarmupInput | undefined;
}

/** The plain-object form of a configuration, as `toObject()` returns and `fromObject()` / YAML files take. */
export interface ExecutionConfigObject {
  execution: ExecutionObject;
  resources?: ResourcesFields;
  warmup?: WarmupFields;
}

/** What `ExecutionConfig.with()` accepts: per section, the fields to replace. */
export interface ExecutionConfigPatch {
  execution?: ExecutionPatch;
  resources?: ResourcesInput;
  warmup?: WarmupInput;
}

/**
 * The configuration of one batch execution, the same for the platform (`BatchJobManagerClient.startExecution`)
 * and for in-process runs (`BatchInferenceClient.localFileRun`). Validated when built: a {@link ConfigError}
 * lists every problem at once, each naming its field. Immutable: {@link ExecutionConfig.with} returns a copy.
 *
 * @example
 * const config = new ExecutionConfig({
 *   execution: new ExecutionConfig.Execution({
 *     modelId: 'churn-model', bucket: 'my-bucket',
 *     sourceFolder: 'batch/input', destinationFolder: 'batch/output',
 *   }),
 *   resources: new ExecutionConfig.Resources({ pods: 4, instance: 'small' }),
 * });
 */
export class ExecutionConfig {
  /** What to run: model, buckets, folders, file types, secrets, timeouts, parameters. */
  static readonly Execution = ExecutionClass;
  /** The size of the execution: pods, instance, CPUs, memory, GPUs. */
  static readonly Resources = ResourcesClass;
  /** Purchase option and custom IAM role. */
  static readonly AdvancedOptions = AdvancedOptionsClass;
  /** Warm-up settings. */
  static readonly Warmup = WarmupClass;

  /** What to run. */
  readonly execution: ExecutionClass;
  /** The size of the execution (fields unset mean the deployed model's). */
  readonly resources: ResourcesClass;
  /** Warm-up settings, when given. */
  readonly warmup: WarmupClass | undefined;

  constructor(options: ExecutionConfigOptions) {
    // From JavaScript (or `as any`) anything can arrive; say what is expected rather than fail on a property read.
    if (!isPlainObject(options)) throw rootError(options);
    const parsed = parseOrThrow(
      executionConfigSchema,
      toPlain({ ...options }),
      '',
      'execution configuration',
    );
    this.execution = new ExecutionClass(parsed.execution);
    this.resources = new ResourcesClass(parsed.resources);
    this.warmup = parsed.warmup ? new WarmupClass(parsed.warmup) : undefined;
    Object.freeze(this);
  }

  /**
   * Builds a configuration from a plain object (e.g. parsed JSON or YAML), validating all of it at once.
   * Keys may be camelCase or snake_case (`model_id`), as in configs written for the platform's Python client;
   * one field written both ways (`model_id` and `modelId`) is an error. Parameter names are kept as they are.
   */
  static fromObject(value: unknown): ExecutionConfig {
    if (!isPlainObject(value)) throw rootError(value);
    const { object, issues } = camelizeConfig(value);
    let config: ExecutionConfig | undefined;
    try {
      config = new ExecutionConfig(object as unknown as ExecutionConfigOptions);
    } catch (error) {
      if (!(error instanceof ConfigError) || issues.length === 0) throw error;
      throw new ConfigError([...issues, ...error.issues], { subject: 'execution configuration' });
    }
    if (issues.length > 0) throw new ConfigError(issues, { subject: 'execution configuration' });
    return config;
  }

  /**
   * Reads a YAML or JSON file (the shape of {@link ExecutionConfig.toObject}) and validates it. Each problem
   * names its line and column in the file (also as `line` and `column` of the issue).
   */
  static async fromFile(path: string): Promise<ExecutionConfig> {
    const source = await readConfigSource(path);
    try {
      return ExecutionConfig.fromObject(source.value);
    } catch (error) {
      if (error instanceof ConfigError) {
        throw new ConfigError(await locateIssues(error.issues, source.text), {
          subject: `configuration in ${path}`,
          cause: error,
        });
      }
      throw error;
    }
  }

  /** A copy with `patch` applied per section, validated again. */
  with(patch: ExecutionConfigPatch): ExecutionConfig {
    return new ExecutionConfig({
      execution: patch.execution ? this.execution.with(patch.execution) : this.execution,
      resources: patch.resources ? this.resources.with(patch.resources) : this.resources,
      warmup: patch.warmup ? (this.warmup ?? new WarmupClass()).with(patch.warmup) : this.warmup,
    });
  }

  /** The configuration as a plain object: `ExecutionConfig.fromObject(config.toObject())` equals `config`. */
  toObject(): ExecutionConfigObject {
    const out: ExecutionConfigObject = { execution: this.execution.toObject() };
    const resources = this.resources.toObject();
    if (Object.keys(resources).length > 0) out.resources = resources;
    if (this.warmup) out.warmup = this.warmup.toObject();
    return out;
  }

  /** JSON form, the same as {@link ExecutionConfig.toObject}. */
  toJSON(): ExecutionConfigObject {
    return this.toObject();
  }
}

/** The error for a configuration that is not an object at all. */
function rootError(value: unknown): ConfigError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new ConfigError(
    [
      {
        path: '(root)',
        message: `must be an object with an "execution" section, e.g. { execution: { modelId, bucket, sourceFolder, destinationFolder } }; got ${got}`,
      },
    ],
    { subject: 'execution configuration' },
  );
}

/** Section instances become plain objects so that one schema pass validates everything at once. */
function toPlain(options: ExecutionConfigOptions): unknown {
  const plain = (v: unknown) =>
    v && typeof (v as { toObject?: unknown }).toObject === 'function'
      ? (v as { toObject(): unknown }).toObject()
      : v;
  return {
    ...options,
    execution: plain(options.execution),
    resources: plain(options.resources),
    warmup: plain(options.warmup),
  };
}

/**
 * Types of the nested classes, so that `ExecutionConfig.Execution` works in type positions too. Written through
 * the static properties, not the imported class names: the declaration bundler renames those imports back to
 * `Execution` etc., which made each alias refer to itself (`any` for users, TS2456 under `skipLibCheck: false`).
 */
export declare namespace ExecutionConfig {
  type Execution = InstanceType<typeof ExecutionConfig.Execution>;
  type Resources = InstanceType<typeof ExecutionConfig.Resources>;
  type AdvancedOptions = InstanceType<typeof ExecutionConfig.AdvancedOptions>;
  type Warmup = InstanceType<typeof ExecutionConfig.Warmup>;
}
