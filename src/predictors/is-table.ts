import type { Table } from 'apache-arrow';

/**
 * True when `value` is an Arrow table. Checked by shape rather than `instanceof`, because a model module may
 * load its own copy of apache-arrow (another version, or the CJS build next to our ESM one).
 */
export function isArrowTable(value: unknown): value is Table {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Partial<Table>;
  return (
    typeof t.numRows === 'number' &&
    typeof t.numCols === 'number' &&
    typeof t.schema === 'object' &&
    Array.isArray(t.batches)
  );
}
