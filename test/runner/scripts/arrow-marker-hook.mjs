// Module hook for main-thread-arrow.test.ts: apache-arrow's ES module entry, when some thread evaluates it,
// sets a flag on that thread's global object. The flag of the main thread then says whether it loaded Arrow.
export async function load(url, context, next) {
  const result = await next(url, context);
  if (/\/apache-arrow\/Arrow\.node\.mjs$/.test(url)) {
    const source =
      typeof result.source === 'string' ? result.source : Buffer.from(result.source).toString('utf8');
    return { ...result, source: `globalThis.__qwakArrowLoaded = true;\n${source}` };
  }
  return result;
}
