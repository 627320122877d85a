import { MissingDependencyError } from '../../errors.js';

type GoogleStorage = typeof import('@google-cloud/storage');

let sdk: Promise<GoogleStorage> | undefined;

/** `@google-cloud/storage`, imported on first use so that nothing loads it until a `gs://` URI is opened. */
export function loadGoogleStorage(): Promise<GoogleStorage> {
  sdk ??= import('@google-cloud/storage').catch((error: unknown) => {
    sdk = undefined;
    throw new MissingDependencyError('@google-cloud/storage', 'Reading or writing gs:// URIs', {
      cause: error,
    });
  });
  return sdk;
}
