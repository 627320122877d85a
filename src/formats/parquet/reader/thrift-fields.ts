import { T, type ThriftStruct, type ThriftValue } from './thrift-compact-reader.js';

/**
 * Typed reads of decoded Thrift struct fields. Each one throws when the field has another wire type than the
 * Parquet spec declares (as arrow-rs's footer decoder does), so that a file the reference reader refuses is
 * never read by the fast path.
 */
function field(s: ThriftStruct, id: number, types: readonly number[]): ThriftValue | undefined {
  const v = s.get(id);
  if (v !== undefined && !types.includes(v.type)) {
    throw new RangeError(`Thrift field ${id} has type ${v.type}, expected ${types.join(' or ')}`);
  }
  return v;
}

function required<V>(v: V | undefined, id: number): V {
  if (v === undefined) throw new RangeError(`required Thrift field ${id} is missing`);
  return v;
}

/** An optional integer field of the given wire type (i8, i16, i32 or i64). */
export function optInt(s: ThriftStruct, id: number, type: number): number | undefined {
  const v = field(s, id, [type]);
  return v === undefined ? undefined : (v.value as number);
}

/** A required integer field of the given wire type. */
export function reqInt(s: ThriftStruct, id: number, type: number): number {
  return required(optInt(s, id, type), id);
}

/** An optional bool field. */
export function optBool(s: ThriftStruct, id: number): boolean | undefined {
  const v = field(s, id, [T.TRUE, T.FALSE]);
  return v === undefined ? undefined : (v.value as boolean);
}

/** An optional binary field, as bytes. */
export function optBinary(s: ThriftStruct, id: number): Uint8Array | undefined {
  const v = field(s, id, [T.BINARY]);
  return v === undefined ? undefined : (v.value as Uint8Array);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An optional string field (UTF-8; invalid bytes throw). */
export function optString(s: ThriftStruct, id: number): string | undefined {
  const b = optBinary(s, id);
  return b === undefined ? undefined : utf8.decode(b);
}

/** An optional struct field. */
export function optStruct(s: ThriftStruct, id: number): ThriftStruct | undefined {
  const v = field(s, id, [T.STRUCT]);
  return v === undefined ? undefined : (v.value as ThriftStruct);
}

/** An optional list field whose elements all have the given wire type. */
export function optList(s: ThriftStruct, id: number, element: number): ThriftValue[] | undefined {
  const v = field(s, id, [T.LIST]);
  if (v === undefined) return undefined;
  const list = v as { element: number; value: ThriftValue[] };
  // Strict also for empty lists: a file the reference reader might refuse is left to it.
  if (list.element !== element) {
    throw new RangeError(`Thrift list ${id} holds type ${list.element}, expected ${element}`);
  }
  return list.value;
}

/** A required list field. */
export function reqList(s: ThriftStruct, id: number, element: number): ThriftValue[] {
  return required(optList(s, id, element), id);
}

/** A list of structs as structs. */
export function structs(list: ThriftValue[]): ThriftStruct[] {
  return list.map((v) => v.value as ThriftStruct);
}
