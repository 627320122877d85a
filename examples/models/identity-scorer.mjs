// A module predictor for `localFileRun` and `qwak-batch execution start --model` (and `qwak-batch demo`):
// passes every input column through and adds a `score` column. The score is a logistic function of the row's
// numeric columns, weighted by the `SCORE_WEIGHT` parameter (parameters reach a module predictor as
// environment variables, as on the platform). Replace the body of `predict` with your model.
import { makeVector, Table } from 'apache-arrow';

let weight = 1;

/** Called once per worker thread before the first file. */
export function initialize({ parameters }) {
  weight = Number(parameters.SCORE_WEIGHT ?? process.env.SCORE_WEIGHT ?? 1);
}

/** One whole input file in (an Arrow table), one whole output out. */
export function predict(table) {
  const numeric = table.schema.fields
    .filter((field) => /^(Int|Float|Decimal)/.test(String(field.type)))
    .map((field) => table.getChild(field.name));
  const scores = new Float64Array(table.numRows);
  for (const column of numeric) {
    let i = 0;
    for (const value of column) {
      scores[i++] += value === null ? 0 : Number(value);
    }
  }
  for (let i = 0; i < scores.length; i++) scores[i] = 1 / (1 + Math.exp(-weight * scores[i] * 1e-3));
  const columns = Object.fromEntries(
    table.schema.fields.map((field) => [field.name, table.getChild(field.name)]),
  );
  return new Table({ ...columns, score: makeVector(scores) });
}
