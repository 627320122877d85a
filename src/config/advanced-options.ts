import { parseOrThrow } from './issues.js';
import { compact } from './plain.js';
import { type AdvancedOptionsFields, type AdvancedOptionsInput, advancedOptionsSchema } from './schemas.js';

/** The validated fields, assigned by the constructor. */
export interface AdvancedOptions extends Readonly<AdvancedOptionsFields> {}

/**
 * Advanced options of an execution: the purchase option (`on-demand` or `spot`) and a custom IAM role.
 * Validated when built; immutable.
 *
 * @example new ExecutionConfig.AdvancedOptions({ purchaseOption: 'spot' })
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class AdvancedOptions {
  constructor(input: AdvancedOptionsInput = {}) {
    Object.assign(this, parseOrThrow(advancedOptionsSchema, input, 'advancedOptions', 'advanced options'));
    Object.freeze(this);
  }

  /** A copy with `patch` applied (validated again). */
  with(patch: AdvancedOptionsInput): AdvancedOptions {
    return new AdvancedOptions({ ...this.toObject(), ...patch });
  }

  /** The options as a plain object, without unset fields. */
  toObject(): AdvancedOptionsFields {
    return compact({ purchaseOption: this.purchaseOption, iamRoleArn: this.iamRoleArn });
  }
}
