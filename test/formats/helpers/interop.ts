import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (test/formats/helpers → three levels up). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `../shared/interop` relative to the project root: third-party files, never copied into the project. */
export const INTEROP_ROOT = resolve(PROJECT_ROOT, '../shared/interop');

/** The path of an interop folder, and the reason to skip when it is absent. */
export function interopFolder(sub: string): { path: string; skip: string | undefined } {
  const path = join(INTEROP_ROOT, sub);
  const skip = existsSync(path)
    ? undefined
    : `interop folder ${path} is absent: these compatibility tests need ../shared/interop (see its README)`;
  if (skip) console.warn(`SKIPPED: ${skip}`);
  return { path, skip };
}
