import { inspect } from 'node:util';

/** What replaces a resumable session's id wherever it appears. */
export const REDACTED_UPLOAD_ID = 'upload_id=<redacted>';

// `upload_id=<id>` in a URL, also URL-encoded (`upload_id%3D<id>`) inside another URL's query. Ids are
// URL-safe characters; the replacement also takes whatever else follows up to a delimiter (over-redacting an
// encoded query's tail rather than leaving part of an id).
const UPLOAD_ID = /upload_id(?:=|%3D)([A-Za-z0-9_.~-]+)/gi;
const UPLOAD_ID_PARAM = /upload_id(?:=|%3D)[^&\s"'#,;)]+/gi;

/**
 * A resumable session URI is a capability: whoever holds it can upload into the object. This finds the
 * session ids an SDK error carries (in its message, `config.url`, `response.config.url`, a `location`
 * header…) and returns a function that removes them from a text, both as `upload_id=<id>` and bare (a server
 * may echo the id alone). `undefined` when the error carries none.
 */
export function sessionScrubber(error: unknown): ((text: string) => string) | undefined {
  let text: string;
  try {
    text = `${inspect(error, { depth: 10, breakLength: Number.POSITIVE_INFINITY })}\n${String((error as Error)?.stack ?? '')}`;
  } catch {
    text = String(error);
  }
  // Any mention counts, even one whose id has characters the id pattern does not expect.
  if (!/upload_id(?:=|%3D)/i.test(text)) return undefined;
  const ids = new Set<string>();
  for (const match of text.matchAll(UPLOAD_ID)) if (match[1]) ids.add(match[1]);
  return (value) => {
    let out = value.replace(UPLOAD_ID_PARAM, REDACTED_UPLOAD_ID);
    // Short values could match unrelated text; real ids are long.
    for (const id of ids) if (id.length >= 8) out = out.split(id).join('<redacted>');
    return out;
  };
}
