// Entry of `qwak-batch/s3`: the S3 adapter. Importing it still loads no AWS code until an adapter is created.
export type { S3Credentials, S3StorageOptions, StorageOptions } from '../options.js';
export { createS3Storage } from './s3-storage.js';
