/**
 * Installs the agent: a NodeSDK with the Zscaler span processor first, the exporters and sampler the standard
 * variables choose, the diag logger for OTEL_LOG_LEVEL, and the exit lifecycle.
 */
import { diag } from '@opentelemetry/api';
import { type ZscalerAgentOptions, ZscalerSpanProcessor, zscalerInstrumentations } from '../index.js';
import { NodeSDK } from '../sdk/index.js';
import { AgentMeterProvider } from './agent-meters.js';
import type { AgentConfig } from './config.js';
import { type AgentLog, createStderrDiagLogger } from './diagnostics.js';
import { exportAtExit } from './exit-export.js';
import { createExporters } from './exporters.js';
import { flushBudgetMs, installLifecycle } from './lifecycle.js';
import { createSampler } from './sampler.js';

/** `began`: performance.now() when the agent started, so that start-up counts against the shutdown bound. */
export function installAgent(config: AgentConfig, log: AgentLog, began: number): void {
  // First, so that what the SDK and exporters say while being built goes to stderr too.
  if (config.logLevel !== undefined) {
    diag.setLogger(createStderrDiagLogger(), { logLevel: config.logLevel, suppressOverrideMessage: true });
  }
  // The processor's metrics go to the agent's own instruments, which the metric readers report (agent-meters.ts).
  const agentMeters = new AgentMeterProvider();
  const options: ZscalerAgentOptions = {
    ...config.zscaler,
    meterProvider: agentMeters,
    // Bad ZSCALER_OTEL_EXTRA_HOSTS entries get a line like every other malformed variable, not a silent diag warning.
    onConfigError: (message) => log.once(message, message),
  };
  const exporters = createExporters(config, log, process.env, agentMeters);
  const sdk = withoutVariable(
    'OTEL_LOG_LEVEL',
    () =>
      new NodeSDK({
        instrumentations: zscalerInstrumentations(options),
        // The Zscaler processor first: it writes its attributes before any exporter's processor sees the span.
        spanProcessors: [new ZscalerSpanProcessor(options), ...exporters.spanProcessors],
        metricReaders: exporters.metricReaders,
        sampler: createSampler(config.traces.sampler, config.traces.samplerRatio, config.zscaler.extraHosts),
        // No logs pipeline unless asked for: the stock default would export logs over OTLP unasked.
        ...(config.logsRequested ? {} : { logRecordProcessors: [] }),
      }),
  );
  sdk.start();
  const timeoutMs = flushBudgetMs(config.shutdownTimeoutMs, performance.now() - began);
  installLifecycle({
    shutdown: () => {
      for (const guard of exporters.guards) guard.beginShutdown();
      return sdk.shutdown();
    },
    exportAtExit: () => exportAtExit(exporters.exitSources, timeoutMs, log, process.env),
    timeoutMs,
    log,
  });
}

/**
 * Runs `create` with `name` unset. NodeSDK's constructor answers OTEL_LOG_LEVEL with a console logger that
 * prints info and debug on the app's stdout; the agent has installed its stderr logger instead.
 */
function withoutVariable<T>(name: string, create: () => T): T {
  const value = process.env[name];
  delete process.env[name];
  try {
    return create();
  } finally {
    if (value !== undefined) process.env[name] = value;
  }
}
