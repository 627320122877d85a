import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { TEMP_PREFIX } from '../../src/storage/local/temp-name.js';

/**
 * Runs a node process that writes `name` into `folder` slowly through the local adapter, kills it with SIGKILL
 * once its temp file exists, and returns that temp's name and the dead writer's pid. The child runs this
 * checkout's sources (through tsx), so it tests the code as it is now and not a possibly stale build.
 */
export async function killedWriter(folder: string, name: string): Promise<{ temp: string; pid: number }> {
  const entry = pathToFileURL(resolve('src/storage/index.ts')).href;
  const code = `
    const { createLocalStorage } = await import(${JSON.stringify(entry)});
    const store = createLocalStorage(${JSON.stringify(folder)});
    async function* slow() {
      for (let i = 0; i < 100000; i++) {
        yield new Uint8Array(64 * 1024).fill(65);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await store.write(${JSON.stringify(name)}, slow());`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  const deadline = Date.now() + 20_000;
  let temp: string | undefined;
  try {
    while (!temp) {
      if (child.exitCode !== null) throw new Error(`the writer exited early: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no temp file appeared: ${stderr}`);
      temp = (await readdir(folder).catch(() => [] as string[])).find((n) => n.startsWith(TEMP_PREFIX));
      if (!temp) await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return { temp, pid: child.pid as number };
}
