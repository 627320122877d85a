import { z } from 'zod';
import { parseDuration } from './duration.js';
import { parseMemory } from './memory.js';
import { showValue as show } from './show-value.js';
import { FLOAT32_MAX, INT32_MAX, limitIn } from './wire-limits.js';

/*
 * Numeric field schemas. Each checks its value against the platform's wire field (see wire-limits.ts) after
 * conversion to the wire's unit, and names the largest allowed value in the unit the user wrote.
 */

/** Reports `message` as the issue of `value` and ends the transform with no value. */
const failure =
  (
    ctx: { issues: { push(issue: { code: 'custom'; input: unknown; message: string }): unknown } },
    value: unknown,
  ) =>
  (message: string): never => {
    ctx.issues.push({ code: 'custom', input: value, message });
    return z.NEVER;
  };

const DURATION = /^\s*\d+\s*([smh]?)\s*$/i;
const SECONDS_PER: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** Whole seconds >= 0, where 0 means no timeout; also `"90s"`, `"15m"`, `"2h"`. At most 2^31 - 1 seconds. */
export const timeoutSeconds = z.custom<number | string>().transform((value, ctx) => {
  const fail = failure(ctx, value);
  const seconds = typeof value === 'number' || typeof value === 'string' ? parseDuration(value) : undefined;
  const unit = typeof value === 'string' ? DURATION.exec(value)?.[1]?.toLowerCase() : undefined;
  // A well-formed duration whose seconds are past the wire's int32 (or even past 2^53, where parseDuration gives up).
  const tooLarge =
    (seconds !== undefined && seconds > INT32_MAX) || (seconds === undefined && unit !== undefined);
  if (tooLarge) {
    const limit = unit
      ? `"${limitIn(INT32_MAX, SECONDS_PER[unit] ?? 1, unit)}" (${INT32_MAX} seconds, about 68 years`
      : `${INT32_MAX} (seconds, about 68 years`;
    return fail(`must be at most ${limit}; the platform keeps it in a 32-bit number); got ${show(value)}`);
  }
  if (seconds !== undefined) return seconds;
  return fail(
    `must be a whole number of seconds >= 0 (0 = no timeout), or a string such as "90s", "15m", "2h"; got ${show(value)}`,
  );
});

/** A whole number from `min` to 2^31 - 1 (the platform's int32 fields). */
export const wholeNumber = (min: number, fix: string) =>
  z.custom<number>().transform((value, ctx) => {
    const fail = failure(ctx, value);
    if (typeof value !== 'number' || Number.isNaN(value)) {
      return fail(`must be a number: ${fix}; got ${show(value)}`);
    }
    if (value > INT32_MAX) {
      return fail(
        `must be at most ${INT32_MAX} (the platform keeps it in a 32-bit number): ${fix}; got ${show(value)}`,
      );
    }
    if (!Number.isInteger(value)) return fail(`must be a whole number: ${fix}; got ${show(value)}`);
    if (value < min) return fail(`must be >= ${min}: ${fix}; got ${show(value)}`);
    return value;
  });

/** CPU cores per pod, fractions allowed; finite and within the platform's `float` field. */
export const cpuCores = z.custom<number>().transform((value, ctx) => {
  const fail = failure(ctx, value);
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return fail(`must be a number of CPU cores, e.g. 1 or 0.5; got ${show(value)}`);
  }
  if (value > FLOAT32_MAX) {
    return fail(
      `must be at most ${FLOAT32_MAX} (the platform keeps it in a 32-bit float): the number of CPU cores per pod; got ${show(value)}`,
    );
  }
  if (!(value > 0))
    return fail(`must be > 0: the number of CPU cores per pod, e.g. 1 or 0.5; got ${show(value)}`);
  return value;
});

const MEMORY = /^\s*\d+(?:\.\d+)?\s*([a-z]*)\s*$/i;
const MIB_PER: Record<string, [number, string]> = {
  mi: [1, 'Mi'],
  mib: [1, 'MiB'],
  gi: [1024, 'Gi'],
  gib: [1024, 'GiB'],
  ti: [1024 * 1024, 'Ti'],
  tib: [1024 * 1024, 'TiB'],
};

/** Memory in whole MiB: a number, or `"512Mi"`, `"2Gi"`. At most 2^31 - 1 MiB (the wire's int32, in MiB). */
export const memoryMib = z.custom<number | string>().transform((value, ctx) => {
  const fail = failure(ctx, value);
  const mib = typeof value === 'number' || typeof value === 'string' ? parseMemory(value) : undefined;
  if (mib !== undefined && mib > INT32_MAX) {
    const unit = typeof value === 'string' ? MEMORY.exec(value)?.[1]?.toLowerCase() : undefined;
    const [factor, name] = (unit && MIB_PER[unit]) || [1, ''];
    const limit =
      typeof value === 'number'
        ? `${INT32_MAX} (MiB`
        : `"${limitIn(INT32_MAX, factor, name || 'Mi')}" (${INT32_MAX} MiB`;
    return fail(`must be at most ${limit}; the platform keeps it in a 32-bit number); got ${show(value)}`);
  }
  if (mib !== undefined) return mib;
  return fail(`must be a whole number of MiB > 0, or a string such as "512Mi" or "2Gi"; got ${show(value)}`);
});
