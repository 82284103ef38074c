/**
 * The OpenTelemetry set-ups services already run (research/distributions.md), each an app folder under
 * test/compat/apps/<id>: its package.json and lock pin the distribution (the lock keeps the suite
 * deterministic; to move a set-up on, change package.json, delete the lock, run the suite once and copy
 * .cache/compat/<id>/.base/package-lock.json back), telemetry.cjs is what its users write to add a span
 * processor.
 */
export interface Setup {
  /** The folder under test/compat/apps and .cache/compat. */
  readonly id: string;
  readonly title: string;
  /** How its users load their instrumentation file; default `--require`. */
  readonly preload?: '--require' | '--import';
  /** The app's environment beyond the OTLP endpoint and service name. */
  readonly env?: Readonly<Record<string, string>>;
  /** zscaler-otel-agent lines this set-up is meant to print (none so far). */
  readonly agentLines?: readonly RegExp[];
}

export const autoInstrumentations: Setup = {
  id: 'auto-instrumentations-3x',
  title: 'auto-instrumentations-node 0.82 + NodeSDK 0.301 (3.x)',
};

export const edot: Setup = {
  id: 'edot',
  title: 'EDOT Node.js 1.18 startNodeSDK (2.x)',
};

export const sdkNode2x: Setup = {
  id: 'sdk-node-2x',
  title: 'hand-written NodeSDK 0.223 + stock undici/http instrumentations (2.x)',
};

export const azureMonitor: Setup = {
  id: 'azure-monitor',
  title: 'Azure Monitor 1.21 useAzureMonitor (2.x)',
  // No statsbeat or SDK stats: they would call Microsoft's endpoints, and nothing here leaves loopback.
  env: {
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
    APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
  },
};

export const sentry: Setup = {
  id: 'sentry',
  title: "Sentry 11 + the app's own NodeSDK 0.301 (3.x)",
  // Sentry 11 warns that initialising through --require "is no longer supported" and asks for --import.
  preload: '--import',
};
