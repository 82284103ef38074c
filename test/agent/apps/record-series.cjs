/**
 * Records one histogram through the bundled SDK (`bundle`) or the stock packages (`stock`) with attribute sets
 * that repeat, reorder, change and mutate, then prints the series collected: the bundle's patched series lookup
 * (.ci/bundle-sdk.mjs) must find exactly the series the stock SDK finds.
 */
const { metrics } = require('@opentelemetry/api');

const sdk =
  process.argv[2] === 'bundle'
    ? require('../../../dist/sdk/index.js')
    : {
        NodeSDK: require('@opentelemetry/sdk-node').NodeSDK,
        PeriodicExportingMetricReader: require('@opentelemetry/sdk-metrics').PeriodicExportingMetricReader,
      };

let collected;
const exporter = {
  export: (resourceMetrics, done) => {
    collected = resourceMetrics;
    done({ code: 0 });
  },
  forceFlush: async () => {},
  shutdown: async () => {},
};
const reader = new sdk.PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
const node = new sdk.NodeSDK({ metricReaders: [reader], instrumentations: [], autoDetectResources: false });
node.start();

const histogram = metrics.getMeter('series').createHistogram('h');
const list = ['a'];
const shared = { a: 'x', b: 1 };
const sets = [
  { a: 'x', b: 1 },
  { a: 'x', b: 1 },
  { b: 1, a: 'x' },
  { a: 'y', b: 1 },
  { a: 'x', b: 1 },
  { a: 'x' },
  { a: 'x', b: 1, c: true },
  {},
  {},
  { a: 'x', b: '1' },
  { list },
  () => list.push('b'),
  { list },
  { list },
  shared,
  () => {
    shared.b = 2;
  },
  shared,
  { a: 'x', b: 1, u: undefined },
  { a: 'x', b: 1 },
  { n: Number.NaN },
  { n: Number.NaN },
];
let value = 0;
for (const set of sets) {
  if (typeof set === 'function') set();
  else histogram.record(++value, set);
}

reader.forceFlush().then(async () => {
  const points = collected.scopeMetrics[0].metrics[0].dataPoints.map((point) => ({
    attributes: point.attributes,
    count: point.value.count,
    sum: point.value.sum,
  }));
  await node.shutdown();
  console.log(JSON.stringify(points.sort((a, b) => a.sum - b.sum)));
});
