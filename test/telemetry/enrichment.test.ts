/** The preload's set-up: the processor with the agent's own instrumentations. */
import { enrichmentSuite } from './enrichment-suite.js';
import { setUpTelemetry } from './harness.js';

enrichmentSuite(setUpTelemetry({}, 'agent'));
