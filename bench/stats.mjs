/** The bench's helpers for interleaved measurement. */

export const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/**
 * How far the median of `values` may be from what another run would give: its standard error, from the
 * interquartile range (IQR / 1.349 estimates the spread; the median's error is 1.253 spreads / √n). On a shared
 * machine one run's ratio is only as good as this.
 */
export const medianError = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const quartile = (q) => sorted[Math.round(q * (sorted.length - 1))];
  return (1.253 * ((quartile(0.75) - quartile(0.25)) / 1.349)) / Math.sqrt(sorted.length);
};

/** A new array in random order: each round measures the configurations in a different order. */
export const shuffled = (items) =>
  items
    .map((item) => [Math.random(), item])
    .sort(([a], [b]) => a - b)
    .map(([, item]) => item);
