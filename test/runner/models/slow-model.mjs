// Test model: sleeps SLOW_MS per file (default 200), honouring its abort signal; then returns the input.
export async function predict(table, { signal }) {
  const ms = Number(process.env.SLOW_MS ?? 200);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
  return table;
}
