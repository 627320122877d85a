import type { Dirent } from 'node:fs';
import { open, readdir, readFile, realpath, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StorageError, StorageNotFoundError } from '../../errors.js';
import { throwIfAborted } from '../../internal/abort.js';
import { compareKeys, folderPrefix, matchesExtensions, normalizeKey } from '../keys.js';
import type { LocalStorageOptions } from '../options.js';
import type {
  IoOptions,
  ListOptions,
  StorageAdapter,
  StorageObject,
  WriteInput,
  WriteOptions,
} from '../types.js';
import { encodeFilePath, parseStorageUri } from '../uri.js';
import { atomicWrite, TEMP_PREFIX } from './atomic-write.js';
import { refuseFileRoot } from './folder-root.js';
import { assertInsideRoot, isInside } from './inside-root.js';
import { mapFsError } from './map-fs-error.js';
import { StaleTempSweeper } from './stale-temps.js';

/**
 * A folder on disk as a {@link StorageAdapter}. `uriOrPath` is a `file://` URI or a path (relative to the
 * working folder). The folder need not exist yet: writes create it. A folder that is a file, or lies under
 * one, is refused at once with a {@link StorageError} (code `STORAGE_NOT_A_FOLDER`). Keys that would leave it — `..`,
 * absolute paths, symbolic links that lead outside — are refused with a {@link StorageError}; with
 * `followLinks`, reads, stats and listings go through such links (writes and deletes never do).
 */
export function createLocalStorage(uriOrPath: string, options: LocalStorageOptions = {}): StorageAdapter {
  const location = parseStorageUri(
    /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(uriOrPath) ? uriOrPath : `file://${uriOrPath}`,
  );
  if (location.scheme !== 'file') {
    throw new StorageError('parse-uri', uriOrPath, 'createLocalStorage takes a file:// URI or a path');
  }
  refuseFileRoot(location.path, location.uri);
  return new LocalStorage(location.path, location.uri, options.fsync !== false, options.followLinks === true);
}

class LocalStorage implements StorageAdapter {
  readonly scheme = 'file';
  /** Clears temps left by killed writers from each folder this adapter writes into, once per folder. */
  private readonly sweeper = new StaleTempSweeper();

  constructor(
    private readonly root: string,
    readonly uri: string,
    private readonly fsync: boolean,
    /** Reading operations go through links that lead outside the root (see `LocalStorageOptions`). */
    private readonly followLinks: boolean,
  ) {}

  describe(key?: string): string {
    return key ? `${this.uri}${encodeFilePath(key)}` : this.uri;
  }

  /** The root's real path; for a root not yet created, its nearest existing ancestor's plus the rest. */
  private async realRoot(): Promise<string> {
    let probe = this.root;
    const rest: string[] = [];
    for (;;) {
      try {
        return join(await realpath(probe), ...rest);
      } catch (error) {
        const parent = dirname(probe);
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === probe) throw error;
        rest.unshift(basename(probe));
        probe = parent;
      }
    }
  }

  /**
   * The absolute path of a key, checked against the root (also through symlinks). With `followLinks`, only the
   * key itself is checked for reading operations: it cannot hold `..` or be absolute, but may go through a
   * link. Writes and deletes are always checked through links, so that they never touch a file outside.
   */
  private async pathOf(
    key: string,
    operation: 'read' | 'write' | 'stat' | 'delete' | 'list',
    allowEmpty = false,
  ) {
    const normalized = normalizeKey(key, operation, this.describe(), allowEmpty);
    const path = join(this.root, normalized);
    const uri = this.describe(normalized);
    const reading = operation === 'read' || operation === 'stat' || operation === 'list';
    if (this.followLinks && reading) return { path, uri, key: normalized };
    try {
      await assertInsideRoot(await this.realRoot(), path, operation, uri);
    } catch (error) {
      throw mapFsError(error, operation, uri);
    }
    return { path, uri, key: normalized };
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<StorageObject> {
    const { path, uri, key } = await this.pathOf(prefix, 'list', true);
    const base = key === '' ? '' : folderPrefix(key);
    const found: StorageObject[] = [];
    try {
      const realRoot = await this.realRoot();
      await this.walk(path, base, realRoot, options, found, new Set());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A missing sub-folder lists as empty, as a prefix without objects does in a bucket; a missing root
      // is an error, because it usually means a mistyped source folder.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && base !== '') return;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new StorageNotFoundError('list', uri, 'the folder does not exist', { cause: error });
      }
      throw mapFsError(error, 'list', uri);
    }
    found.sort((a, b) => compareKeys(a.key, b.key));
    yield* found;
  }

  private async walk(
    folder: string,
    keyPrefix: string,
    realRoot: string,
    options: ListOptions,
    found: StorageObject[],
    ancestors: ReadonlySet<string>,
  ): Promise<void> {
    throwIfAborted(options.signal, `Listing ${this.describe(keyPrefix)}`);
    const real = await realpath(folder);
    // A link back to a folder being walked (a loop) is not walked again. The same folder reached through two
    // links that do not nest is listed under both prefixes, as a bucket lists two keys.
    if (ancestors.has(real)) return;
    const walking = new Set(ancestors).add(real);
    const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_PREFIX)) continue;
      const path = join(folder, entry.name);
      const key = `${keyPrefix}${entry.name}`;
      let isFile = entry.isFile();
      let isDir = entry.isDirectory();
      let realPath = join(real, entry.name);
      const matches = matchesExtensions(key, options.extensions);
      if (entry.isSymbolicLink()) {
        // Links are followed only when they stay inside the root, unless followLinks says to follow them
        // anywhere; others are not part of the folder. A link to nothing never is.
        const target = await realpath(path).catch(() => undefined);
        if (!target || (!this.followLinks && !isInside(realRoot, target))) {
          if (matches) {
            options.onSkip?.({
              key,
              reason: target
                ? 'a symbolic link to a file outside the folder (followLinks, or --follow-links in the CLI, reads through it)'
                : 'a symbolic link to nothing',
            });
          } else if (
            target &&
            options.recursive &&
            (await stat(target).catch(() => undefined))?.isDirectory()
          ) {
            // Whatever its name, a link to a folder hides every file under it from a recursive listing.
            options.onSkip?.({
              key,
              reason:
                'a symbolic link to a folder outside the folder (followLinks, or --follow-links in the CLI, walks it)',
            });
          }
          continue;
        }
        realPath = target;
        const info = await stat(target);
        isFile = info.isFile();
        isDir = info.isDirectory();
      }
      if (isDir && options.recursive) {
        await this.walk(path, `${key}/`, realRoot, options, found, walking);
      } else if (isFile && matches) {
        const info = await stat(path);
        found.push({ key, size: info.size, lastModified: info.mtime, realPath });
      } else if (matches && !isDir) {
        options.onSkip?.({ key, reason: 'not a regular file' });
      }
    }
  }

  async read(key: string, options: IoOptions = {}): Promise<Uint8Array> {
    const { path, uri } = await this.pathOf(key, 'read');
    try {
      const buffer = await readFile(path, { signal: options.signal });
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      throw mapFsError(error, 'read', uri);
    }
  }

  async *readStream(key: string, options: IoOptions = {}): AsyncIterable<Uint8Array> {
    const { path, uri } = await this.pathOf(key, 'read');
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw mapFsError(error, 'read', uri);
    }
    // The stream owns the handle from here: it closes it when it ends or is destroyed.
    const stream = handle.createReadStream({ highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream) {
        throwIfAborted(options.signal, `Reading ${uri}`);
        yield chunk as Buffer;
      }
    } catch (error) {
      throw mapFsError(error, 'read', uri);
    } finally {
      stream.destroy();
    }
  }

  async write(key: string, data: WriteInput, options: WriteOptions = {}): Promise<{ readonly size: number }> {
    const { path, uri } = await this.pathOf(key, 'write');
    // Alongside the write, not before it: one readdir that never rejects, so it costs the write no time.
    const sweeping = this.sweeper.sweep(dirname(path));
    try {
      return {
        size: await atomicWrite(path, data, {
          signal: options.signal,
          fsync: this.fsync,
          onBytesWritten: options.onBytesWritten,
        }),
      };
    } catch (error) {
      throw mapFsError(error, 'write', uri);
    } finally {
      await sweeping;
    }
  }

  async stat(key: string, options: IoOptions = {}): Promise<StorageObject | undefined> {
    throwIfAborted(options.signal);
    const { path, uri, key: normalized } = await this.pathOf(key, 'stat');
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { key: normalized, size: info.size, lastModified: info.mtime, realPath: await realpath(path) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw mapFsError(error, 'stat', uri);
    }
  }

  async delete(key: string, options: IoOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const { path, uri } = await this.pathOf(key, 'delete');
    try {
      await unlink(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw mapFsError(error, 'delete', uri);
    }
  }
}
