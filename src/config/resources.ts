import { parseOrThrow } from './issues.js';
import { compact } from './plain.js';
import { type ResourcesFields, type ResourcesInput, resourcesSchema } from './schemas.js';

/** The validated fields, assigned by the constructor. */
export interface Resources extends Readonly<ResourcesFields> {}

/**
 * The size of an execution: pods, and per pod an instance template or CPUs, memory and GPUs. Every field
 * defaults to the deployed model's configuration. Validated when built; immutable.
 *
 * @example new ExecutionConfig.Resources({ pods: 4, cpus: 1, memory: '512Mi' })
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Resources {
  constructor(input: ResourcesInput = {}) {
    Object.assign(this, parseOrThrow(resourcesSchema, input, 'resources', 'resources'));
    Object.freeze(this);
  }

  /** A copy with `patch` applied (validated again). */
  with(patch: ResourcesInput): Resources {
    return new Resources({ ...this.toObject(), ...patch });
  }

  /** The resources as a plain object, without unset fields; memory in MiB. */
  toObject(): ResourcesFields {
    return compact({
      pods: this.pods,
      cpus: this.cpus,
      memory: this.memory,
      gpuType: this.gpuType,
      gpuAmount: this.gpuAmount,
      instance: this.instance,
    });
  }
}
