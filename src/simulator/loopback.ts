/**
 * `node --require zscaler-otel-agent/simulator/loopback app.js`: the Zscaler host names the simulator serves
 * resolve to 127.0.0.1 in this process (every other name as before), so an unmodified app can be pointed at
 * `zscaler-otel-agent simulate --port N` by setting only its port. Also under `--import`.
 */
import { installLoopbackResolver } from './loopback-resolver.js';

installLoopbackResolver();
