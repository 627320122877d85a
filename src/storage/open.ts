import { createLocalStorage } from './local/local-storage.js';
import type { StorageOptions } from './options.js';
import type { StorageAdapter } from './types.js';
import { parseStorageUri } from './uri.js';

/**
 * Opens the folder at `uri` (`file://`, `s3://`, `gs://`) as a {@link StorageAdapter}. The S3 and GCS
 * adapters, and their SDKs, are loaded only when such a URI is opened; a missing SDK is a
 * `MissingDependencyError` naming the package to install.
 */
export async function openStorage(uri: string, options: StorageOptions = {}): Promise<StorageAdapter> {
  const location = parseStorageUri(uri);
  switch (location.scheme) {
    case 'file':
      return createLocalStorage(location.uri, options.local);
    case 's3': {
      const { createS3Storage } = await import('./s3/s3-storage.js');
      return createS3Storage(location.uri, options);
    }
    case 'gs': {
      const { createGcsStorage } = await import('./gcs/gcs-storage.js');
      return createGcsStorage(location.uri, options);
    }
  }
}
