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
  convertLegacyHttpOptions,
  convertLegacyOtlpGrpcOptions,
  createOtlpGrpcExportDelegate,
  createOtlpHttpExportDelegate,
  GrpcMetricExporter,
  type IMetricReader,
  JsonMetricExporter,
  JsonMetricsSerializer,
  JsonTraceExporter,
  JsonTraceSerializer,
  OTLPExporterBase,
  PeriodicExportingMetricReader,
  PrometheusExporter,
  ProtobufMetricExporter,
  ProtobufMetricsSerializer,
  type PushMetricExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TraceExporterMetricsHelper,
} from '../sdk/index.js';
import type { AgentMeterProvider } from './agent-meters.js';
import type { AgentConfig, MetricExporterName, OtlpProtocol, TraceExporterName } from './config.js';
import { checkConnect } from './connect-check.js';
import type { AgentLog } from './diagnostics.js';
import type { ExitSource } from './exit-export.js';
import { ExportGuard, guardMetricExporter, guardSpanExporter } from './export-guard.js';
import { collectMetricsNow } from './metrics-now.js';
import { type OtlpEndpoint, type OtlpSignal, otlpEndpoint } from './otlp-endpoint.js';
import { PendingSpans, recordingPending } from './pending-spans.js';
import { spanProtobufSerializer } from './span-protobuf.js';

export interface Exporters {
  readonly spanProcessors: SpanProcessor[];
  readonly metricReaders: IMetricReader[];
  /** Told when the final flush begins. */
  readonly guards: ExportGuard[];
  /** What the export at exit sends when the process ends without the normal flush (exit-export.ts). */
  readonly exitSources: ExitSource[];
}

// A refused or unknown address answers within milliseconds; a slower answer is left to the export itself.
const CONNECT_CHECK_MS = 1000;

/**
 * Over protobuf (gRPC and http/protobuf), the stock exporters' transport, configuration and self-observation
 * around the agent's span encoding (span-protobuf.ts): the same bytes, for a fraction of the stock serializer's cost.
 */
function otlpTraceExporter(protocol: OtlpProtocol, timeoutMillis: number): SpanExporter {
  const config = { timeoutMillis };
  switch (protocol) {
    case 'grpc':
      return new OTLPExporterBase<ReadableSpan[]>(
        createOtlpGrpcExportDelegate(
          convertLegacyOtlpGrpcOptions(config, 'TRACES'),
          spanProtobufSerializer,
          'otlp_grpc_span_exporter',
          TraceExporterMetricsHelper,
          undefined,
          'TraceExportService',
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        ),
      );
    case 'http/json':
      return new JsonTraceExporter(config);
    case 'http/protobuf':
      return new OTLPExporterBase<ReadableSpan[]>(
        createOtlpHttpExportDelegate(
          convertLegacyHttpOptions(config, 'TRACES', 'v1/traces', {
            'Content-Type': 'application/x-protobuf',
          }),
          spanProtobufSerializer,
          'otlp_http_span_exporter',
          TraceExporterMetricsHelper,
          undefined,
        ),
      );
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

/**
 * `env`: where the exporters read their endpoints (process.env). `agentMeters`: the agent's own instruments,
 * which every metric reader reports beside the SDK's.
 */
export function createExporters(
  config: AgentConfig,
  log: AgentLog,
  env: NodeJS.ProcessEnv,
  agentMeters: AgentMeterProvider,
): Exporters {
  const guards: ExportGuard[] = [];
  const exitSources: ExitSource[] = [];
  const guarded = (
    signal: OtlpSignal,
    protocol: OtlpProtocol,
    timeoutMs: number,
    takeBody: ExitSource['takeBody'],
  ) => {
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
    exitSources.push({ signal, protocol, endpoint, guard, takeBody });
    return guard;
  };

  const { traces, batch, metrics } = config;
  const spanProcessor = (name: TraceExporterName): SpanProcessor => {
    switch (name) {
      case 'otlp': {
        // The batch in flight besides a full queue.
        const pending = new PendingSpans(batch.maxQueueSize + batch.maxExportBatchSize);
        const serializer = traces.protocol === 'http/json' ? JsonTraceSerializer : spanProtobufSerializer;
        const guard = guarded('traces', traces.protocol, traces.exportTimeoutMs, () => {
          const spans = pending.take();
          return spans.length === 0 ? undefined : serializer.serializeRequest(spans);
        });
        const exporter = guardSpanExporter(
          otlpTraceExporter(traces.protocol, traces.exportTimeoutMs),
          guard,
          pending,
        );
        return recordingPending(new BatchSpanProcessor({ exporter, ...batch }), pending);
      }
      case 'console':
        return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
    }
  };

  const metricProducers = [agentMeters];
  const periodic = {
    exportIntervalMillis: metrics.intervalMs,
    exportTimeoutMillis: metrics.readerTimeoutMs,
    metricProducers,
  };
  const metricReader = (name: MetricExporterName): IMetricReader => {
    switch (name) {
      case 'otlp': {
        const serializer =
          metrics.protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
        let reader: IMetricReader | undefined;
        const guard = guarded('metrics', metrics.protocol, metrics.exportTimeoutMs, () => {
          const collected = reader === undefined ? undefined : collectMetricsNow(reader, agentMeters);
          return collected === undefined || collected.scopeMetrics.length === 0
            ? undefined
            : serializer.serializeRequest(collected);
        });
        const exporter = guardMetricExporter(
          otlpMetricExporter(metrics.protocol, metrics.exportTimeoutMs),
          guard,
        );
        reader = new PeriodicExportingMetricReader({ exporter, ...periodic });
        return reader;
      }
      case 'console':
        return new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), ...periodic });
      case 'prometheus': {
        const { prometheusHost: host, prometheusPort: port } = metrics;
        return new PrometheusExporter({ host, port, metricProducers }, (error) => {
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
    exitSources,
  };
}
