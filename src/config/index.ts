export { AdvancedOptions } from './advanced-options.js';
export { parseDuration } from './duration.js';
export type { ExecutionObject, ExecutionPatch, ExecutionProperties } from './execution.js';
export { Execution } from './execution.js';
export type {
  ExecutionConfigObject,
  ExecutionConfigOptions,
  ExecutionConfigPatch,
} from './execution-config.js';
export { ExecutionConfig } from './execution-config.js';
export { parseMemory } from './memory.js';
export { Resources } from './resources.js';
export type {
  AdvancedOptionsFields,
  AdvancedOptionsInput,
  ExecutionConfigInput,
  ExecutionFields,
  ExecutionInput,
  ResourcesFields,
  ResourcesInput,
  WarmupFields,
  WarmupInput,
} from './schemas.js';
export type { ConfigFileType, GpuType, PurchaseOption } from './vocabulary.js';
export { FILE_TYPE_VALUES, GPU_TYPE_VALUES, PURCHASE_OPTION_VALUES } from './vocabulary.js';
export { Warmup } from './warmup.js';
