// Test model: returns plain row objects (not a table), with a parameter from the context.
export default {
  predict(table, context) {
    return table
      .toArray()
      .map((row) => ({ id: Number(row.id), label: `${context.parameters.PREFIX ?? ''}${row.name}` }));
  },
};
