import { cliMessage } from './cli-message.js';

/** An error as JSON, without its stack, its message as the CLI shows it: `{ name, code?, message }`. */
export function errorToJson(error: Error): { name: string; code?: string; message: string } {
  const code = (error as { code?: unknown }).code;
  return { name: error.name, ...(typeof code === 'string' ? { code } : {}), message: cliMessage(error) };
}

/**
 * What `--json` prints on stdout when a command fails before it printed its result (a bad flag, an invalid
 * config, a missing folder, a model that cannot load), so that stdout always holds one JSON document:
 * `{ "error": { name, code, message }, "exitCode": 2 }`. The human message still goes to stderr.
 */
export function errorDocument(error: unknown, exitCode: number): string {
  const value = error instanceof Error ? error : new Error(String(error));
  return `${JSON.stringify({ error: errorToJson(value), exitCode }, null, 2)}\n`;
}
