import { type Bucket, GcsHttpError, objectResource } from './store.js';

/** GCS lists in the byte order of the UTF-8 names. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** `GET /storage/v1/b/:bucket/o` with prefix, delimiter, maxResults (at most 1,000) and pageToken. */
export function listObjects(bucket: Bucket, url: URL, endpoint: string) {
  const prefix = url.searchParams.get('prefix') ?? '';
  const delimiter = url.searchParams.get('delimiter') ?? '';
  const maxParam = url.searchParams.get('maxResults');
  const maxResults = maxParam === null ? 1000 : Number(maxParam);
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw new GcsHttpError(400, 'invalid', `Invalid value for maxResults: ${maxParam}`);
  }
  const limit = Math.min(maxResults, 1000);
  const token = url.searchParams.get('pageToken');
  const after = token ? Buffer.from(token, 'base64url').toString() : undefined;
  if (token && !after) throw new GcsHttpError(400, 'invalid', 'Invalid pageToken');
  const names = [...bucket.objects.keys()].filter((n) => n.startsWith(prefix)).sort(compareNames);
  const items: ReturnType<typeof objectResource>[] = [];
  const prefixes: string[] = [];
  let last: string | undefined;
  let more = false;
  for (const name of names) {
    if (after !== undefined && compareNames(name, after) <= 0) continue;
    const cut = delimiter ? name.indexOf(delimiter, prefix.length) : -1;
    const entry = cut === -1 ? name : name.slice(0, cut + delimiter.length);
    if (cut !== -1 && (prefixes.at(-1) === entry || (after !== undefined && entry === after))) continue;
    if (items.length + prefixes.length >= limit) {
      more = true;
      break;
    }
    if (cut === -1) items.push(objectResource(bucket.objects.get(name)!, endpoint));
    else prefixes.push(entry);
    last = cut === -1 ? name : entry;
  }
  // A prefix entry as page token: skip every name under it on the next page.
  const next =
    more && last
      ? Buffer.from(last.endsWith(delimiter) && delimiter ? `${last}\u{10FFFF}` : last).toString('base64url')
      : undefined;
  return {
    kind: 'storage#objects',
    ...(items.length ? { items } : {}),
    ...(prefixes.length ? { prefixes } : {}),
    ...(next ? { nextPageToken: next } : {}),
  };
}
