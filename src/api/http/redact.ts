/** Text shown in place of a secret. */
export const REDACTED = '[redacted]';

/**
 * `text` with every occurrence of each secret replaced by {@link REDACTED}, so that a server that echoes a
 * request (or a token) back cannot leak it into an error message, an error field or a log line.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real tokens and keys are long.
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return out;
}
