/**
 * The packed agent in an EDOT Node.js app (OpenTelemetry JS 2.x, api 1.9): the processor first in the
 * spanProcessors given to startNodeSDK, EDOT's own instrumentations and metric exporter.
 */
import { edot } from './setups.js';
import { describeSetup } from './suite.js';

describeSetup(edot);
