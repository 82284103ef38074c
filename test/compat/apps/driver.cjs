// The compatibility apps' own code (CommonJS, as a service's would be). The set-up's telemetry.cjs has been
// loaded first with --require (or --import), as users load their instrumentation file. This calls the
// fixture server's Zscaler cases through built-in fetch, the undici package, axios and node:http, one client
// after the other, flushes the metrics after each client (the test splits the metric exports by the times
// written here), and writes what the app received as JSON lines to COMPAT_RESULTS: stdout and stderr stay
// the distribution's.
const { createHash } = require('node:crypto');
const { appendFileSync, readFileSync } = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { metrics } = require('@opentelemetry/api');
const { installLoopbackResolver } = require('zscaler-otel-agent/simulator');
const telemetry = require('./telemetry.cjs');

const plan = JSON.parse(readFileSync(process.env.COMPAT_PLAN, 'utf8'));

function record(entry) {
  appendFileSync(process.env.COMPAT_RESULTS, `${JSON.stringify(entry)}\n`);
}

/**
 * Each client as "send this request, give me the status and the bytes the app received". axios and undici
 * load on first use, after fetch has run: loading undici 8 puts its own Agent in undici's global slots, which
 * would hide the dispatcher the distribution or Node gave fetch.
 */
const send = {
  async fetch(url, method) {
    const response = await fetch(url, { method });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  },
  async undici(url, method) {
    const response = await require('undici').request(url, { method });
    return { status: response.statusCode, body: Buffer.from(await response.body.arrayBuffer()) };
  },
  async axios(url, method) {
    const response = await require('axios').request({
      url,
      method,
      responseType: 'arraybuffer',
      validateStatus: () => true,
    });
    return { status: response.status, body: Buffer.from(response.data) };
  },
  'node:http': (url, method) =>
    new Promise((resolve, reject) => {
      http
        .request(url, { method }, (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks) }));
          response.on('error', reject);
        })
        .on('error', reject)
        .end();
    }),
};

/**
 * Which dispatchers fetch and undici's request go through: undici's global slots (1: Node's bundled undici
 * and undici <= 7; 2: undici 8, which keeps a wrapper of its own in slot 1), each with the npm undici that
 * exports its class, if any.
 */
function globalDispatchers() {
  const found = {};
  for (const slot of [1, 2]) {
    const dispatcher = globalThis[Symbol.for(`undici.globalDispatcher.${slot}`)];
    found[slot] = dispatcher === undefined ? 'none' : originOf(dispatcher.constructor);
  }
  return found;
}

function originOf(type) {
  for (const [file, loaded] of Object.entries(require.cache)) {
    const home = /^(.*[\\/]node_modules[\\/]undici)[\\/]index\.js$/.exec(file)?.[1];
    if (home === undefined) continue;
    for (const [name, value] of Object.entries(loaded.exports ?? {})) {
      if (value !== type) continue;
      const { version } = JSON.parse(readFileSync(path.join(home, 'package.json'), 'utf8'));
      return `${name} of undici ${version} (${path.relative(process.cwd(), home)})`;
    }
  }
  return `${type?.name} of no npm undici (Node's own)`;
}

async function main() {
  installLoopbackResolver();
  record({ kind: 'probe', when: 'start', node: process.version, dispatchers: globalDispatchers() });
  for (const client of plan.clients) {
    record({ kind: 'probe', when: `before ${client}`, dispatchers: globalDispatchers() });
    const start = Date.now();
    for (const c of plan.cases) {
      // The client in the path too: a request to the same host, method and path after an error is a retry.
      const slug = client.replace(':', '-');
      const url = `http://${c.host}:${plan.port}${c.path}/${slug}?fixture=${c.name}&client=${slug}`;
      try {
        const { status, body } = await send[client](url, c.method);
        const sha256 = createHash('sha256').update(body).digest('hex');
        record({ kind: 'response', client, case: c.name, status, sha256 });
      } catch (error) {
        record({ kind: 'response', client, case: c.name, error: String(error) });
      }
    }
    // Client spans end with the response body; give the instrumentations' last callbacks a moment.
    await sleep(plan.settleMs);
    try {
      await metrics.getMeterProvider().forceFlush?.();
    } catch (error) {
      record({ kind: 'flush-error', client, error: String(error) });
    }
    record({ kind: 'phase', client, start, end: Date.now() });
    await sleep(2);
  }
  record({ kind: 'probe', when: 'end', dispatchers: globalDispatchers() });
  try {
    await telemetry.shutdown();
  } catch (error) {
    record({ kind: 'shutdown-error', error: String(error?.stack ?? error) });
  }
  record({ kind: 'done' });
}

main().catch((error) => {
  record({ kind: 'crash', error: String(error?.stack ?? error) });
  process.exitCode = 1;
});
