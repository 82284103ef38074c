// Fixture app: a worker thread reports whether anything was installed in it (the agent starts on the main
// thread only; workers inherit --require/--import and NODE_OPTIONS).
const { Worker } = require('node:worker_threads');

const probe = `
  const http = require('node:http');
  const { parentPort } = require('node:worker_threads');
  parentPort.postMessage({
    otelGlobal: globalThis[Symbol.for('opentelemetry.js.api.1')] !== undefined,
    httpWrapped: http.request.name !== 'request',
  });
`;
const worker = new Worker(probe, { eval: true });
worker.once('message', (state) => {
  console.log(`worker ${JSON.stringify(state)}`);
  worker.terminate();
});
