import { type DataType, Field, type Schema, Type } from 'apache-arrow';

type EncodeField = (builder: unknown, field: Field) => number;

/**
 * A name flatbuffers writes as the empty string: apache-arrow writes a field's name only when it is truthy,
 * and its `createString` takes UTF-8 bytes as they are.
 */
const EMPTY_NAME = new Uint8Array(0) as unknown as string;

/**
 * Runs `write` (a synchronous apache-arrow IPC write) so that fields named `""` are written with their name.
 * apache-arrow 21 leaves the name out of the flatbuffer when it is empty, and its reader then reads the missing
 * name as `null`, which the first field clone turns into the string `"null"` (pyarrow and arrow-rs read a
 * missing name as `""`). Swaps apache-arrow's static `Field.encode` for the duration of the call only.
 */
export function writingEmptyNames<T>(write: () => T): T {
  const holder = Field as unknown as { encode?: EncodeField };
  const encode = holder.encode;
  if (typeof encode !== 'function') return write();
  holder.encode = (builder, field) =>
    encode(
      builder,
      field.name === '' ? new Field(EMPTY_NAME, field.type, field.nullable, field.metadata) : field,
    );
  try {
    return write();
  } finally {
    holder.encode = encode;
  }
}

/**
 * Gives the fields of a schema apache-arrow has just read `""` where the file has no name (apache-arrow reads
 * `null`, then `"null"`), nested fields too. Changes the schema in place: call it on a reader's schema before
 * reading batches, whose fields are cloned from it.
 */
export function readEmptyNames(schema: Schema): void {
  for (const field of schema.fields) fixField(field);
}

function fixField(field: Field): void {
  if ((field.name as string | null | undefined) == null) (field as { name: string }).name = '';
  fixType(field.type);
}

function fixType(type: DataType): void {
  for (const child of (type.children ?? []) as Field[]) fixField(child);
  if (type.typeId === Type.Dictionary) fixType((type as unknown as { dictionary: DataType }).dictionary);
}
