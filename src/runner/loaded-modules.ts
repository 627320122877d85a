import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Paths of the files this thread has loaded as modules (ES modules and CommonJS alike) outside `node_modules`:
 * in a worker, the model's own code and the files it imports. Node's loaders offer no list of ES modules, so
 * this asks the inspector: enabling the debugger makes V8 announce every script it holds. About 30 ms with
 * apache-arrow loaded, so it runs only when a kept pool asks, after a run. `undefined` when the inspector is
 * unavailable (a Node built without it): the caller then cannot tell what the model loaded.
 */
export async function loadedModuleFiles(): Promise<string[] | undefined> {
  try {
    const { Session } = await import('node:inspector/promises');
    const session = new Session();
    session.connect();
    const urls = new Set<string>();
    session.on('Debugger.scriptParsed', (message) => urls.add(message.params.url));
    try {
      await session.post('Debugger.enable');
      await session.post('Debugger.disable');
    } finally {
      session.disconnect();
    }
    return [...urls]
      .filter((url) => url.startsWith('file:'))
      .map((url) => fileURLToPath(url))
      .filter((path) => !path.split(sep).includes('node_modules'))
      .sort();
  } catch {
    return undefined;
  }
}
