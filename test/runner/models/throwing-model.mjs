// Test model: throws on files whose name contains "bad", passes the others through.
export function predict(table, { file }) {
  if (file.includes('bad')) throw new RangeError(`cannot score ${file}`);
  return table;
}
