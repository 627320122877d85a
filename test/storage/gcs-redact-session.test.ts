import { GaxiosError } from 'gaxios';
import { describe, expect, it } from 'vitest';
import { StorageError, StorageNotFoundError } from '../../src/errors.js';
import { mapGcsError } from '../../src/storage/gcs/map-gcs-error.js';
import { reachableText } from './reachable-text.js';

// The SDK's own error class (gaxios, which @google-cloud/storage uses for its requests), shaped as a failed
// request to a resumable session: the session URI sits in the message, config.url, response.config.url and a
// `location` header, and a server may echo the bare id in its body.
const ID = 'ADPycdu0Vx1f0bQ3session7id';
const SESSION = `https://storage.googleapis.com/upload/storage/v1/b/bkt/o?uploadType=resumable&name=a.bin&upload_id=${ID}`;
const TOKEN = 'ya29.secret-access-token';

function sessionError(status: number, answer: string): GaxiosError {
  const config = { url: SESSION, method: 'PUT' as const, headers: { Authorization: `Bearer ${TOKEN}` } };
  const response = {
    config,
    status,
    statusText: 'Gone',
    headers: { location: SESSION, 'x-guploader-uploadid': ID },
    data: {
      error: { code: status, message: answer, errors: [{ reason: 'gone', message: `session ${ID} gone` }] },
    },
    request: { responseURL: SESSION },
  };
  return new GaxiosError(
    `Request failed with status code ${status}: ${SESSION}`,
    config as never,
    response as never,
  );
}

describe('mapGcsError keeps the resumable session id out of the error', () => {
  it('for an SDK error carrying the session URI everywhere', () => {
    const raw = sessionError(410, `The session ${SESSION} is gone`);
    const e = mapGcsError(raw, 'write', 'gs://bkt/a.bin', 'bkt');
    expect(e).toBeInstanceOf(StorageError);
    expect(e.message).toMatch(/HTTP 410: The session .*upload_id=<redacted>.* is gone/);
    const cause = e.cause as Error & { status?: unknown; code?: unknown };
    expect(cause).toBeInstanceOf(Error);
    expect(cause).not.toBe(raw);
    expect(cause.name).toBe('GaxiosError');
    expect(cause.status).toBe(410);
    expect(cause.message).toMatch(/^Request failed with status code 410: .*upload_id=<redacted>/);
    expect(cause.stack).toMatch(/Request failed with status code 410: .*upload_id=<redacted>/);
    const text = reachableText(e);
    expect(text).toContain('410');
    expect(text).not.toContain(ID);
    // The request's credentials were never to be copied either.
    expect(text).not.toContain(TOKEN);
    // The SDK's object is left as it was.
    expect(raw.config.url).toBe(SESSION);
  });

  it('for a 404 on the session', () => {
    const e = mapGcsError(sessionError(404, 'No such upload'), 'write', 'gs://bkt/a.bin', 'bkt');
    expect(e).toBeInstanceOf(StorageNotFoundError);
    expect(reachableText(e)).not.toContain(ID);
  });

  it('keeps any other error as its cause, unchanged', () => {
    const broken = new Error('the source broke');
    expect(mapGcsError(broken, 'write', 'gs://bkt/a.bin', 'bkt').cause).toBe(broken);
  });
});
