/**
 * Starts the agent once per process, from the environment: the code both preload entries share.
 * Never throws into the app: a configuration it cannot use gives one diagnostic line and the default, and a
 * failure to start gives one line and an app without telemetry.
 */
import { isMainThread } from 'node:worker_threads';
import { DiagLogLevel } from '@opentelemetry/api';
import { readAgentConfig } from './config.js';
import { createAgentLog } from './diagnostics.js';
import type * as Install from './install.js';

export type StartOutcome = 'started' | 'already-started' | 'disabled' | 'not-main-thread' | 'failed';

export interface StartHooks {
  /** Runs only when the agent is about to start, right before the instrumentations are created. */
  readonly beforeInstrumentations?: () => void;
}

// On globalThis rather than in this module: `--require` and `--import` may load two copies of the package.
const STARTED = Symbol.for('zscaler-otel-agent.started');

export function startAgent(hooks: StartHooks = {}): StartOutcome {
  try {
    return start(hooks);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    createAgentLog(false).once('start', `could not start (${reason}); the app runs without telemetry`);
    return 'failed';
  }
}

function start(hooks: StartHooks): StartOutcome {
  // Workers inherit --require/--import and NODE_OPTIONS; telemetry belongs to the main thread.
  if (!isMainThread) return 'not-main-thread';
  const began = performance.now();
  const { config, problems } = readAgentConfig(process.env);
  if (config.sdkDisabled) return 'disabled';
  const log = createAgentLog(config.logLevel === DiagLogLevel.NONE);
  for (const problem of problems) log.once(problem, problem);

  const marks = globalThis as { [STARTED]?: true };
  if (marks[STARTED]) return 'already-started';
  marks[STARTED] = true;
  hooks.beforeInstrumentations?.();
  // Loaded only now: disabled, in a worker or started already, the process never even loads the SDK.
  const { installAgent } = require('./install.js') as typeof Install;
  installAgent(config, log, began);
  return 'started';
}
