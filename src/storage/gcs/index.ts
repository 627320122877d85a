// Entry of `qwak-batch/gcs`: the GCS adapter. Importing it still loads no Google code until an adapter is created.
export type { GcsServiceAccountKey, GcsStorageOptions, StorageOptions } from '../options.js';
export { createGcsStorage } from './gcs-storage.js';
