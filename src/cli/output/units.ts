import { decodeFilePath } from '../../storage/uri.js';
/** `1536` → `1.5 kB` (powers of 1000, as file managers show sizes). */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `1234567` → `1,234,567`. */
export function formatCount(value: number | undefined): string {
  return value === undefined ? '-' : Math.round(value).toLocaleString('en-US');
}

/** Milliseconds as `850 ms`, `12.3 s`, `4m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60
    ? `${minutes}m ${String(seconds).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** An ETA in seconds as `0:42` or `1:02:03`; `--:--` when unknown. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** The part of `uri` after `folder` (both URIs), or its last segment when it is not inside. */
export function relativeName(uri: string, folder: string | undefined): string {
  const base = folder?.endsWith('/') ? folder : `${folder ?? ''}/`;
  const name = folder && uri.startsWith(base) ? uri.slice(base.length) : uri.slice(uri.lastIndexOf('/') + 1);
  // Only file:// URIs escape (`%` as `%25`); S3 and GCS keys are written as they are.
  return /^file:\/\//i.test(uri) ? decodeFilePath(name) : name;
}

/** The longest common folder (ending in `/`) of some URIs, or `undefined`. */
export function commonFolder(uris: readonly string[]): string | undefined {
  if (uris.length === 0) return undefined;
  let prefix = uris[0]!.slice(0, uris[0]!.lastIndexOf('/') + 1);
  for (const uri of uris) {
    while (prefix && !uri.startsWith(prefix))
      prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  }
  return prefix || undefined;
}
