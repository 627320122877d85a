#!/usr/bin/env node
// Runs every benchmark part in its own process, one after the other, so that they do not share a core or a
// heap: `npm run bench` (all parts) or `npm run bench -- formats runner` (some). Each part prints its tables
// with the peer measured in the same run and the ratio, plus peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const parts = ['formats', 'storage', 'runner', 'threads', 'rows'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : parts;
let failed = 0;
for (const part of wanted) {
  const script = fileURLToPath(new URL(`./${part}.mjs`, import.meta.url));
  if (!existsSync(script)) {
    console.error(`bench: no benchmark named "${part}" (known: ${parts.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n## ${part}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', script], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
