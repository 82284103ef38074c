/**
 * Child process (forked by run.mjs): one configuration, one workload. A fetch loop (8 concurrent workers,
 * keep-alive, bodies read) against the parent's loopback server, run in slices on the parent's command so that
 * every configuration is measured in many short, interleaved slices:
 *   { run: ms }        → { rps, cpuMicros, gcMicros } (this process's CPU time per request: what other load
 *                        on the machine disturbs far less than requests per second; and the part of it the
 *                        garbage collector paused the loop for)
 *   { heap: requests } → { requests, heapBefore, heapAfter } (heap after GC; needs --expose-gc)
 *   { requests: n }    → { requests: n } once n requests are done (for counting instructions: bench/instructions.mjs)
 *   { allocations: requests }
 *                      → { bytes, sites } (bytes allocated per request, collected or not, from V8's sampling
 *                        heap profiler: steady from run to run where time is not; and per allocation site)
 *   { stop: true }     → exits
 *
 *   fork('bench/loop.mjs', [configuration, url])      a configuration of bench/setup.mjs, started here
 *   fork('bench/loop.mjs', ['preloaded', url], { execArgv: [preload flags] })
 *                                                     the SDK came with the preload (bench/preloads.mjs): this
 *                                                     script starts none, nor loads the project's SDK packages
 */
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { installLoopbackResolver } from '../dist/simulator/loopback-resolver.js';

const [configuration, url] = process.argv.slice(2);
const CONCURRENCY = 8;
installLoopbackResolver({ matches: (host) => host === 'api.zsapi.net' || host === 'api.example.com' });
const stop =
  configuration === 'preloaded'
    ? async () => {}
    : (await import('./setup.mjs')).startConfiguration(configuration);

async function call() {
  const response = await fetch(url);
  await response.arrayBuffer();
}

/** Runs until `done()` says so; returns the number of requests made. */
async function run(done) {
  let count = 0;
  const worker = async () => {
    while (!done(count)) {
      count++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count;
}

function heapAfterGc() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Milliseconds of garbage-collection pauses so far. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/**
 * Bytes allocated per request over `requests` requests: in total and by function name (the agent's bundled copy
 * of an instrumentation is the same code as the stock one, under another file name).
 */
async function allocations(requests) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await run((count) => count >= requests);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const sites = Object.create(null);
  const visit = ({ callFrame: { functionName }, selfSize, children }) => {
    const site = functionName || '(anonymous)';
    if (selfSize > 0) sites[site] = (sites[site] ?? 0) + selfSize / requests;
    for (const child of children) visit(child);
  };
  visit(profile.head);
  return { bytes: Object.values(sites).reduce((sum, bytes) => sum + bytes, 0), sites };
}

process.on('message', async (message) => {
  if (message.run !== undefined) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const gcBefore = gcMs;
    const until = started + message.run;
    const count = await run(() => performance.now() > until);
    const { user, system } = process.cpuUsage(cpu);
    // Entries of the slice's last pauses may arrive a turn later: let them.
    await new Promise((resolve) => setImmediate(resolve));
    process.send({
      rps: (count * 1000) / (performance.now() - started),
      cpuMicros: (user + system) / count,
      gcMicros: ((gcMs - gcBefore) * 1000) / count,
    });
  } else if (message.heap !== undefined) {
    const before = heapAfterGc();
    await run((count) => count >= message.heap);
    // Let the last batch export and idle sockets settle, as a long-running service would.
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.send({ requests: message.heap, heapBefore: before, heapAfter: heapAfterGc() });
  } else if (message.requests !== undefined) {
    await run((count) => count >= message.requests);
    process.send({ requests: message.requests });
  } else if (message.allocations !== undefined) {
    process.send(await allocations(message.allocations));
  } else if (message.stop) {
    await stop();
    process.exit(0);
  }
});
process.send({ ready: true });
