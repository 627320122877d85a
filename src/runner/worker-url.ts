import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The URL of the built worker entry (`dist/runner/worker.js`). The runner's code lives in a chunk directly
 * in `dist/`, so the worker is `./runner/worker.js` next to it; when the runner runs from its TypeScript
 * sources (tests of single units), the built worker is looked up in `../../dist/runner/worker.js`. A missing
 * worker shows as a failed task naming the path tried.
 */
export function workerUrl(): URL {
  const here =
    typeof __filename === 'string' ? pathToFileURL(__filename).href : (import.meta as { url?: string }).url;
  const candidates = [
    new URL('./runner/worker.js', here),
    // Inlined into a bundle one folder down (e.g. `dist/cli/main.js`).
    new URL('../runner/worker.js', here),
    new URL('../../dist/runner/worker.js', here),
  ];
  for (const candidate of candidates) {
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  return candidates[0]!;
}
