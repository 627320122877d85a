// Test model: ends its worker thread (process.exit in a worker stops only that thread) on files named "bad".
export function predict(table, { file }) {
  if (file.includes('bad')) process.exit(3);
  return table;
}
