/**
 * Runs `work` over `items` with at most `concurrency` at once, in order of `items`, until all are done or
 * `stop` fires (items not started by then are left to the caller).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  stop: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (!stop.aborted && next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
