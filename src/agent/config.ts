/**
 * The agent's configuration from the environment: the one place where the agent reads `ZSCALER_OTEL_*` and the
 * `OTEL_*` variables it implements itself. (The OTLP exporters still read their own endpoint, headers,
 * compression and certificate variables; NodeSDK reads sampler, propagator, span-limit and resource variables.)
 *
 * Pure: takes an environment, returns the configuration plus one human-readable line per malformed variable.
 * A malformed value never throws; it falls back to the default and says so.
 */
import { DiagLogLevel } from '@opentelemetry/api';
import type { ZscalerAgentOptions } from '../index.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export type TraceExporterName = 'otlp' | 'console';
export type MetricExporterName = 'otlp' | 'prometheus' | 'console';
export type SamplerName = (typeof SAMPLERS)[number];

/** The fields of the pipeline's options that come from `ZSCALER_OTEL_*` (unset → the pipeline's default). */
export type ZscalerEnvOptions = Pick<
  ZscalerAgentOptions,
  | 'captureErrorBodies'
  | 'maxBodyBytes'
  | 'captureReason'
  | 'instrumentHttp'
  | 'tracesOnlyZscaler'
  | 'extraHosts'
>;

export interface AgentConfig {
  /** `OTEL_SDK_DISABLED=true`: install nothing at all. */
  readonly sdkDisabled: boolean;
  /** `OTEL_LOG_LEVEL`; undefined: SDK internals stay silent (as with the stock SDK), agent lines still print. */
  readonly logLevel: DiagLogLevel | undefined;
  readonly traces: {
    readonly exporters: readonly TraceExporterName[];
    readonly protocol: OtlpProtocol;
    readonly exportTimeoutMs: number;
    /** `OTEL_TRACES_SAMPLER`; undefined: the SDK default, parentbased_always_on. */
    readonly sampler: SamplerName | undefined;
    /** `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers, in [0, 1]. */
    readonly samplerRatio: number;
  };
  readonly batch: {
    readonly scheduledDelayMillis: number;
    readonly exportTimeoutMillis: number;
    readonly maxQueueSize: number;
    readonly maxExportBatchSize: number;
  };
  readonly metrics: {
    readonly exporters: readonly MetricExporterName[];
    readonly protocol: OtlpProtocol;
    readonly exportTimeoutMs: number;
    readonly intervalMs: number;
    readonly readerTimeoutMs: number;
    readonly prometheusHost: string;
    readonly prometheusPort: number;
  };
  /** `OTEL_LOGS_EXPORTER` given: let NodeSDK build its logs pipeline; otherwise none is installed. */
  readonly logsRequested: boolean;
  /** `ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS`: the bound on the flush at exit and on SIGTERM/SIGINT. */
  readonly shutdownTimeoutMs: number;
  readonly zscaler: ZscalerEnvOptions;
}

export interface ConfigReading {
  readonly config: AgentConfig;
  /** One line per malformed variable: what was wrong and what is used instead. */
  readonly problems: readonly string[];
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 3000;

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const TRACE_EXPORTERS: readonly TraceExporterName[] = ['otlp', 'console'];
const METRIC_EXPORTERS: readonly MetricExporterName[] = ['otlp', 'prometheus', 'console'];
const LOG_LEVELS: Readonly<Record<string, DiagLogLevel>> = {
  none: DiagLogLevel.NONE,
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
// Validated here only so that a typo gets a diagnostic line; NodeSDK builds the propagators itself (and the
// exporters read their endpoint and compression variables themselves).
const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'];

class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value, or undefined when unset or blank. */
  string(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name)?.toLowerCase();
    if (value === undefined) return undefined;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problems.push(`${name}=${this.env[name]} is not true or false; using the default`);
    return undefined;
  }

  /** A positive integer (milliseconds, bytes, counts). */
  positiveInteger(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (Number.isInteger(parsed) && parsed > 0) return parsed;
    this.problems.push(`${name}=${this.env[name]} is not a positive integer; using the default`);
    return undefined;
  }

  /** A fraction in [0, 1]. */
  ratio(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (parsed >= 0 && parsed <= 1) return parsed;
    this.problems.push(`${name}=${this.env[name]} is not a number from 0 to 1; using 1`);
    return undefined;
  }

  port(name: string): number | undefined {
    const value = this.positiveInteger(name);
    if (value === undefined || value <= 65535) return value;
    this.problems.push(`${name}=${value} is not a TCP port; using the default`);
    return undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name)?.toLowerCase();
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${this.env[name]} is not one of ${allowed.join(', ')}; using the default`);
    return undefined;
  }

  /** `OTEL_*_EXPORTER`: a comma list; `none` alone means no exporter; unknown names are dropped. */
  exporterList<T extends string>(name: string, allowed: readonly T[], fallback: T): T[] {
    const names = [
      ...new Set(
        this.string(name)
          ?.toLowerCase()
          .split(',')
          .map((part) => part.trim()) ?? [],
      ),
    ];
    const given = names.filter((part) => part !== '');
    if (given.length === 0) return [fallback];
    if (given.includes('none')) {
      if (given.length > 1)
        this.problems.push(`${name}=${this.env[name]} mixes none with exporters; using none`);
      return [];
    }
    const known = given.filter((part): part is T => (allowed as readonly string[]).includes(part));
    const unknown = given.filter((part) => !known.includes(part as T));
    if (unknown.length > 0) {
      const using = known.length > 0 ? known.join(',') : fallback;
      this.problems.push(
        `${name}=${this.env[name]}: unknown exporter ${unknown.join(', ')} (expected ${allowed.join(', ')} or none); using ${using}`,
      );
    }
    return known.length > 0 ? known : [fallback];
  }

  /** Reports a value that is not an http(s) URL (the exporters would fall back or fail silently). */
  checkUrl(name: string): void {
    const value = this.string(name);
    if (value === undefined) return;
    const protocol = URL.parse(value)?.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      this.problems.push(`${name}=${this.env[name]} is not an http:// or https:// URL`);
    }
  }

  /** Reports names outside `allowed` in a comma list the SDK reads itself. */
  checkList(name: string, allowed: readonly string[]): void {
    const unknown = (this.string(name)?.toLowerCase().split(',') ?? [])
      .map((part) => part.trim())
      .filter((part) => part !== '' && !allowed.includes(part));
    if (unknown.length > 0) {
      this.problems.push(
        `${name}=${this.env[name]}: unknown ${unknown.join(', ')} (expected ${allowed.join(', ')})`,
      );
    }
  }
}

export function readAgentConfig(env: NodeJS.ProcessEnv): ConfigReading {
  const read = new EnvReader(env);
  // As NodeSDK reads it: only "true" (any case) disables.
  const sdkDisabled = read.oneOf('OTEL_SDK_DISABLED', ['true', 'false']) === 'true';
  const logLevelName = read.oneOf('OTEL_LOG_LEVEL', Object.keys(LOG_LEVELS));
  const shutdownTimeoutMs =
    read.positiveInteger('ZSCALER_OTEL_SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;

  // The OTLP exporters read these timeouts too; the agent passes them explicitly so that its default (the
  // shutdown bound, not the exporters' 10 s) applies: no single export can outlive the flush at exit.
  const sharedProtocol = read.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', PROTOCOLS) ?? 'http/protobuf';
  const sharedTimeout = read.positiveInteger('OTEL_EXPORTER_OTLP_TIMEOUT') ?? shutdownTimeoutMs;

  const intervalMs = read.positiveInteger('OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000;
  const readerTimeoutMs = Math.min(read.positiveInteger('OTEL_METRIC_EXPORT_TIMEOUT') ?? 30_000, intervalMs);

  const maxQueueSize = read.positiveInteger('OTEL_BSP_MAX_QUEUE_SIZE') ?? 2048;
  const maxExportBatchSize = Math.min(
    read.positiveInteger('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? 512,
    maxQueueSize,
  );

  const config: AgentConfig = {
    sdkDisabled,
    logLevel: logLevelName === undefined ? undefined : LOG_LEVELS[logLevelName],
    traces: {
      exporters: read.exporterList('OTEL_TRACES_EXPORTER', TRACE_EXPORTERS, 'otlp'),
      protocol: read.oneOf('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', PROTOCOLS) ?? sharedProtocol,
      exportTimeoutMs: read.positiveInteger('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT') ?? sharedTimeout,
      sampler: read.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS),
      samplerRatio: read.ratio('OTEL_TRACES_SAMPLER_ARG') ?? 1,
    },
    batch: {
      scheduledDelayMillis: read.positiveInteger('OTEL_BSP_SCHEDULE_DELAY') ?? 5000,
      exportTimeoutMillis: read.positiveInteger('OTEL_BSP_EXPORT_TIMEOUT') ?? 30_000,
      maxQueueSize,
      maxExportBatchSize,
    },
    metrics: {
      exporters: read.exporterList('OTEL_METRICS_EXPORTER', METRIC_EXPORTERS, 'otlp'),
      protocol: read.oneOf('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', PROTOCOLS) ?? sharedProtocol,
      exportTimeoutMs: read.positiveInteger('OTEL_EXPORTER_OTLP_METRICS_TIMEOUT') ?? sharedTimeout,
      intervalMs,
      readerTimeoutMs,
      prometheusHost: read.string('OTEL_EXPORTER_PROMETHEUS_HOST') ?? 'localhost',
      prometheusPort: read.port('OTEL_EXPORTER_PROMETHEUS_PORT') ?? 9464,
    },
    logsRequested: read.string('OTEL_LOGS_EXPORTER') !== undefined,
    shutdownTimeoutMs,
    zscaler: {
      captureErrorBodies: read.boolean('ZSCALER_OTEL_CAPTURE_BODY'),
      maxBodyBytes: read.positiveInteger('ZSCALER_OTEL_BODY_MAX_BYTES'),
      captureReason: read.boolean('ZSCALER_OTEL_CAPTURE_REASON'),
      instrumentHttp: read.boolean('ZSCALER_OTEL_HTTP_INSTRUMENTATION'),
      tracesOnlyZscaler: read.boolean('ZSCALER_OTEL_TRACE_ONLY_ZSCALER'),
      extraHosts: read.string('ZSCALER_OTEL_EXTRA_HOSTS'),
    },
  };
  read.checkList('OTEL_PROPAGATORS', PROPAGATORS);
  // An OTLP/HTTP endpoint must be a URL; a gRPC one may be a bare host:port.
  const tracesOverHttp = config.traces.protocol !== 'grpc';
  const metricsOverHttp = config.metrics.protocol !== 'grpc';
  const signals: ReadonlyArray<readonly [string, boolean]> = [
    ['', tracesOverHttp && metricsOverHttp],
    ['TRACES_', tracesOverHttp],
    ['METRICS_', metricsOverHttp],
  ];
  for (const [signal, overHttp] of signals) {
    if (overHttp) read.checkUrl(`OTEL_EXPORTER_OTLP_${signal}ENDPOINT`);
    read.oneOf(`OTEL_EXPORTER_OTLP_${signal}COMPRESSION`, ['gzip', 'none']);
  }
  return { config, problems: read.problems };
}
