import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { closest } from './closest.js';
import { KNOWN_KEYS } from './known-keys.js';

/**
 * Validates `input` against `schema` and returns the parsed value, or throws one {@link ConfigError} listing
 * every problem, each with its dotted path under `prefix` (e.g. `execution.modelId`).
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix: string,
  subject?: string,
) {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.output<S>;
  throw new ConfigError(toIssues(result.error.issues, prefix, input), {
    subject: subject ?? prefix ?? undefined,
  });
}

/** Turns zod issues into messages that name the field and the fix. */
export function toIssues(issues: readonly z.core.$ZodIssue[], prefix: string, input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean);
    if (issue.code === 'unrecognized_keys') {
      const known = KNOWN_KEYS[base.join('.')] ?? [];
      for (const key of issue.keys) {
        const guess = closest(key, known);
        out.push({
          path: [...base, key].join('.'),
          message: `unknown field${guess ? `: did you mean "${guess}"?` : known.length ? `; known fields: ${known.join(', ')}` : ''}`,
        });
      }
    } else if (issue.code === 'invalid_type' && issue.expected === 'object') {
      out.push({
        path: base.join('.'),
        message: `must be an object${valueAt(input, issue.path) === undefined ? ' (required)' : ''}`,
      });
    } else {
      out.push({ path: base.join('.'), message: issue.message });
    }
  }
  return out;
}

/** The value at `path` in `input`, or `undefined` when any step is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
