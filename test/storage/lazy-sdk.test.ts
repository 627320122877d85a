import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Static imports reachable from `entry` (dynamic `import()` is not followed: that is the point). */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
      if (m[1]) continue; // type-only imports vanish at build time
      const spec = m[2]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(resolve(entry));
  return { files, packages };
}

describe('qwak-batch/storage loads no cloud SDK', () => {
  it.each(['src/storage/index.ts', 'src/storage/s3/index.ts', 'src/storage/gcs/index.ts'])(
    '%s imports no AWS or Google package statically',
    (entry) => {
      const { files, packages } = staticGraph(entry);
      expect(files.size).toBeGreaterThan(1);
      expect([...packages].filter((p) => p.startsWith('@aws-sdk') || p.startsWith('@google-cloud'))).toEqual(
        [],
      );
    },
  );

  it('the SDKs are reached only through dynamic import()', () => {
    const s3 = readFileSync('src/storage/s3/load-sdk.ts', 'utf8');
    const gcs = readFileSync('src/storage/gcs/load-sdk.ts', 'utf8');
    expect(s3).toMatch(/import\('@aws-sdk\/client-s3'\)/);
    expect(gcs).toMatch(/import\('@google-cloud\/storage'\)/);
  });
});
