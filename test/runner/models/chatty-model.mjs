// Test model that writes to stdout as models do (console.log, process.stdout), at load, initialize and predict.
console.log('chatty: loading');
export function initialize() {
  console.log('chatty: initialize');
}
export function predict(table, { file }) {
  process.stdout.write(`chatty: predicting ${file}\n`);
  return table;
}
