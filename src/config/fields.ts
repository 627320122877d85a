import { z } from 'zod';
import { showValue as show } from './show-value.js';
import {
  type ConfigFileType,
  ENV_NAME,
  FILE_TYPE_VALUES,
  GPU_TYPE_VALUES,
  type GpuType,
  IAM_ROLE_ARN,
  INSTANCE_ID,
  PURCHASE_OPTION_VALUES,
  type PurchaseOption,
} from './vocabulary.js';

/*
 * The enum-like fields take the known values as their input type, so that editors complete them, in the
 * casings people write; `string & {}` keeps any other string allowed (checked, case-insensitively, when the
 * config is built) without collapsing the union to plain `string`. Written inline, not as named types: the
 * public declarations (and the API reference) then show the values themselves.
 */
/*
 * Field schemas, one per kind of value. Each message says what is wrong and how to fix it; the path of the
 * field is added by the caller (see issues.ts).
 */

/** A required, non-empty string. `fix` tells what the field should hold. */
export const requiredText = (fix: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `required: ${fix}` : `must be a string: ${fix}`) })
    .trim()
    .min(1, { error: `must not be empty: ${fix}` });

/** An optional, non-empty string. */
export const optionalText = (fix: string) =>
  z
    .string({ error: `must be a string: ${fix}` })
    .trim()
    .min(1, { error: `must not be empty: ${fix}, or leave it out` })
    .optional();

/** `csv`, `parquet` or `feather`, case-insensitive. */
export const fileType = z
  .custom<ConfigFileType | Uppercase<ConfigFileType> | (string & {})>()
  .transform((value, ctx) => {
    const lower = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    const found = FILE_TYPE_VALUES.find((t) => t === lower);
    if (found) return found;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `must be one of ${FILE_TYPE_VALUES.join(', ')} (case-insensitive); got ${show(value)}`,
    });
    return z.NEVER;
  });

/** A GPU type of the platform, case-insensitive. */
export const gpuType = z
  .custom<GpuType | Lowercase<GpuType> | (string & {})>()
  .transform((value, ctx): GpuType => {
    const upper = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
    const found = GPU_TYPE_VALUES.find((t) => t === upper);
    if (found) return found;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `must be one of ${GPU_TYPE_VALUES.join(', ')}; got ${show(value)}`,
    });
    return z.NEVER;
  });

/** `on-demand` or `spot`, case-insensitive (`ondemand` is read as `on-demand`). */
export const purchaseOption = z
  .custom<PurchaseOption | Uppercase<PurchaseOption> | 'ondemand' | (string & {})>()
  .transform((value, ctx): PurchaseOption => {
    const lower =
      typeof value === 'string'
        ? value
            .trim()
            .toLowerCase()
            .replace(/^ondemand$/, 'on-demand')
        : '';
    const found = PURCHASE_OPTION_VALUES.find((t) => t === lower);
    if (found) return found;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `must be "on-demand" or "spot"; got ${show(value)}`,
    });
    return z.NEVER;
  });

/** An AWS IAM role ARN. */
export const iamRoleArn = z
  .string({ error: 'must be a string such as "arn:aws:iam::123456789012:role/my-role"' })
  .trim()
  .regex(IAM_ROLE_ARN, {
    error: (iss) =>
      `must be an IAM role ARN such as "arn:aws:iam::123456789012:role/my-role"; got ${show(iss.input)}`,
  });

/** An instance template id such as `small` or `gpu.a10.xl`. */
export const instanceId = z
  .string({ error: 'must be a string such as "small" or "gpu.a10.xl"' })
  .trim()
  .regex(INSTANCE_ID, {
    error: (iss) => `must be an instance type such as "small" or "gpu.a10.xl"; got ${show(iss.input)}`,
  });

/** Parameters: keys are environment variable names, values strings. */
export const parameters = z.custom<Readonly<Record<string, string>>>().transform((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: `must be an object of string values, e.g. { "THRESHOLD": "0.5" }; got ${show(value)}`,
    });
    return z.NEVER;
  }
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!ENV_NAME.test(key)) {
      ctx.issues.push({
        code: 'custom',
        input: key,
        path: [key],
        message: `parameter name ${show(key)} is not a valid environment variable name (letters, digits and _, not starting with a digit)`,
      });
    } else if (typeof v !== 'string') {
      ctx.issues.push({
        code: 'custom',
        input: v,
        path: [key],
        message: `must be a string (parameters become environment variables); got ${show(v)}, write it as ${show(String(v))}`,
      });
    } else {
      out[key] = v;
    }
  }
  return Object.freeze(out);
});
