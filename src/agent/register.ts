/**
 * `node --require zscaler-otel-agent/register app.js`: starts the agent before the app's first line.
 */
import { startAgent } from './start.js';

startAgent();
