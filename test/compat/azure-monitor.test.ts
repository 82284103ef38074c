/**
 * The packed agent in an Azure Monitor app (OpenTelemetry JS 2.x): the processor in useAzureMonitor's
 * spanProcessors, with a fake connection string aimed at a loopback sink.
 */
import { azureMonitor } from './setups.js';
import { describeSetup } from './suite.js';

describeSetup(azureMonitor);
