import { type DataType, type Field, type Message, MessageHeader, MessageReader, Type } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';

interface BatchHeader {
  readonly length: number | bigint;
  readonly nodes: readonly { length: number | bigint }[];
  readonly compression: unknown;
}

/**
 * Rejects record batches whose declared lengths cannot fit in the file, before apache-arrow reads them.
 * apache-arrow allocates by the lengths a file declares, so one corrupt byte in a length or in a footer
 * block made a 3 KB file take more than a gigabyte in our corruption tests. Each value takes at least one
 * bit, and a compressed body shrinks by at most about a thousand times; `null`-typed columns take no bytes
 * at all, so their lengths are not checked. Returns what is wrong, or undefined.
 */
export function checkMessageSizes(bytes: Uint8Array, isFile: boolean): string | undefined {
  const n = bytes.byteLength;
  const state = { checkable: true };
  if (!isFile) {
    const reader = new MessageReader(bytes);
    for (let count = 0; count < n / 8; count++) {
      const message = reader.readMessage();
      if (!message) return undefined;
      const problem = checkMessage(message, n, state);
      if (problem) return problem;
      if (message.isRecordBatch() || message.isDictionaryBatch())
        reader.readMessageBody(Number(message.bodyLength));
    }
    return undefined;
  }
  const footerLength = new DataView(bytes.buffer, bytes.byteOffset + n - 10, 4).getInt32(0, true);
  if (footerLength <= 0 || footerLength > n - 18)
    return `the footer length ${footerLength} does not fit the file`;
  // apache-arrow's own footer decoder (its flatbuffer reads are bounded by the guard in flatbuffer-guard.ts).
  const footer = Footer.decode(bytes.subarray(n - 10 - footerLength, n - 10));
  const blocks = footer.numRecordBatches + footer.numDictionaries;
  if (blocks * 24 > footerLength) return 'the footer lists more blocks than it can hold';
  const first = new MessageReader(bytes.subarray(8)).readMessage();
  if (first) {
    const problem = checkMessage(first, n, state);
    if (problem) return problem;
  }
  for (let i = 0; i < blocks; i++) {
    const block =
      i < footer.numDictionaries
        ? footer.getDictionaryBatch(i)
        : footer.getRecordBatch(i - footer.numDictionaries);
    if (!block) return 'a footer block is missing';
    const offset = Number(block.offset);
    const end = offset + block.metaDataLength + Number(block.bodyLength);
    if (offset < 8 || end > n)
      return `a footer block points outside the file (bytes ${offset} to ${end} of ${n})`;
    const message = new MessageReader(bytes.subarray(offset, end)).readMessage();
    if (!message) return `no message at byte ${offset}`;
    const problem = checkMessage(message, n, state);
    if (problem) return problem;
  }
  return undefined;
}

function checkMessage(message: Message, fileSize: number, state: { checkable: boolean }): string | undefined {
  if (message.isSchema()) {
    state.checkable = !message.header().fields.some((f) => hasNullType(f.type));
    return undefined;
  }
  if (!message.isRecordBatch() && !message.isDictionaryBatch()) {
    return message.headerType === MessageHeader.NONE ? 'a message has no header' : undefined;
  }
  const header = (message.isRecordBatch()
    ? message.header()
    : message.header().data) as unknown as BatchHeader;
  const body = Number(message.bodyLength);
  if (body > fileSize) return `a message declares a body of ${body} bytes in a file of ${fileSize}`;
  if (Number(header.length) > 2 ** 31 - 1) return `a record batch declares ${header.length} rows`;
  if (!state.checkable) return undefined;
  const limit = (header.compression ? 8 * 1024 : 8) * body + 64;
  for (const node of header.nodes) {
    if (Number(node.length) > limit)
      return `a column declares ${node.length} values in a body of ${body} bytes`;
  }
  return undefined;
}

function hasNullType(type: DataType): boolean {
  if (type.typeId === Type.Null) return true;
  return ((type.children ?? []) as Field[]).some((child) => hasNullType(child.type));
}
