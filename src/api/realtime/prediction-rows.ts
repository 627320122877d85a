/**
 * The rows of a real-time endpoint's answer. Accepted shapes (what pandas `to_json` and common model servers
 * produce): an array of row objects (`records`); `{"columns", "data"}` (`split`, `index` ignored);
 * `{"column": {"0": v, …}}` (`columns`); `{"column": [v, …]}` (lists of equal length). Returns `undefined`
 * for any other shape so that the caller can name the problem.
 */
export function predictionRows(answer: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(answer)) {
    return answer.every(isRecord) ? (answer as Record<string, unknown>[]) : undefined;
  }
  if (!isRecord(answer)) return undefined;
  if (Array.isArray(answer.columns) && Array.isArray(answer.data))
    return fromSplit(answer.columns, answer.data);
  const entries = Object.entries(answer);
  if (entries.length === 0) return [];
  if (entries.every(([, v]) => Array.isArray(v))) return fromLists(entries as [string, unknown[]][]);
  if (entries.every(([, v]) => isRecord(v)))
    return fromColumnsOrient(entries as [string, Record<string, unknown>][]);
  return undefined;
}

function fromSplit(columns: unknown[], data: unknown[]): Record<string, unknown>[] | undefined {
  if (!columns.every((c) => typeof c === 'string' || typeof c === 'number')) return undefined;
  const rows: Record<string, unknown>[] = [];
  for (const row of data) {
    if (!Array.isArray(row) || row.length !== columns.length) return undefined;
    rows.push(Object.fromEntries(columns.map((c, i) => [String(c), row[i]])));
  }
  return rows;
}

function fromLists(entries: [string, unknown[]][]): Record<string, unknown>[] | undefined {
  const length = entries[0]![1].length;
  if (entries.some(([, v]) => v.length !== length)) return undefined;
  return Array.from({ length }, (_, i) => Object.fromEntries(entries.map(([k, v]) => [k, v[i]])));
}

function fromColumnsOrient(entries: [string, Record<string, unknown>][]): Record<string, unknown>[] {
  // pandas writes the index as object keys; keep its order (numeric keys sort numerically in JS objects).
  const index = Object.keys(entries[0]![1]);
  return index.map((key) =>
    Object.fromEntries(entries.map(([column, values]) => [column, values[key] ?? null])),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
