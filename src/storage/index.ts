// Entry of `qwak-batch/storage`. Loads no cloud SDK: the S3 and GCS adapters are imported on first use.
export { createLocalStorage } from './local/local-storage.js';
export { openStorage } from './open.js';
export type {
  GcsServiceAccountKey,
  GcsStorageOptions,
  LocalStorageOptions,
  S3Credentials,
  S3StorageOptions,
  StorageOptions,
} from './options.js';
export { envSecretResolver, type SecretResolver } from './secrets.js';
export type {
  IoOptions,
  ListOptions,
  SkippedEntry,
  StorageAdapter,
  StorageObject,
  WriteInput,
  WriteOptions,
} from './types.js';
export {
  type BucketFolder,
  parseStorageUri,
  STORAGE_SCHEMES,
  type StorageLocation,
  storageUriFor,
} from './uri.js';
