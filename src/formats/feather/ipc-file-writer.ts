import { RecordBatchFileWriter } from 'apache-arrow';

type Compressed = ReturnType<RecordBatchFileWriter['_compressBodyBuffers']>;

/**
 * apache-arrow 21 writes the compressed buffer's length in the 8-byte prefix of each compressed buffer,
 * where the IPC format wants the uncompressed length (pyarrow and arrow-rs reject such files: "Failed to
 * fully decompress buffer"). This writer lets apache-arrow compress and then puts the right length back.
 */
export class IpcFileWriter extends RecordBatchFileWriter {
  protected override _compressBodyBuffers(buffers: ArrayBufferView[]): Compressed {
    const result = super._compressBodyBuffers(buffers);
    // apache-arrow pushes two entries (prefix, body) per input buffer, in order.
    for (let i = 0; i < buffers.length; i++) {
      const original = buffers[i];
      const prefix = result.buffers[2 * i];
      if (!original || !prefix || original.byteLength === 0) continue;
      const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
      if (view.getBigInt64(0, true) !== -1n) view.setBigInt64(0, BigInt(original.byteLength), true);
    }
    return result;
  }
}
