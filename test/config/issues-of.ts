import { expect } from 'vitest';
import { ConfigError, type ConfigIssue } from '../../src/errors.js';

/** The issues of the ConfigError that `build()` throws (or that the promise it returns rejects with). */
export async function configIssues(build: () => unknown): Promise<readonly ConfigIssue[]> {
  try {
    await build();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

/** The same as a map from path to message. */
export async function issueMessages(build: () => unknown): Promise<Record<string, string>> {
  return Object.fromEntries((await configIssues(build)).map((i) => [i.path, i.message]));
}
