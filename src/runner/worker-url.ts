import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The URL of the built worker entry (`dist/runner/worker.js`). The runner's code lives in a chunk directly
 * in `dist/`, so the worker is `./runner/worker.js` next to it; when the runner runs from its TypeScript
 * sources (tests of single units), the built worker is looked up in `../../dist/runner/worker.js`. A missing
 * worker shows as a failed task naming the path tried.
 */
export function workerUrl(): URL {
  // The ES module build first: `__filename` may also be a global of the host (`node -e` defines it as
  // '[eval]'), which would point the lookup at the working directory. In the CommonJS build `import.meta` is
  // empty and `__filename` is this module's own.
  const here = (import.meta as { url?: string }).url ?? pathToFileURL(__filename).href;
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
