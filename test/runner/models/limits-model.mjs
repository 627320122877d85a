// Test model: answers, for each file, the heap limits its worker thread was started with; a file whose name
// holds "hog" makes it keep allocating until its heap limit stops the thread.
import { resourceLimits } from 'node:worker_threads';

export function predict(table, context) {
  if (context.file.includes('hog')) {
    const kept = [];
    for (;;) kept.push(new Array(100_000).fill(kept.length));
  }
  return [
    {
      rows: table.numRows,
      young: resourceLimits.maxYoungGenerationSizeMb ?? -1,
      old: resourceLimits.maxOldGenerationSizeMb ?? -1,
    },
  ];
}
