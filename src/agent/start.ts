/**
 * Starts the agent once per process, from the environment: the code both preload entries share.
 * Never throws into the app: a configuration it cannot use gives one diagnostic line and the default, and a
 * failure to start gives one line and an app without telemetry.
 */
import { isMainThread } from 'node:worker_threads';
import { DiagLogLevel } from '@opentelemetry/api';
import { apiBelow3xLine, apiVersion } from '../sdk/line.js';
import { readAgentConfig } from './config.js';
import { createAgentLog } from './diagnostics.js';
import type * as Install from './install.js';
import { registeredSdk } from './registered-sdk.js';

export type StartOutcome =
  | 'started'
  | 'already-started'
  | 'disabled'
  | 'not-main-thread'
  | 'other-api-line'
  | 'other-sdk'
  | 'failed';

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

  // What the first entry decided holds for the second (`--require` and `--import` both given): said once.
  const marks = globalThis as { [STARTED]?: 'started' | 'other-api-line' | 'other-sdk' };
  const decided = marks[STARTED];
  if (decided !== undefined) return decided === 'started' ? 'already-started' : decided;
  // The SDK the preload starts is bundled on the 3.x line, which fails on api 1.9 (the app's copy: a peer).
  // Read from its package.json, without loading the bundle; unknown, the agent tries to start as usual.
  const version = apiVersion();
  if (apiBelow3xLine(version)) {
    marks[STARTED] = 'other-api-line';
    log.once(
      'api-line',
      `not started: the preload runs on OpenTelemetry JS 3.x (@opentelemetry/api 1.10) and this app has @opentelemetry/api ${version}; add ZscalerSpanProcessor to the OpenTelemetry SDK the app runs instead (README "Already running OpenTelemetry?")`,
    );
    return 'other-api-line';
  }
  // Two SDKs in one process would trace each request twice and fight over the globals: leave it to the first.
  const other = registeredSdk();
  if (other !== undefined) {
    marks[STARTED] = 'other-sdk';
    log.once(
      'other-sdk',
      `not started: another OpenTelemetry SDK is already registered in this process (${other}); add ZscalerSpanProcessor to its span processors instead (README "Already running OpenTelemetry?")`,
    );
    return 'other-sdk';
  }
  marks[STARTED] = 'started';
  hooks.beforeInstrumentations?.();
  // Loaded only now: disabled, in a worker or started already, the process never even loads the SDK.
  const { installAgent } = require('./install.js') as typeof Install;
  installAgent(config, log, began);
  return 'started';
}
