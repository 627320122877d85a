import { AbortError } from '../errors.js';
import type { ByteInput } from './types.js';

/**
 * Gathers a codec's input into one buffer. The three formats need the whole file (Parquet and Feather read
 * their footer first; CSV types a column only after seeing all of it), so a stream is collected once.
 */
export async function readInput(input: ByteInput, signal?: AbortSignal): Promise<Uint8Array> {
  throwIfAborted(signal);
  if (input instanceof Uint8Array) return input;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of input) {
    throwIfAborted(signal);
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.byteLength;
  }
  return out;
}

/** Throws {@link AbortError} with the signal's reason as `cause` when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError('The codec operation was aborted', { cause: signal.reason });
}
