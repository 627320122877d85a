import type { DataType, Schema, Timestamp } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { tableFromIpc } from '../../feather/ipc-table.js';

/** The key under which Arrow writers store the serialized Arrow schema in Parquet key-value metadata. */
export const ARROW_SCHEMA_KEY = 'ARROW:schema';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * Decodes the ARROW:schema value (base64 of one Arrow IPC schema message, with or without the continuation
 * marker). Throws on anything but strict standard base64, as arrow-rs does.
 */
export function decodeArrowSchemaHint(value: string): Schema {
  if (!BASE64.test(value)) throw new RangeError('ARROW:schema is not standard base64');
  const raw = Buffer.from(value, 'base64');
  const stream = new Uint8Array(raw.length + EOS.length);
  stream.set(raw);
  stream.set(EOS, raw.length);
  // Not tableFromIPC: a field without a name (apache-arrow 21 writes "" so) would be read as "null".
  return tableFromIpc(stream).schema;
}

/**
 * The type arrow-rs settles on for a leaf given the hint's type, restricted to the cases the fast path is
 * sure of: the same type, or a timestamp of the same unit in the hint's time zone. `undefined` otherwise.
 */
export function applyHint(derived: DataType, hint: DataType): DataType | undefined {
  if (sameType(derived, hint)) return derived;
  if (
    derived.typeId === Type.Timestamp &&
    hint.typeId === Type.Timestamp &&
    (derived as Timestamp).unit === (hint as Timestamp).unit &&
    (hint as Timestamp).timezone
  ) {
    return hint;
  }
  return undefined;
}

function sameType(a: DataType, b: DataType): boolean {
  if (a.typeId !== b.typeId || String(a) !== String(b)) return false;
  if (a.typeId === Type.Timestamp) {
    const x = a as Timestamp;
    const y = b as Timestamp;
    return x.unit === y.unit && (x.timezone ?? null) === (y.timezone ?? null);
  }
  return true;
}
