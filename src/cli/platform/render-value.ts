/**
 * Renders an API result for people: an object as `key: value` lines, a list of objects as a table, dates as
 * ISO strings. Used for results whose fields the command does not format on its own.
 */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return renderTable(value);
  if (typeof value !== 'object' || value instanceof Date) return `${text(value)}\n`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  const lines: string[] = [];
  for (const [key, v] of entries) {
    if (Array.isArray(v) && v.some((item) => typeof item === 'object' && item !== null)) {
      lines.push(
        `${key}:`,
        ...renderTable(v)
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      );
    } else if (Array.isArray(v)) {
      lines.push(`${key}:`, ...v.map((item) => `  ${text(item)}`));
    } else {
      lines.push(`${`${key}:`.padEnd(width + 1)} ${text(v)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A list as a table with one column per key of its objects (or one value per line). */
export function renderTable(items: readonly unknown[]): string {
  if (items.length === 0) return '(none)\n';
  if (!items.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
    return `${items.map(text).join('\n')}\n`;
  }
  const rows = items as Record<string, unknown>[];
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((k) =>
    rows.some((r) => r[k] !== undefined),
  );
  const cells = rows.map((row) => keys.map((k) => text(row[k])));
  const headings = keys.map(heading);
  const widths = keys.map((_, i) => Math.max(headings[i]!.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(headings), ...cells.map(line)].join('\n')}\n`;
}

function heading(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '-';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
