import type { ParquetCodecOptions } from './parquet-codec.js';
import { JS_COMPRESSIONS } from './writer/compress-page.js';

/**
 * Whether Parquet work with these options surely goes to parquet-wasm: a reader or writer forced to it, or a
 * compression the TypeScript writer leaves to it. Other files may still go there (nested types, decimals, `Null`
 * columns, columns that share a name…), which only the files tell; a caller that prepares parquet-wasm ahead
 * of time does so only when this says yes.
 */
export function needsParquetWasm(
  options: ParquetCodecOptions | undefined,
  use: { readonly reads: boolean; readonly writes: boolean },
): boolean {
  if (use.reads && options?.reader === 'parquet-wasm') return true;
  if (!use.writes) return false;
  return options?.writer === 'parquet-wasm' || !JS_COMPRESSIONS.has(options?.compression ?? 'snappy');
}
