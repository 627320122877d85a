/**
 * Gives back a work item's slot before the item is done, so that the next item starts: for a task whose
 * output is written and only waits for the disk to make it durable. Ignored when `concurrency` items are
 * already finishing that way (so at most twice `concurrency` items are ever under way), and after the first
 * call.
 */
export type FreeSlot = () => void;

/**
 * Runs `work` over `items` with at most `concurrency` at once, in order of `items`, until all are done or
 * `stop` fires (items not started by then are left to the caller). An item may give its slot back early with
 * the {@link FreeSlot} it gets; the pool still waits for every item it started. When `work` throws, no new
 * item starts, and the pool throws that error once the items under way are done.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  stop: AbortSignal,
  work: (item: T, index: number, freeSlot: FreeSlot) => Promise<void>,
): Promise<void> {
  let next = 0;
  let holding = 0; // items that hold a slot
  let finishing = 0; // items that gave their slot back and are not done yet
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const changed = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const underWay: Promise<void>[] = [];
  while (!stop.aborted && !failure && next < items.length) {
    if (holding >= concurrency) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    const index = next++;
    holding++;
    let state: 'holding' | 'finishing' | 'done' = 'holding';
    const freeSlot: FreeSlot = () => {
      if (state !== 'holding' || finishing >= concurrency) return;
      state = 'finishing';
      holding--;
      finishing++;
      changed();
    };
    underWay.push(
      work(items[index]!, index, freeSlot)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          if (state === 'holding') holding--;
          else if (state === 'finishing') finishing--;
          state = 'done';
          changed();
        }),
    );
  }
  await Promise.all(underWay);
  if (failure) throw failure.error;
}
