/**
 * The message of `error` as the command line shows it. The library's messages name its options (a worker out
 * of memory says "see workerResourceLimits"); a CLI user knows the flag that sets that option instead.
 */
export function cliMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!hasCode(error, 'ERR_WORKER_OUT_OF_MEMORY')) return message;
  return message.includes('workerResourceLimits')
    ? message.replaceAll('workerResourceLimits', '--worker-max-heap')
    : `${message} (raise the limit with --worker-max-heap <MB>)`;
}

/** True when `error` or one of its causes has `code`. */
function hasCode(error: unknown, code: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = current.cause;
  }
  return false;
}
