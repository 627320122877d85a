import { ConfigError, type ConfigIssue } from '../errors.js';
import { isPlainObject } from './is-plain-object.js';

/** `source_bucket` → `sourceBucket`, so that configs written for the Python client load too. */
export function camelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Copies the keys of one section in camelCase; values are kept as they are. Throws {@link ConfigError} when two
 * keys name the same field (`model_id` and `modelId`) instead of dropping one; `at` is the section's dotted
 * path, for the message.
 */
export function camelizeKeys(value: unknown, at = ''): unknown {
  const issues: ConfigIssue[] = [];
  const out = camelizeSection(value, at, issues);
  if (issues.length > 0) throw new ConfigError(issues, { subject: 'configuration' });
  return out;
}

/**
 * A copy of one section with its keys in camelCase. Two keys that name the same field (`model_id` and
 * `modelId`) are an issue pushed to `issues`, even with equal values: one of them would be dropped silently,
 * and YAML refuses a key written twice in the same way. The first key's value is kept so that the rest of the
 * config can still be checked. `at` is the section's dotted path, for the messages.
 */
export function camelizeSection(value: unknown, at: string, issues: ConfigIssue[]): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  const seen = new Map<string, string>();
  const dotted = (key: string) => (at ? `${at}.${key}` : key);
  for (const [key, v] of Object.entries(value)) {
    const camel = camelKey(key);
    const first = seen.get(camel);
    if (first !== undefined) {
      issues.push({
        path: dotted(camel),
        message: `${dotted(first)} and ${dotted(key)} name the same field; give one`,
      });
      continue;
    }
    seen.set(camel, key);
    out[camel] = v;
  }
  return out;
}

/**
 * The whole configuration object with the keys of every section in camelCase (parameter names are kept as
 * they are), and the issues of keys that name the same field twice.
 */
export function camelizeConfig(value: Record<string, unknown>): {
  object: Record<string, unknown>;
  issues: ConfigIssue[];
} {
  const issues: ConfigIssue[] = [];
  const top = camelizeSection(value, '', issues) as Record<string, unknown>;
  const object: Record<string, unknown> = { ...top };
  for (const section of ['execution', 'resources', 'warmup'] as const) {
    if (section in top) object[section] = camelizeSection(top[section], section, issues);
  }
  const execution = object.execution;
  if (isPlainObject(execution) && 'advancedOptions' in execution) {
    execution.advancedOptions = camelizeSection(
      execution.advancedOptions,
      'execution.advancedOptions',
      issues,
    );
  }
  return { object, issues };
}
