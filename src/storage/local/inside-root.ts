import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { StorageError, type StorageOperation } from '../../errors.js';

/** Is `path` the folder `root` or inside it? Both must be absolute and resolved. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/**
 * The real path of `path` or of its nearest existing ancestor, checked to be inside the root's real path.
 * This is what refuses a symlink that leads outside the root, wherever it sits on the way.
 */
export async function assertInsideRoot(
  realRoot: string,
  path: string,
  operation: StorageOperation,
  uri: string,
): Promise<void> {
  let probe = path;
  const rest: string[] = [];
  for (;;) {
    try {
      // Parts below the nearest existing ancestor do not exist yet, so they cannot be links.
      const real = join(await realpath(probe), ...rest);
      if (!isInside(realRoot, real)) {
        throw new StorageError(operation, uri, 'the key leads outside the root through a symbolic link', {
          code: 'STORAGE_KEY_REFUSED',
        });
      }
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = dirname(probe);
      if (parent === probe) return;
      rest.unshift(basename(probe));
      probe = parent;
    }
  }
}
