import { MessageChannel } from 'node:worker_threads';
import { canTransfer } from './transfer.js';

/**
 * Frees the memory of buffers that nothing else references, now instead of at the thread's next garbage
 * collection. V8 frees a large ArrayBuffer only when its small JS object is collected, and with several
 * threads each holding tens of megabytes of such garbage the process went well past its memory budget.
 * Transferring the buffers into a channel whose ports are then closed detaches them here and drops the
 * message, which releases their memory within a turn of the event loop.
 *
 * Only for buffers the runner alone holds (moved in from another thread, or made by the runner): every view of
 * a released buffer becomes empty. Views of part of a buffer, and buffers already detached or not transferable,
 * are left to the collector.
 */
export function releaseBuffers(views: readonly (Uint8Array | undefined)[]): void {
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) {
    const buffer = view?.buffer;
    // Only a view that spans its whole buffer: a smaller one may be a slice of a pool others use.
    if (
      buffer instanceof ArrayBuffer &&
      buffer.byteLength > 0 &&
      view!.byteOffset === 0 &&
      view!.byteLength === buffer.byteLength &&
      canTransfer(buffer)
    ) {
      buffers.add(buffer);
    }
  }
  if (buffers.size === 0) return;
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(null, [...buffers]);
  } catch {
    // Not transferable (e.g. a pooled Node buffer): the collector frees it later, as it would have anyway.
  } finally {
    port1.close();
    port2.close();
  }
}
