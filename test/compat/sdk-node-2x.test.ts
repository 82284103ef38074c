/**
 * The packed agent in a hand-written OpenTelemetry JS 2.x app (api 1.9, NodeSDK 0.223) with the stock undici
 * and http instrumentations, no hooks configured.
 */
import { sdkNode2x } from './setups.js';
import { describeSetup } from './suite.js';

describeSetup(sdkNode2x);
