/**
 * `node --require zscaler-otel-agent/register app.js`: starts the agent before the app's first line.
 *
 * `--require` hooks only `require()`. A CommonJS app's ESM-only clients (got, node-fetch 3, loaded with
 * `import()`) reach node:http and node:https through the ESM loader, which instrumentation-http then never
 * sees. Requiring both here lets it patch their shared exports object before any import reads it: the ESM
 * view of a built-in is taken from that object when first imported, so default and named imports alike get
 * the patched functions — without a loader hook wrapping every module of the app.
 */
import { startAgent } from './start.js';

if (startAgent() === 'started') {
  require('node:http');
  require('node:https');
}
