import { DiagLogLevel } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, readAgentConfig } from '../../src/agent/config.js';

describe('readAgentConfig', () => {
  it('defaults to OTLP http/protobuf for traces and metrics, the standard batch and interval values', () => {
    const { config, problems } = readAgentConfig({});
    expect(problems).toEqual([]);
    expect(config.sdkDisabled).toBe(false);
    expect(config.logLevel).toBeUndefined();
    expect(config.traces).toEqual({
      exporters: ['otlp'],
      protocol: 'http/protobuf',
      exportTimeoutMs: DEFAULT_SHUTDOWN_TIMEOUT_MS,
      sampler: undefined,
      samplerRatio: 1,
    });
    expect(config.batch).toEqual({
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30_000,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
    });
    expect(config.metrics).toMatchObject({
      exporters: ['otlp'],
      protocol: 'http/protobuf',
      intervalMs: 60_000,
      readerTimeoutMs: 30_000,
      prometheusHost: 'localhost',
      prometheusPort: 9464,
    });
    expect(config.logsRequested).toBe(false);
    expect(config.shutdownTimeoutMs).toBe(3000);
    expect(config.zscaler).toEqual({});
  });

  it('reads the per-signal protocol and timeout before the shared ones', () => {
    const { config, problems } = readAgentConfig({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TIMEOUT: '7000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1500',
    });
    expect(problems).toEqual([]);
    expect(config.traces.protocol).toBe('grpc');
    expect(config.metrics.protocol).toBe('http/json');
    expect(config.traces.exportTimeoutMs).toBe(1500);
    expect(config.metrics.exportTimeoutMs).toBe(7000);
  });

  it('defaults the export timeout to the shutdown bound', () => {
    const { config } = readAgentConfig({ ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS: '1200' });
    expect(config.shutdownTimeoutMs).toBe(1200);
    expect(config.traces.exportTimeoutMs).toBe(1200);
    expect(config.metrics.exportTimeoutMs).toBe(1200);
  });

  it('reads exporter lists: several, none, and unknown names with one line each', () => {
    expect(readAgentConfig({ OTEL_TRACES_EXPORTER: 'console, otlp' }).config.traces.exporters).toEqual([
      'console',
      'otlp',
    ]);
    expect(readAgentConfig({ OTEL_METRICS_EXPORTER: 'none' }).config.metrics.exporters).toEqual([]);
    expect(readAgentConfig({ OTEL_METRICS_EXPORTER: 'Prometheus' }).config.metrics.exporters).toEqual([
      'prometheus',
    ]);

    const bogus = readAgentConfig({ OTEL_TRACES_EXPORTER: 'bogus' });
    expect(bogus.config.traces.exporters).toEqual(['otlp']);
    expect(bogus.problems).toEqual([
      'OTEL_TRACES_EXPORTER=bogus: unknown exporter bogus (expected otlp, console or none); using otlp',
    ]);
    const partly = readAgentConfig({ OTEL_METRICS_EXPORTER: 'zipkin,console' });
    expect(partly.config.metrics.exporters).toEqual(['console']);
    expect(partly.problems).toHaveLength(1);
  });

  it('reads OTEL_BSP_* and the metric interval, keeping batch <= queue and reader timeout <= interval', () => {
    const { config } = readAgentConfig({
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BSP_EXPORT_TIMEOUT: '2000',
      OTEL_BSP_MAX_QUEUE_SIZE: '50',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    });
    expect(config.batch).toEqual({
      scheduledDelayMillis: 100,
      exportTimeoutMillis: 2000,
      maxQueueSize: 50,
      maxExportBatchSize: 50,
    });
    expect(config.metrics.intervalMs).toBe(1000);
    expect(config.metrics.readerTimeoutMs).toBe(1000);
  });

  it('reads the Zscaler options, booleans as true/false/1/0', () => {
    const { config, problems } = readAgentConfig({
      ZSCALER_OTEL_CAPTURE_BODY: 'false',
      ZSCALER_OTEL_BODY_MAX_BYTES: '4096',
      ZSCALER_OTEL_CAPTURE_REASON: '0',
      ZSCALER_OTEL_HTTP_INSTRUMENTATION: 'TRUE',
      ZSCALER_OTEL_TRACE_ONLY_ZSCALER: '1',
      ZSCALER_OTEL_EXTRA_HOSTS: ' gw.example.com=zia ',
    });
    expect(problems).toEqual([]);
    expect(config.zscaler).toEqual({
      captureErrorBodies: false,
      maxBodyBytes: 4096,
      captureReason: false,
      instrumentHttp: true,
      tracesOnlyZscaler: true,
      extraHosts: 'gw.example.com=zia',
    });
  });

  it('gives one line per malformed value and keeps the default', () => {
    const { config, problems } = readAgentConfig({
      ZSCALER_OTEL_BODY_MAX_BYTES: 'abc',
      ZSCALER_OTEL_CAPTURE_BODY: 'maybe',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml',
      OTEL_EXPORTER_PROMETHEUS_PORT: '70000',
      OTEL_LOG_LEVEL: 'loud',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_PROPAGATORS: 'tracecontext,jaeger',
      OTEL_SDK_DISABLED: 'yes',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'zip',
    });
    expect(config.zscaler.maxBodyBytes).toBeUndefined();
    expect(config.zscaler.captureErrorBodies).toBeUndefined();
    expect(config.traces.protocol).toBe('http/protobuf');
    expect(config.metrics.prometheusPort).toBe(9464);
    expect(config.logLevel).toBeUndefined();
    expect(config.sdkDisabled).toBe(false);
    expect(problems).toHaveLength(10);
    expect(problems).toContain(
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=collector:4318 is not an http:// or https:// URL',
    );
    expect(problems).toContain(
      'ZSCALER_OTEL_BODY_MAX_BYTES=abc is not a positive integer; using the default',
    );
    for (const problem of problems) expect(problem).not.toContain('\n');
  });

  it('reads the sampler and its ratio', () => {
    const { config, problems } = readAgentConfig({
      OTEL_TRACES_SAMPLER: 'ParentBased_TraceIdRatio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(problems).toEqual([]);
    expect(config.traces).toMatchObject({ sampler: 'parentbased_traceidratio', samplerRatio: 0.25 });
    expect(readAgentConfig({ OTEL_TRACES_SAMPLER_ARG: '2' }).problems).toEqual([
      'OTEL_TRACES_SAMPLER_ARG=2 is not a number from 0 to 1; using 1',
    ]);
  });

  it('takes a bare host:port as a gRPC endpoint, not as an OTLP/HTTP one', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' };
    expect(readAgentConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).problems).toEqual([]);
    expect(readAgentConfig(endpoint).problems).toHaveLength(1);
  });

  it('reads OTEL_SDK_DISABLED, OTEL_LOG_LEVEL and OTEL_LOGS_EXPORTER', () => {
    const { config } = readAgentConfig({
      OTEL_SDK_DISABLED: 'TRUE',
      OTEL_LOG_LEVEL: 'Debug',
      OTEL_LOGS_EXPORTER: 'otlp',
    });
    expect(config.sdkDisabled).toBe(true);
    expect(config.logLevel).toBe(DiagLogLevel.DEBUG);
    expect(config.logsRequested).toBe(true);
  });
});
