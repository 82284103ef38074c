/**
 * Child process: a fetch loop (N concurrent workers, keep-alive, bodies read) against the parent's loopback
 * server, under one configuration. Prints one JSON line: requests per second, or, with --heap, the heap after
 * GC before and after a fixed number of requests.
 *
 *   node [--expose-gc] bench/loop.mjs <configuration> <url> <warmupMs> <measureMs|requests> [--heap]
 */
import { installLoopbackResolver } from '../dist/simulator/loopback-resolver.js';
import { startConfiguration } from './setup.mjs';

const [configuration, url, warmupArg, amountArg, heapFlag] = process.argv.slice(2);
const CONCURRENCY = 8;
installLoopbackResolver({ matches: (host) => host === 'api.zsapi.net' || host === 'api.example.com' });
const stop = startConfiguration(configuration);

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

const warmupUntil = performance.now() + Number(warmupArg);
await run(() => performance.now() > warmupUntil);
if (heapFlag === '--heap') {
  const requests = Number(amountArg);
  const before = heapAfterGc();
  await run((count) => count >= requests);
  // Let the last batch export and idle sockets settle, as a long-running service would.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = heapAfterGc();
  console.log(JSON.stringify({ requests, heapBefore: before, heapAfter: after }));
} else {
  const started = performance.now();
  const until = started + Number(amountArg);
  const count = await run(() => performance.now() > until);
  console.log(JSON.stringify({ rps: (count * 1000) / (performance.now() - started) }));
}
await stop();
process.exit(0);
