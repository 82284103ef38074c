/** The bench's two helpers for interleaved measurement. */

export const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** A new array in random order: each round measures the configurations in a different order. */
export const shuffled = (items) =>
  items
    .map((item) => [Math.random(), item])
    .sort(([a], [b]) => a - b)
    .map(([, item]) => item);
