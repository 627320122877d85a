const LF = 10;

/** The 1-based line of `bytes` that holds byte `offset` (for error messages: counted only when one is thrown). */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(LF); i >= 0 && i < offset; i = bytes.indexOf(LF, i + 1)) line++;
  return line;
}
