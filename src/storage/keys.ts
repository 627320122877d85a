import { StorageError, type StorageOperation } from '../errors.js';

/**
 * Checks a key relative to an adapter's root and returns it normalized (`/` separators, no `.` segments).
 * Refuses what would leave the root: `..` segments, absolute paths, drive letters, NUL bytes. `allowEmpty`
 * is for list prefixes, where `''` is the root itself.
 */
export function normalizeKey(
  key: string,
  operation: StorageOperation,
  uri: string,
  allowEmpty = false,
): string {
  if (typeof key !== 'string') throw new StorageError(operation, uri, 'the key must be a string');
  const refuse = (why: string) => new StorageError(operation, uri, `the key "${key}" is refused: ${why}`);
  if (key.includes('\0')) throw refuse('it contains a NUL byte');
  if (key.startsWith('/') || key.startsWith('\\') || /^[A-Za-z]:/.test(key)) {
    throw refuse('it is absolute; keys are relative to the root');
  }
  const parts = key.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refuse('".." would leave the root');
  const normalized = parts.join('/');
  if (!allowEmpty && normalized === '') throw refuse('it is empty');
  return normalized;
}

/** A list prefix as a folder: `''` or ending in `/`. */
export function folderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** Does `key` end in one of `extensions` (without dots, case-insensitive)? No filter when empty. */
export function matchesExtensions(key: string, extensions: readonly string[] | undefined): boolean {
  if (!extensions || extensions.length === 0) return true;
  const lower = key.toLowerCase();
  return extensions.some((ext) => lower.endsWith(`.${ext.replace(/^\./, '').toLowerCase()}`));
}

/** Orders keys by their UTF-8 bytes, the order S3 and GCS list in, so every adapter sorts alike. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
