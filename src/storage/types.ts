/** One object (file) found by {@link StorageAdapter.list}. */
export interface StorageObject {
  /** Key relative to the adapter's root, with `/` separators (e.g. `part-0001.csv` or `2024/a.csv`). */
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
  /** Last modification time, where the store gives it. */
  readonly lastModified?: Date;
  /**
   * Local files only: the absolute path of the file this key reads, every symbolic link resolved. Two keys
   * with one `realPath` are one file; the runner uses it to refuse an output that would replace an input.
   */
  readonly realPath?: string;
}

/** An entry that {@link StorageAdapter.list} found but left out, and why. */
export interface SkippedEntry {
  /** Key of the entry, relative to the adapter's root. */
  readonly key: string;
  /** Why it is not listed, e.g. `a symbolic link to a file outside the folder`. */
  readonly reason: string;
}

/** Options of {@link StorageAdapter.list}. */
export interface ListOptions {
  /** Only keys ending in one of these extensions (without the dot), matched case-insensitively. */
  readonly extensions?: readonly string[];
  /** Descend into sub-folders. Default `false`, as on the platform. */
  readonly recursive?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Called for each entry whose name matches `extensions` but that is not listed, so that a caller can say so
   * instead of silently running fewer files: in a local folder, a symbolic link that leads outside the folder
   * (unless the adapter's `followLinks` is set) or nowhere, or something that is not a file (a FIFO, a socket).
   * Buckets have no such entries.
   */
  readonly onSkip?: (entry: SkippedEntry) => void;
}

/** Options of reads and writes. */
export interface IoOptions {
  readonly signal?: AbortSignal;
}

/** Options of writes. */
export interface WriteOptions extends IoOptions {
  /**
   * Called once when the adapter needs the given bytes no more, which may be before the write is durable and
   * visible: local storage calls it after the last byte went to the temp file, before the flush to disk and
   * the rename. A caller may then free the bytes and start other work while the write finishes. Adapters
   * that cannot tell that moment (S3, GCS) do not call it; the end of the write then means the same. It must
   * not throw.
   */
  readonly onBytesWritten?: () => void;
}

/** Bytes to write: a whole buffer or a stream of chunks. */
export type WriteInput = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * A folder in some store (`file://`, `s3://`, `gs://`), rooted at a URI. Keys are relative to that root and
 * may not escape it.
 */
export interface StorageAdapter {
  /** URI scheme: `file`, `s3` or `gs`. */
  readonly scheme: string;
  /** The root URI, e.g. `s3://bucket/input/`. */
  readonly uri: string;
  /** Lists objects under `prefix` (relative to the root; `''` for the root itself), sorted by key. */
  list(prefix: string, options?: ListOptions): AsyncIterable<StorageObject>;
  /** Reads a whole object. */
  read(key: string, options?: IoOptions): Promise<Uint8Array>;
  /** Reads an object as a stream of chunks. */
  readStream(key: string, options?: IoOptions): AsyncIterable<Uint8Array>;
  /**
   * Writes an object so that readers only ever see the old complete object or the new complete one,
   * never a part. Creates missing folders. Resolves to the bytes written.
   */
  write(key: string, data: WriteInput, options?: WriteOptions): Promise<{ readonly size: number }>;
  /** Size and time of one object, or `undefined` when it does not exist. */
  stat(key: string, options?: IoOptions): Promise<StorageObject | undefined>;
  /** Deletes one object; no error when it does not exist. */
  delete(key: string, options?: IoOptions): Promise<void>;
  /** The full URI of `key`, for messages and ledgers. */
  describe(key?: string): string;
  /** Releases clients and sockets. */
  close?(): Promise<void>;
}
