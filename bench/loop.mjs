/**
 * Child process (forked by run.mjs): one configuration, one workload. A fetch loop (8 concurrent workers,
 * keep-alive, bodies read) against the parent's loopback server, run in slices on the parent's command so that
 * every configuration is measured in many short, interleaved slices:
 *   { run: ms }        → { rps, cpuMicros, gcMicros } (this process's CPU time per request: what other load
 *                        on the machine disturbs far less than requests per second; and the part of it the
 *                        garbage collector paused the loop for)
 *   { heap: requests } → { requests, heapBefore, heapAfter } (heap after GC; needs --expose-gc)
 *   { stop: true }     → exits
 *
 *   fork('bench/loop.mjs', [configuration, url])      a configuration of bench/setup.mjs, started here
 *   fork('bench/loop.mjs', ['preloaded', url], { execArgv: [preload flags] })
 *                                                     the SDK came with the preload (bench/preloads.mjs): this
 *                                                     script starts none, nor loads the project's SDK packages
 */
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
  } else if (message.stop) {
    await stop();
    process.exit(0);
  }
});
process.send({ ready: true });
