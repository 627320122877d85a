// A module model whose initialize() takes the INIT_MS parameter in ms (default 1500), or throws when the
// INIT_FAIL parameter is set (read from the context, so that it works on the calling thread too).
export async function initialize({ parameters }) {
  if (parameters.INIT_FAIL) throw new Error(`init failed: ${parameters.INIT_FAIL}`);
  await new Promise((resolve) => setTimeout(resolve, Number(parameters.INIT_MS ?? 1500)));
}
export const predict = (table) => table;
