// Test model: blocks its thread for BUSY_MS (default 5000) without ever looking at its signal.
export function predict(table) {
  const until = Date.now() + Number(process.env.BUSY_MS ?? 5000);
  while (Date.now() < until) {}
  return table;
}
