import type { SecretResolver } from './secrets.js';

/** Static AWS credentials. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Options of the S3 adapter (`s3://`). Credentials are taken in this order: `credentials`, the
 * `accessTokenName`/`accessSecretName` secrets, then the AWS default chain (environment, profile, web
 * identity, instance role); `iamRoleArn`, when set, is assumed with whichever of those applies. */
export interface S3StorageOptions {
  /** AWS region. Default: the SDK's (AWS_REGION, profile), else `us-east-1`. */
  readonly region?: string;
  /** Endpoint of an S3-compatible store (e.g. `http://127.0.0.1:7480`). Default: AWS. */
  readonly endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`). Default `true` when `endpoint` is set, else `false`. */
  readonly forcePathStyle?: boolean;
  /** Static credentials, or a provider function as the AWS SDK takes. Default: see above. */
  readonly credentials?: S3Credentials | (() => Promise<S3Credentials>);
  /** Name of the secret holding the access key id (the execution config's `accessTokenName`). */
  readonly accessTokenName?: string;
  /** Name of the secret holding the secret access key (the execution config's `accessSecretName`). */
  readonly accessSecretName?: string;
  /** ARN of an IAM role to assume through STS AssumeRole (the config's `advancedOptions.iamRoleArn`). */
  readonly iamRoleArn?: string;
  /** STS endpoint used to assume `iamRoleArn`. Default: AWS STS of `region`. */
  readonly stsEndpoint?: string;
  /** An `S3Client` of `@aws-sdk/client-s3` to use as is (the options above are then ignored). */
  readonly client?: object;
  /** Objects at least this big are written by multipart upload. Bytes; default 16 MiB (minimum 5 MiB). */
  readonly multipartThreshold?: number;
  /** Part size of multipart uploads. Bytes; default 8 MiB (minimum 5 MiB, S3's rule). */
  readonly partSize?: number;
  /** Parts uploaded at once. Default 4. */
  readonly queueSize?: number;
  /** Attempts per request, retries included (the SDK retries 5xx, throttling and dropped connections). Default 3. */
  readonly maxAttempts?: number;
}

/** A Google service-account key (the JSON file's fields that matter here). */
export interface GcsServiceAccountKey {
  readonly client_email: string;
  readonly private_key: string;
  readonly project_id?: string;
}

/** Options of the GCS adapter (`gs://`). Credentials are taken in this order: `credentials`, the
 * `serviceAccountKeySecretName` secret, then Google's application default credentials. */
export interface GcsStorageOptions {
  /** API endpoint, e.g. an emulator's `http://127.0.0.1:4443`. Default: Google's. */
  readonly apiEndpoint?: string;
  /** Project id. Default: the key's `project_id`, else the environment's. */
  readonly projectId?: string;
  /** Name of the secret holding a service-account key as JSON (the config's `serviceAccountKeySecretName`). */
  readonly serviceAccountKeySecretName?: string;
  /** A service-account key to use directly. */
  readonly credentials?: GcsServiceAccountKey;
  /** A `Storage` of `@google-cloud/storage` to use as is (the options above are then ignored). */
  readonly client?: object;
  /** Objects at least this big are written by resumable upload. Bytes; default 8 MiB. */
  readonly resumableThreshold?: number;
  /** Chunk size of resumable uploads. Bytes, a multiple of 256 KiB; default 8 MiB. */
  readonly chunkSize?: number;
  /**
   * Attempts per request, retries included. Default 3 (with `client`: what its `retryOptions` allow). Reads
   * are retried by the adapter (HTTP 408, 429, 5xx, dropped or timed-out connections; exponential backoff from
   * 0.5 s to 16 s) and resume at the first byte not yet received; for them this bounds the attempts in a row
   * that receive no byte, so that a long download that is cut now and then still completes.
   */
  readonly maxAttempts?: number;
  /**
   * Longest wait for the answer to a read request, and then between two parts of its body, in milliseconds.
   * A read that waits longer is retried from the byte it reached, as after a dropped connection (which the
   * SDK's HTTP client can otherwise leave waiting forever). Default 60000.
   */
  readonly readIdleTimeout?: number;
}

/** Options of the local adapter (`file://`). */
export interface LocalStorageOptions {
  /**
   * Flush each written file to disk (`fsync`) before renaming it into place. Default `true`: a written file
   * survives a power loss or an OS crash. With `false` writes stay atomic (a reader, or a run after the process
   * was killed, sees the old complete file or the new complete one, never a part), but an OS crash soon after a
   * write may lose it. It saves the time of the disk flush, which depends on the disk: next to nothing on a
   * virtual disk that caches writes, up to the whole write's time on one that does not. Scratch outputs that a
   * rerun can rebuild are the use.
   */
  readonly fsync?: boolean;
  /**
   * Follow symbolic links that lead outside the root, for reading. Default `false`: a key that goes through such
   * a link is refused (`STORAGE_KEY_REFUSED`), and `list` leaves the link out, reporting it through `onSkip`. With
   * `true`, `list` follows links to files and to folders wherever they lead (listing the targets' sizes and
   * modification times; a link back to a folder being walked, a loop, is not followed), and `read`,
   * `readStream` and `stat` accept keys that go through them. For input folders made of links: DVC's symlink
   * cache links, Bazel outputs, a folder of links into a shared dataset.
   *
   * Still refused: keys with `..` or an absolute path (a key names something inside the root; only a link may
   * lead out); `write` and `delete` of a key that leads outside the root through a link, whatever this option
   * says, because a destination must never write or delete outside its folder: with the links of a symlink farm
   * in it, an output could otherwise overwrite or remove the shared file a link points to. A link to nothing is
   * still left out of listings and reported through `onSkip`.
   */
  readonly followLinks?: boolean;
}

/** Options of {@link openStorage}. */
export interface StorageOptions {
  /** Options for `file://` URIs (and plain paths). */
  readonly local?: LocalStorageOptions;
  /** Resolves secret names (access token and secret, service-account key). Default {@link envSecretResolver}. */
  readonly secretResolver?: SecretResolver;
  /** Options for `s3://` URIs. */
  readonly s3?: S3StorageOptions;
  /** Options for `gs://` URIs. */
  readonly gcs?: GcsStorageOptions;
  /** Aborts the opening (secret look-ups, role assumption). */
  readonly signal?: AbortSignal;
}
