import * as zlib from 'node:zlib';
import { CompressionType, compressionRegistry } from 'apache-arrow';
import { decompress as zstdDecompressJs } from 'fzstd';
import * as lz4 from 'lz4js';
import { installFlatbufferGuard } from './flatbuffer-guard.js';

/** Compression of Feather (Arrow IPC) record batch buffers on write. */
export type FeatherCompression = 'none' | 'lz4' | 'zstd';

interface NodeZstd {
  zstdCompressSync?: (data: Uint8Array) => Uint8Array;
  zstdDecompressSync?: (data: Uint8Array) => Uint8Array;
}

// Node 22.15+ ships zstd in zlib (native, fast); Node 20 does not, so reading falls back to fzstd (pure JS).
const nodeZstd = zlib as unknown as NodeZstd;

let registered = false;

/**
 * Registers LZ4-frame and ZSTD in apache-arrow's global compression registry. Called on the feather codec's
 * first use, never at import time, because it changes a global of apache-arrow (the package has no side
 * effects on import). A codec registered by the application beforehand is kept.
 */
export function registerIpcCompression(): void {
  if (registered) return;
  registered = true;
  installFlatbufferGuard();
  if (!compressionRegistry.get(CompressionType.LZ4_FRAME)) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, {
      encode: (data) => toBytes(lz4.compress(data)),
      decode: (data) => toBytes(lz4.decompress(data)),
    });
  }
  if (!compressionRegistry.get(CompressionType.ZSTD)) {
    const encode = nodeZstd.zstdCompressSync;
    const decodeNative = nodeZstd.zstdDecompressSync;
    compressionRegistry.set(CompressionType.ZSTD, {
      ...(encode ? { encode: (data: Uint8Array) => toBytes(encode(data)) } : {}),
      decode: (data) => toBytes(decodeNative ? decodeNative(data) : zstdDecompressJs(data)),
    });
  }
}

/** True when this Node can write ZSTD-compressed buffers (zlib zstd, Node 22.15 and later). */
export function canWriteZstd(): boolean {
  registerIpcCompression();
  return typeof compressionRegistry.get(CompressionType.ZSTD)?.encode === 'function';
}

function toBytes(data: ArrayLike<number> | Uint8Array): Uint8Array {
  if (data instanceof Uint8Array) return data;
  return Uint8Array.from(data);
}
