import {
  advancedOptionsSchema,
  executionConfigSchema,
  executionSchema,
  resourcesSchema,
  warmupSchema,
} from './schemas.js';

/** Field names of each section by its dotted path, for "did you mean" hints on unknown fields. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(executionConfigSchema.shape),
  execution: Object.keys(executionSchema.shape),
  'execution.advancedOptions': Object.keys(advancedOptionsSchema.shape),
  advancedOptions: Object.keys(advancedOptionsSchema.shape),
  resources: Object.keys(resourcesSchema.shape),
  warmup: Object.keys(warmupSchema.shape),
};
