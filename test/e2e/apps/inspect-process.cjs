// Fixture app: prints what a preload could have changed in this process, as one JSON line.
const http = require('node:http');

const state = {
  otelGlobals: Object.getOwnPropertySymbols(globalThis)
    .map((symbol) => symbol.description)
    .filter((name) => /opentelemetry|zscaler/i.test(name ?? '')),
  undiciDispatcherSet: globalThis[Symbol.for('undici.globalDispatcher.1')] !== undefined,
  httpRequestWrapped: typeof http.request.__wrapped === 'boolean' || http.request.name !== 'request',
  listeners: {
    SIGTERM: process.listenerCount('SIGTERM'),
    SIGINT: process.listenerCount('SIGINT'),
    beforeExit: process.listenerCount('beforeExit'),
  },
};
console.log(JSON.stringify(state));
