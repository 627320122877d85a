import { isAbsolute, resolve } from 'node:path';
import { StorageError } from '../errors.js';
import { folderPrefix, normalizeKey } from './keys.js';

/** A parsed storage URI. `uri` is the normalized form, always ending in `/` (it names a folder). */
export type StorageLocation =
  | { readonly scheme: 'file'; readonly path: string; readonly uri: string }
  | { readonly scheme: 's3' | 'gs'; readonly bucket: string; readonly prefix: string; readonly uri: string };

/** The URI schemes qwak-batch reads from and writes to. */
export const STORAGE_SCHEMES = ['file', 's3', 'gs'] as const;

// S3 and GCS bucket names: lowercase letters, digits, dots, hyphens (GCS also underscores), 3 to 222 chars.
const BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

/**
 * Parses `file://path` (absolute `file:///data/in` or relative to the working folder `file://data/in`),
 * `s3://bucket/prefix` or `gs://bucket/prefix`. Anything else — another scheme, or a plain path without
 * `file://` — is a {@link StorageError} saying what to write instead. A `file://` path is percent-decoded as
 * file URLs are (`file:///my%20data` is the folder `/my data`, what `pathToFileURL` gives), and a path typed as is
 * (`file:///my data`) is taken literally; a `%` not followed by two hex digits stays a `%`. The normalized URI
 * writes the path as is, with only `%` encoded (`%25`), so that `parseStorageUri(location.uri)` gives the same
 * folder back.
 */
export function parseStorageUri(uri: string): StorageLocation {
  const fail = (why: string) => new StorageError('parse-uri', String(uri), why);
  if (typeof uri !== 'string' || uri.trim() === '') throw fail('the URI is empty');
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(uri);
  if (!match) {
    throw fail(
      'it has no scheme; write file://<path> for a local folder, s3://<bucket>/<prefix> or gs://<bucket>/<prefix>',
    );
  }
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (scheme === 'file') {
    let path = decodeFilePath(rest.startsWith('localhost/') ? rest.slice('localhost'.length) : rest);
    if (path === '') throw fail('the path is empty; write file://<path>');
    if (path.includes('\0')) throw fail('the path contains a NUL byte');
    path = isAbsolute(path) ? resolve(path) : resolve(process.cwd(), path);
    const written = encodeFilePath(path);
    return { scheme: 'file', path, uri: written.endsWith('/') ? `file://${written}` : `file://${written}/` };
  }
  if (scheme === 's3' || scheme === 'gs') {
    const slash = rest.indexOf('/');
    const bucket = slash === -1 ? rest : rest.slice(0, slash);
    const rawPrefix = slash === -1 ? '' : rest.slice(slash + 1).replace(/^\/+/, '');
    if (!BUCKET.test(bucket)) {
      throw fail(`"${bucket}" is not a valid bucket name (3-222 lowercase letters, digits, ".", "-", "_")`);
    }
    const prefix = folderPrefix(normalizeKey(rawPrefix, 'parse-uri', uri, true));
    return { scheme, bucket, prefix, uri: `${scheme}://${bucket}/${prefix}` };
  }
  throw fail(`the scheme "${scheme}://" is not supported; use file://, s3:// or gs://`);
}

/**
 * A `file://` URI's path with its percent escapes decoded: each run of `%XX` that decodes to valid UTF-8 (a run
 * that does not, or a `%` without two hex digits, stays as written).
 */
export function decodeFilePath(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** A path or key as written in a `file://` URI: as is, but `%` as `%25`, so that decoding gives it back. */
export function encodeFilePath(path: string): string {
  return path.replaceAll('%', '%25');
}

/** A bucket and folder as an execution config gives them (`bucket` + `sourceFolder`, …). */
export interface BucketFolder {
  /** Bucket name (`my-bucket`) or URI (`s3://my-bucket`, `gs://my-bucket`); unused for `file://` folders. */
  readonly bucket?: string | undefined;
  /** Folder in the bucket (`batch/input`), or a full URI (`file://…`, `s3://…`, `gs://…`). */
  readonly folder: string;
  /** Scheme for a bare bucket name. Default `s3`, the platform's store on AWS. */
  readonly defaultScheme?: 's3' | 'gs';
}

/**
 * The storage URI of an execution config's bucket + folder pair: a folder that is already a URI wins; a
 * bucket URI is joined with the folder; a bare bucket name gets `defaultScheme`. Without a bucket, the folder
 * must be a URI.
 */
export function storageUriFor(location: BucketFolder): string {
  const { bucket, folder } = location;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(folder)) return parseStorageUri(folder).uri;
  const trimmed = folder.replace(/^\/+/, '');
  if (!bucket) {
    throw new StorageError(
      'parse-uri',
      folder,
      'no bucket is set and the folder is not a URI; set a bucket or write the folder as file://, s3:// or gs://',
    );
  }
  const base = /^[a-z0-9]+:\/\//i.test(bucket) ? bucket : `${location.defaultScheme ?? 's3'}://${bucket}`;
  return parseStorageUri(`${base.replace(/\/+$/, '')}/${trimmed}`).uri;
}
