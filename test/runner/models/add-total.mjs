// Test model: adds `total = amount * FACTOR` (FACTOR from the worker's environment, i.e. the run's
// parameters) and `file` (the file name from the context). Returns an Arrow table.
import { makeVector, Table, Utf8, vectorFromArray } from 'apache-arrow';

let initialized = 0;

export function initialize() {
  initialized++;
}

export function predict(table, context) {
  const factor = Number(process.env.FACTOR ?? 1);
  const amount = table.getChild('amount');
  const totals = new Float64Array(table.numRows);
  let i = 0;
  for (const value of amount) totals[i++] = Number(value) * factor;
  const columns = Object.fromEntries(table.schema.fields.map((f) => [f.name, table.getChild(f.name)]));
  const file = context.file.slice(context.file.lastIndexOf('/') + 1);
  return new Table({
    ...columns,
    total: makeVector(totals),
    file: vectorFromArray(
      Array.from({ length: table.numRows }, () => `${file}#${initialized}`),
      new Utf8(),
    ),
  });
}

// Writes a marker when the run closes the model (CLOSE_MARKER names the file), to test that close() is called.
export async function close() {
  if (process.env.CLOSE_MARKER) {
    const { appendFile } = await import('node:fs/promises');
    await appendFile(process.env.CLOSE_MARKER, 'closed\n');
  }
}
