/**
 * Loads the bundled 3.x SDK (./index.ts) when it is needed, not when the package is: `require('zscaler-otel-agent')`
 * for ZscalerSpanProcessor must neither pay for the SDK nor fail on the 2.x line, where the bundle cannot even
 * load. Ask `sdkLineSupported()` (./line.ts) first.
 */
import type * as Sdk from './index.js';

export type { Sdk };

export function loadSdk(): typeof Sdk {
  return require('./index.js') as typeof Sdk;
}
