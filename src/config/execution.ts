import { AdvancedOptions } from './advanced-options.js';
import { parseOrThrow } from './issues.js';
import { compact, isPlainObject } from './plain.js';
import {
  type AdvancedOptionsFields,
  type AdvancedOptionsInput,
  type ExecutionFields,
  type ExecutionInput,
  executionSchema,
} from './schemas.js';

/** Fields of an execution; `advancedOptions` is an {@link AdvancedOptions} instance. */
export type ExecutionProperties = Readonly<Omit<ExecutionFields, 'advancedOptions'>> & {
  readonly advancedOptions?: AdvancedOptions;
};

/** The plain-object form of an execution, as `toObject()` returns it. */
export type ExecutionObject = Omit<ExecutionFields, 'advancedOptions'> & {
  advancedOptions?: AdvancedOptionsFields;
};

/** What `Execution.with()` accepts: fields to replace; `advancedOptions` is merged field by field. */
export type ExecutionPatch = Partial<Omit<ExecutionInput, 'advancedOptions'>> & {
  advancedOptions?: AdvancedOptionsInput;
};

/** The validated fields, assigned by the constructor. */
export interface Execution extends ExecutionProperties {}

/**
 * What to run: the model, where the input files are read and the outputs written, file types, secrets,
 * timeouts and parameters. Validated when built (every problem reported at once); immutable.
 *
 * @example
 * new ExecutionConfig.Execution({
 *   modelId: 'churn-model',
 *   bucket: 'my-bucket',
 *   sourceFolder: 'batch/input',
 *   destinationFolder: 'batch/output',
 *   inputFileType: 'parquet',
 * })
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Execution {
  constructor(input: ExecutionInput) {
    const fields = parseOrThrow(executionSchema, input, 'execution', 'execution');
    const { advancedOptions, ...rest } = fields;
    Object.assign(this, rest);
    if (advancedOptions) Object.assign(this, { advancedOptions: new AdvancedOptions(advancedOptions) });
    Object.freeze(this);
  }

  /** A copy with `patch` applied and validated again; `advancedOptions` is merged field by field. */
  with(patch: ExecutionPatch): Execution {
    const current = this.toObject();
    const advanced =
      patch.advancedOptions === undefined
        ? current.advancedOptions
        : isPlainObject(patch.advancedOptions)
          ? { ...current.advancedOptions, ...patch.advancedOptions }
          : patch.advancedOptions;
    return new Execution({ ...current, ...patch, advancedOptions: advanced } as ExecutionInput);
  }

  /** The execution as a plain object, without unset fields (defaults included). */
  toObject(): ExecutionObject {
    const { advancedOptions, parameters, ...rest } = this as ExecutionProperties;
    return compact({
      ...rest,
      parameters: { ...parameters },
      advancedOptions: advancedOptions?.toObject(),
    }) as ExecutionObject;
  }
}
