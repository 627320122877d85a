import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.js';
import { openStorage, parseStorageUri, storageUriFor } from '../../src/storage/index.js';

describe('parseStorageUri', () => {
  it('parses file, s3 and gs URIs into normalized folders', () => {
    expect(parseStorageUri('file:///data/in')).toEqual({
      scheme: 'file',
      path: '/data/in',
      uri: 'file:///data/in/',
    });
    expect(parseStorageUri('s3://my-bucket/batch/input')).toEqual({
      scheme: 's3',
      bucket: 'my-bucket',
      prefix: 'batch/input/',
      uri: 's3://my-bucket/batch/input/',
    });
    expect(parseStorageUri('gs://b_1.x')).toEqual({
      scheme: 'gs',
      bucket: 'b_1.x',
      prefix: '',
      uri: 'gs://b_1.x/',
    });
    expect(parseStorageUri('S3://bkt//a//b/')).toMatchObject({ prefix: 'a/b/', uri: 's3://bkt/a/b/' });
    expect(parseStorageUri('file://rel/x')).toMatchObject({ path: `${process.cwd()}/rel/x` });
  });

  it('percent-decodes file:// paths as file URLs are, takes typed ones as they are, and round-trips', () => {
    const cases: [string, string][] = [
      ['file:///my%20data/r%C3%A9sum%C3%A9%20%231', '/my data/résumé #1'],
      ['file:///my data/résumé #1', '/my data/résumé #1'],
      // A % without two hex digits, or escapes that are not UTF-8, stay as written.
      ['file:///data/100%/x%zz', '/data/100%/x%zz'],
      ['file:///data/%FF%FE', '/data/%FF%FE'],
      ['file:///data/50%25', '/data/50%'],
    ];
    for (const [uri, path] of cases) {
      const location = parseStorageUri(uri);
      expect(location).toMatchObject({ scheme: 'file', path });
      expect(parseStorageUri(location.uri)).toEqual(location);
    }
    expect(parseStorageUri('file:///data/50%25').uri).toBe('file:///data/50%25/');
    expect(parseStorageUri(pathToFileURL('/tmp/a b/ü?#').href)).toMatchObject({ path: '/tmp/a b/ü?#' });
  });

  it.each([
    ['/data/in', /no scheme.*file:\/\//],
    ['data/in', /no scheme/],
    ['http://host/x', /"http:\/\/" is not supported/],
    ['azure://c/x', /not supported/],
    ['s3://', /not a valid bucket/],
    ['s3://Upper/x', /not a valid bucket/],
    ['gs://bkt/../x', /"\.\."/],
    ['file://', /empty/],
    ['', /empty/],
  ])('refuses %j with a clear StorageError', (uri, message) => {
    const e = (() => {
      try {
        parseStorageUri(uri);
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(StorageError);
    expect((e as StorageError).operation).toBe('parse-uri');
    expect((e as Error).message).toMatch(message);
  });

  it('rejects from openStorage too', async () => {
    await expect(openStorage('/tmp/x')).rejects.toBeInstanceOf(StorageError);
  });
});

describe('storageUriFor (execution config bucket + folder)', () => {
  it('joins a bare bucket with s3 by default, or the scheme asked for', () => {
    expect(storageUriFor({ bucket: 'bkt', folder: 'batch/in' })).toBe('s3://bkt/batch/in/');
    expect(storageUriFor({ bucket: 'bkt', folder: '/batch/in', defaultScheme: 'gs' })).toBe(
      'gs://bkt/batch/in/',
    );
    expect(storageUriFor({ bucket: 'gs://bkt/', folder: 'out' })).toBe('gs://bkt/out/');
  });
  it('takes a folder that is already a URI as is', () => {
    expect(storageUriFor({ bucket: 'ignored', folder: 'file:///tmp/in' })).toBe('file:///tmp/in/');
    expect(storageUriFor({ folder: 's3://b2b/x' })).toBe('s3://b2b/x/');
  });
  it('refuses a plain folder without a bucket', () => {
    expect(() => storageUriFor({ folder: 'batch/in' })).toThrow(/no bucket is set/);
  });
});
