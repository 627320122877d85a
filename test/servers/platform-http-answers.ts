/** Scripted answers shared by the platform's HTTP test servers. */
import type { ServerResponse } from 'node:http';

/** What a test server does with one request, once its checks passed. */
export type ScriptedAnswer =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status?: number; body: string; headers?: Record<string, string> }
  /** Closes the socket without an answer. */
  | { kind: 'reset' }
  /** Waits `delayMs`, then gives `then` (or the server's default answer). */
  | { kind: 'slow'; delayMs: number; then?: ScriptedAnswer };

/** Plays one scripted answer; `timers` collects pending delays so that closing the server can clear them. */
export async function sendAnswer(
  res: ServerResponse,
  answer: ScriptedAnswer,
  timers: Set<NodeJS.Timeout>,
  fallback: () => ScriptedAnswer,
): Promise<void> {
  switch (answer.kind) {
    case 'reset':
      res.socket?.destroy();
      return;
    case 'slow':
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, answer.delayMs);
        timers.add(timer);
      });
      if (res.destroyed || res.socket?.destroyed) return;
      return sendAnswer(res, answer.then ?? fallback(), timers, fallback);
    case 'json':
      res
        .writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
        .end(JSON.stringify(answer.body));
      return;
    case 'raw':
      res
        .writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
        .end(answer.body);
      return;
  }
}
