import type { Table, Vector } from 'apache-arrow';

/**
 * Everything a reader's table says, as plain text: the schema (names, exact types with units, time zones and
 * signedness, nullability, field and schema metadata) and every value of every row, nulls included. Record
 * batch boundaries do not show, so two readers that split rows differently still compare equal.
 */
export function tableDigest(table: Table): { schema: string[]; columns: string[][] } {
  const schema = [
    `metadata ${JSON.stringify([...table.schema.metadata].sort())}`,
    ...table.schema.fields.map(
      (f) =>
        `${f.name}: ${String(f.type)} typeId=${f.type.typeId} ${JSON.stringify(f.type)} nullable=${f.nullable} ${JSON.stringify([...f.metadata].sort())}`,
    ),
  ];
  const columns = table.schema.fields.map((_, i) => valuesOf(table.getChildAt(i) as Vector));
  return { schema, columns };
}

function valuesOf(vector: Vector): string[] {
  const out: string[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = text(vector.isValid(i) ? vector.get(i) : null);
  return out;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `bytes[${Array.from(v).join(',')}]`;
  if (v instanceof Date) return `date(${v.getTime()})`;
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v}:${String(v)}`;
}
