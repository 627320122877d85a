// Module hook for missing-packages.test.ts: packages named in QWAK_TEST_HIDE (comma-separated) fail to resolve,
// as when they are not installed.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
const hidden = new Set(${JSON.stringify((process.env.QWAK_TEST_HIDE ?? '').split(',').filter(Boolean))});
export async function resolve(specifier, context, next) {
  if (hidden.has(specifier)) {
    const error = new Error("Cannot find package '" + specifier + "'");
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}`)}`,
);
