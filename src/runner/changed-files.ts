import { stat } from 'node:fs/promises';

/**
 * Whether any of `files` is gone or was modified after `sinceMs` (a `Date.now()` time): a kept worker that
 * loaded them then may run other code than the files on disk now hold. `undefined` files (unknown) count as
 * unchanged.
 */
export async function filesChangedSince(
  files: readonly string[] | undefined,
  sinceMs: number,
): Promise<boolean> {
  if (!files) return false;
  const changed = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (info) => info.mtimeMs > sinceMs,
        () => true,
      ),
    ),
  );
  return changed.includes(true);
}
