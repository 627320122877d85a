import { parseOrThrow } from './issues.js';
import { type WarmupFields, type WarmupInput, warmupSchema } from './schemas.js';

/** The validated fields, assigned by the constructor. */
export interface Warmup extends Readonly<WarmupFields> {}

/**
 * Warm-up of the model's pods before executions (`BatchJobManagerClient.startWarmup`). Validated when built;
 * immutable.
 *
 * @example new ExecutionConfig.Warmup({ timeout: '30m' })
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Warmup {
  constructor(input: WarmupInput = {}) {
    Object.assign(this, parseOrThrow(warmupSchema, input, 'warmup', 'warm-up settings'));
    Object.freeze(this);
  }

  /** A copy with `patch` applied (validated again). */
  with(patch: WarmupInput): Warmup {
    return new Warmup({ ...this.toObject(), ...patch });
  }

  /** The settings as a plain object. */
  toObject(): WarmupFields {
    return { timeout: this.timeout };
  }
}
