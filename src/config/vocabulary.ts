/** File types of the platform, as the seed names them (case-insensitive on input). */
export const FILE_TYPE_VALUES = ['csv', 'parquet', 'feather'] as const;

/** Purchase options of the platform's advanced options. */
export const PURCHASE_OPTION_VALUES = ['on-demand', 'spot'] as const;

/** GPU types of the platform (`qwak.user_application.common.v0.GpuType`, without `INVALID_GPU_TYPE`). */
export const GPU_TYPE_VALUES = [
  'NVIDIA_K80',
  'NVIDIA_V100',
  'NVIDIA_A100',
  'NVIDIA_T4',
  'NVIDIA_A10G',
  'NVIDIA_L4',
  'NVIDIA_T4_1_4_15',
  'NVIDIA_T4_1_8_30',
  'NVIDIA_T4_1_16_60',
  'NVIDIA_A100_80GB_8_96_1360',
  'NVIDIA_V100_1_8_52',
  'NVIDIA_V100_4_32_208',
] as const;

/** One of {@link FILE_TYPE_VALUES}. */
export type ConfigFileType = (typeof FILE_TYPE_VALUES)[number];
/** One of {@link PURCHASE_OPTION_VALUES}. */
export type PurchaseOption = (typeof PURCHASE_OPTION_VALUES)[number];
/** One of {@link GPU_TYPE_VALUES}. */
export type GpuType = (typeof GPU_TYPE_VALUES)[number];

/** Names of environment variables, which parameters become on the platform. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An AWS IAM role ARN in any partition, e.g. `arn:aws:iam::123456789012:role/batch-reader`. */
export const IAM_ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Instance template ids such as `small`, `medium`, `gpu.a10.xl`. */
export const INSTANCE_ID = /^[a-z0-9][a-z0-9._-]*$/i;
