/**
 * The packed agent next to upstream's auto-instrumentations (OpenTelemetry JS 3.x): the processor alone,
 * first in a NodeSDK whose spans come from getNodeAutoInstrumentations().
 */
import { autoInstrumentations } from './setups.js';
import { describeSetup } from './suite.js';

describeSetup(autoInstrumentations);
