/**
 * The exporters chosen by the standard variables, rebuilt by hand: passing `spanProcessors` and
 * `metricReaders` to NodeSDK switches off its own OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER handling,
 * and `@opentelemetry/sdk-trace`'s BatchSpanProcessor does not read OTEL_BSP_* itself.
 * Every OTLP exporter sits behind an ExportGuard (see export-guard.ts).
 */
import {
  AggregationTemporalityPreference,
  BatchSpanProcessor,
  ConsoleMetricExporter,
  ConsoleSpanExporter,
  GrpcMetricExporter,
  GrpcTraceExporter,
  type IMetricReader,
  JsonMetricExporter,
  JsonTraceExporter,
  PeriodicExportingMetricReader,
  PrometheusExporter,
  ProtobufMetricExporter,
  ProtobufTraceExporter,
  type PushMetricExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '../sdk/index.js';
import type { AgentConfig, MetricExporterName, OtlpProtocol, TraceExporterName } from './config.js';
import { checkConnect } from './connect-check.js';
import type { AgentLog } from './diagnostics.js';
import { ExportGuard, guardMetricExporter, guardSpanExporter } from './export-guard.js';
import { type OtlpEndpoint, type OtlpSignal, otlpEndpoint } from './otlp-endpoint.js';

export interface Exporters {
  readonly spanProcessors: SpanProcessor[];
  readonly metricReaders: IMetricReader[];
  /** Told when the final flush begins. */
  readonly guards: ExportGuard[];
}

// A refused or unknown address answers within milliseconds; a slower answer is left to the export itself.
const CONNECT_CHECK_MS = 1000;

function otlpTraceExporter(protocol: OtlpProtocol, timeoutMillis: number): SpanExporter {
  switch (protocol) {
    case 'grpc':
      return new GrpcTraceExporter({ timeoutMillis });
    case 'http/json':
      return new JsonTraceExporter({ timeoutMillis });
    case 'http/protobuf':
      return new ProtobufTraceExporter({ timeoutMillis });
  }
}

function otlpMetricExporter(protocol: OtlpProtocol, timeoutMillis: number): PushMetricExporter {
  // Cumulative whatever OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE says: the dashboards and
  // Prometheus need it (CONTRACT.md).
  const options = { timeoutMillis, temporalityPreference: AggregationTemporalityPreference.CUMULATIVE };
  switch (protocol) {
    case 'grpc':
      return new GrpcMetricExporter(options);
    case 'http/json':
      return new JsonMetricExporter(options);
    case 'http/protobuf':
      return new ProtobufMetricExporter(options);
  }
}

/** `env`: where the exporters read their endpoints (process.env). */
export function createExporters(config: AgentConfig, log: AgentLog, env: NodeJS.ProcessEnv): Exporters {
  const guards: ExportGuard[] = [];
  const guarded = (signal: OtlpSignal, protocol: OtlpProtocol, timeoutMs: number) => {
    const endpoint: OtlpEndpoint = otlpEndpoint(signal, protocol, env);
    const { address } = endpoint;
    const check = Math.min(CONNECT_CHECK_MS, timeoutMs);
    const guard = new ExportGuard(
      {
        label: `${signal} (otlp ${protocol})`,
        endpoint: endpoint.display,
        timeoutMs,
        ...(address ? { checkConnect: () => checkConnect(address.host, address.port, check) } : {}),
      },
      log,
    );
    guards.push(guard);
    return guard;
  };

  const { traces, batch, metrics } = config;
  const spanProcessor = (name: TraceExporterName): SpanProcessor => {
    switch (name) {
      case 'otlp': {
        const guard = guarded('traces', traces.protocol, traces.exportTimeoutMs);
        const exporter = guardSpanExporter(otlpTraceExporter(traces.protocol, traces.exportTimeoutMs), guard);
        return new BatchSpanProcessor({ exporter, ...batch });
      }
      case 'console':
        return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    }
  };

  const periodic = { exportIntervalMillis: metrics.intervalMs, exportTimeoutMillis: metrics.readerTimeoutMs };
  const metricReader = (name: MetricExporterName): IMetricReader => {
    switch (name) {
      case 'otlp': {
        const guard = guarded('metrics', metrics.protocol, metrics.exportTimeoutMs);
        const exporter = guardMetricExporter(
          otlpMetricExporter(metrics.protocol, metrics.exportTimeoutMs),
          guard,
        );
        return new PeriodicExportingMetricReader({ exporter, ...periodic });
      }
      case 'console':
        return new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), ...periodic });
      case 'prometheus': {
        const { prometheusHost: host, prometheusPort: port } = metrics;
        return new PrometheusExporter({ host, port }, (error) => {
          if (error) {
            log.once(
              'prometheus',
              `Prometheus scrape endpoint cannot listen on ${host}:${port} (${error.message})`,
            );
          }
        });
      }
    }
  };

  return {
    spanProcessors: traces.exporters.map(spanProcessor),
    metricReaders: metrics.exporters.map(metricReader),
    guards,
  };
}
