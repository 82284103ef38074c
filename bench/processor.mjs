/**
 * Child process: the agent's cost per span, measured on real SDK spans shaped as the undici instrumentation
 * makes them, with undici's channel messages as undici publishes them for each request: `create` (the agent
 * pairs the request), ZscalerSpanProcessor.onStart, `headers`, the body chunk through the request's `onData`
 * (429 only), `trailers`, and onEnding with its attributes, status and metric points (a real MeterProvider).
 * Prints one JSON line of nanoseconds per span, the median of interleaved rounds, and under `errors` each
 * median's standard error.
 *
 *   node --expose-gc bench/processor.mjs
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { metrics, SpanKind } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { ZscalerSpanProcessor } from '../dist/index.mjs';
import { MAX_ROUTES, RetryMemory } from '../dist/telemetry/retries.js';
import { contractInstruments, writeEndingCalls, writeStartAttributes } from './contract-floor.mjs';
import { median, medianError } from './stats.mjs';

const SPANS = 100_000;
const BATCH = 256;
const ROUNDS = 15;
const dropMetrics = {
  export: (_m, done) => done({ code: 0 }),
  forceFlush: async () => {},
  shutdown: async () => {},
};
metrics.setGlobalMeterProvider(
  new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: dropMetrics, exportIntervalMillis: 60_000 })],
  }),
);
const processor = new ZscalerSpanProcessor();
const channels = Object.fromEntries(
  ['create', 'headers', 'trailers'].map((name) => [
    name,
    diagnosticsChannel.channel(`undici:request:${name}`),
  ]),
);
// undici publishes these messages anyway once an instrumentation subscribes: the loop that is subtracted
// publishes as many to channels with one subscriber that does nothing, so only the agent's own work remains.
const noop = () => {};
const bareChannels = Object.fromEntries(
  ['create', 'headers', 'trailers'].map((name) => {
    const channel = diagnosticsChannel.channel(`bench:${name}`);
    channel.subscribe(noop);
    return [name, channel];
  }),
);
const tracer = new TracerProvider().getTracer('bench');

/**
 * A response as undici publishes it: its raw headers are views of the bytes just read (undici's parser makes
 * them as the response arrives, so they are hot in cache when the agent reads them), and the gateway's request
 * id differs from one response to the next, as in every Zscaler answer.
 */
function responseMaker({ status, headers }) {
  const parts = Object.entries(headers).flat();
  const text = parts.join('');
  const template = Buffer.from(text, 'latin1');
  const views = [];
  let at = 0;
  for (const part of parts) {
    views.push([at, at + part.length]);
    at += part.length;
  }
  const id = headers['x-oneapi-request-id'];
  const idEnd = id === undefined ? -1 : text.indexOf(id) + id.length;
  return (index) => {
    const bytes = Buffer.from(template);
    if (idEnd !== -1) bytes.write(String(index % 1e8).padStart(8, '0'), idEnd - 8, 'latin1');
    return {
      statusCode: status,
      statusText: '',
      headers: views.map(([start, end]) => bytes.subarray(start, end)),
    };
  };
}
const COMMON = {
  'content-type': 'application/json',
  date: 'Tue, 25 Nov 2026 08:00:00 GMT',
  server: 'Zscaler',
};
const GATEWAY = {
  ...COMMON,
  'x-oneapi-request-id': '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
  'x-ratelimit-limit': '5000, 5000;w=60',
  'x-ratelimit-remaining': '4992',
  'x-ratelimit-reset': '34',
};
const scenarios = {
  'non-Zscaler span': { host: 'api.example.com', path: '/v1/orders', status: 200, headers: COMMON },
  'Zscaler 200': { host: 'api.zsapi.net', path: '/zia/api/v1/status', status: 200, headers: GATEWAY },
  'Zscaler 429 + JSON body': {
    host: 'api.zsapi.net',
    path: '/zpa/mgmtconfig/v1/admin/customers/216196257331281920/application',
    status: 429,
    headers: { ...GATEWAY, 'retry-after': '13s' },
    body: Buffer.from(
      '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}',
    ),
  },
};

/**
 * A span as instrumentation-undici starts it, with the `duration` end() would set, and an end time at its start:
 * the next span starts after this one ended, a repeat of it, as in the loop.
 */
function startSpan({ host, path }) {
  const span = tracer.startSpan('GET', {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': 'GET',
      'http.request.method_original': 'GET',
      'url.full': `https://${host}${path}`,
      'url.path': path,
      'url.query': '',
      'url.scheme': 'https',
      'server.address': host,
      'server.port': 443,
      'user_agent.original': 'node',
    },
  });
  Object.defineProperty(span, 'duration', { value: [0, 12_000_000] });
  span.endTime = span.startTime;
  return span;
}

/**
 * ns per span of `work`, on fresh spans: every span is processed once, as in an app (a span seen again would
 * find its attributes already there and its identity hash already made, and cost less). Spans are started in
 * batches of BATCH just before they are processed, untimed, so they are still hot in cache as a span is right
 * after its start. Each request and response is made in the timed loop, as undici makes them; the same loop
 * making and publishing them without the agent is subtracted.
 */
function timeLoop(scenario, work) {
  const run = (fn) => {
    globalThis.gc();
    let spent = 0n;
    for (let done = 0; done < SPANS; done += BATCH) {
      const spans = Array.from({ length: BATCH }, () => startSpan(scenario));
      const started = process.hrtime.bigint();
      for (let index = 0; index < BATCH; index++) fn(spans[index], done + index);
      spent += process.hrtime.bigint() - started;
    }
    return Number(spent) / SPANS;
  };
  const bare = run(undiciAlone(scenario));
  return run(work) - bare;
}

/** The parts of undici's core Request the agent reads: its origin, and `onData` for the body bytes. */
class UndiciRequest {
  constructor(host) {
    this.origin = `https://${host}`;
  }
  onData(_chunk) {
    return true;
  }
}

/** undici's messages for one request, as undici publishes them; `processor` hears them if it is the agent. */
function requestWith(scenario, processor, channels) {
  const respond = responseMaker(scenario);
  return (span, index) => {
    const request = new UndiciRequest(scenario.host);
    channels.create.publish({ request });
    processor.onStart(span, undefined);
    channels.headers.publish({ request, response: respond(index) });
    if (scenario.body !== undefined) request.onData(scenario.body);
    channels.trailers.publish({ request, trailers: [] });
    processor.onEnding(span);
  };
}

const agent = (scenario) => requestWith(scenario, processor, channels);

/** What undici does for every request whether or not the agent listens. */
const undiciAlone = (scenario) => requestWith(scenario, { onStart() {}, onEnding() {} }, bareChannels);

const floorInstruments = contractInstruments(metrics.getMeterProvider().getMeter('contract-floor'));
/** The same requests with only the contract's SDK calls where the agent would be. */
const sdkCallsOnly = (scenario) =>
  requestWith(
    scenario,
    {
      onStart: writeStartAttributes,
      onEnding: (span) => writeEndingCalls(span, floorInstruments),
    },
    bareChannels,
  );

// Interleaved rounds; each figure is the median.
const measured = {
  ...Object.fromEntries(
    Object.entries(scenarios).map(([name, scenario]) => [name, [scenario, agent(scenario)]]),
  ),
  'SDK floor for the 429 span': [
    scenarios['Zscaler 429 + JSON body'],
    sdkCallsOnly(scenarios['Zscaler 429 + JSON body']),
  ],
};
const results = Object.fromEntries(Object.keys(measured).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, [scenario, work]] of Object.entries(measured))
    results[name].push(timeLoop(scenario, work));
}
// Within a round the two loops run back to back: the median of their differences drifts less with other load on
// the machine than the difference of the two medians.
results["the agent's own cost on top of the SDK floor"] = results['Zscaler 429 + JSON body'].map(
  (ns, round) => ns - results['SDK floor for the 429 span'][round],
);
results['retry memory: a request that is not a repeat'] = [retryLookupNs()];
const each = (statistic) =>
  Object.fromEntries(Object.entries(results).map(([name, ns]) => [name, statistic(ns)]));
console.log(JSON.stringify({ ...each(median), errors: each(medianError) }));

/**
 * What telling a request is no repeat costs (CONTRACT.md "Retries": one map lookup), with the memory full of
 * other routes' errors: ns per lookup, the median of rounds.
 */
function retryLookupNs() {
  const memory = new RetryMemory();
  for (let index = 0; index < MAX_ROUTES; index++)
    memory.failed(`GET api.zsapi.net/zia/api/v1/r${index}`, 0, 13, 0);
  const routes = Array.from({ length: 1024 }, (_, index) => `GET api.zsapi.net/zpa/mgmtconfig/v1/x${index}`);
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let pass = 0; pass < 100; pass++) for (const route of routes) memory.repeatOf(route, 1000);
    rounds.push(Number(process.hrtime.bigint() - started) / (100 * routes.length));
  }
  return median(rounds);
}
process.exit(0);
