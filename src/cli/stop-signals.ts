import { AbortError } from '../errors.js';

/**
 * The signals that stop the CLI cleanly, with the exit code of each: 128 + the signal's number, as shells
 * report a process that a signal ended. SIGTERM is what `kill`, `timeout`, systemd, Docker and Kubernetes
 * send; left to its default action it would end the process in the middle of a write.
 */
export const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof STOP_SIGNALS;

/** Exit codes of the abort reasons made here, so that the exit code follows the signal that stopped the run. */
const exitCodes = new WeakMap<object, number>();

/** The abort reason for `signal`: an AbortError whose message says what stopped the command. */
export function stopReason(signal: StopSignal): AbortError {
  const reason = new AbortError(signal === 'SIGINT' ? 'interrupted (Ctrl-C)' : 'terminated (SIGTERM)');
  exitCodes.set(reason, STOP_SIGNALS[signal]);
  return reason;
}

/** The exit code of the stop signal that aborted `signal`; `undefined` when no stop signal did. */
export function stopExitCode(signal: AbortSignal | undefined): number | undefined {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return typeof reason === 'object' && reason !== null ? exitCodes.get(reason) : undefined;
}

/**
 * What stopped the command when a stop signal aborted `signal` (`interrupted (Ctrl-C)`, `terminated
 * (SIGTERM)`), for the summary of a run it cut short; `undefined` when no stop signal did.
 */
export function stopDescription(signal: AbortSignal | undefined): string | undefined {
  return stopExitCode(signal) === undefined ? undefined : (signal!.reason as AbortError).message;
}

/**
 * Aborts `controller` on the first SIGINT or SIGTERM, so that the running operation stops through its
 * AbortSignal (a local run stops its tasks and removes its temp files); a second signal while it stops ends
 * the process at once, with that signal's exit code.
 */
export function abortOnStopSignals(controller: AbortController): void {
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(STOP_SIGNALS[signal]);
      controller.abort(stopReason(signal));
    });
  }
}
