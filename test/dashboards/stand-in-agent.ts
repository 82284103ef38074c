/**
 * STAND-IN until the agent's telemetry lands: records the contract's instruments (CONTRACT.md, "Metrics")
 * through the same exporter the agent uses for `OTEL_METRICS_EXPORTER=prometheus`, with the attributes a
 * workload against the simulator produces — ZPA throttled (429) and in conflict on policy-set reorders, ZIA in
 * conflict on its edit lock — a round every 100 ms, so every rate keeps rising while Prometheus scrapes.
 */
import type { Attributes } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

interface Response {
  readonly service: string;
  readonly method: string;
  readonly status: number;
  readonly seconds: number;
  readonly category?: string;
  readonly retryable?: boolean;
  readonly errorId?: string;
  readonly retryAfter?: number;
  readonly remaining?: number;
}

const round: readonly Response[] = [
  { service: 'zpa', method: 'GET', status: 200, seconds: 0.012, remaining: 4980 },
  {
    service: 'zpa',
    method: 'GET',
    status: 429,
    seconds: 0.004,
    category: 'rate_limited',
    retryable: true,
    retryAfter: 4,
  },
  { service: 'zpa', method: 'PUT', status: 204, seconds: 0.21 },
  {
    service: 'zpa',
    method: 'PUT',
    status: 409,
    seconds: 0.003,
    category: 'conflict',
    retryable: true,
    errorId: 'api.concurrent.access.error',
  },
  { service: 'zia', method: 'GET', status: 200, seconds: 0.009, remaining: 4990 },
  { service: 'zia', method: 'POST', status: 200, seconds: 0.205 },
  {
    service: 'zia',
    method: 'POST',
    status: 409,
    seconds: 0.002,
    category: 'conflict',
    retryable: true,
    errorId: 'EDIT_LOCK_NOT_AVAILABLE',
  },
  {
    service: 'zia',
    method: 'POST',
    status: 409,
    seconds: 0.002,
    category: 'conflict',
    retryable: false,
    errorId: 'DUPLICATE_ITEM',
  },
  {
    service: 'zia',
    method: 'POST',
    status: 429,
    seconds: 0.002,
    category: 'rate_limited',
    retryable: true,
    retryAfter: 1,
  },
];

export async function startStandInAgent(port: number): Promise<{ stop(): Promise<void> }> {
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port, preventServerStart: true });
  await exporter.startServer();
  const provider = new MeterProvider({
    readers: [exporter],
    resource: resourceFromAttributes({ 'service.name': 'billing' }),
  });
  const meter = provider.getMeter('zscaler-otel-agent');
  const requests = meter.createCounter('zscaler.api.requests', { unit: '{request}' });
  const rateLimited = meter.createCounter('zscaler.api.rate_limited', { unit: '{response}' });
  const conflicts = meter.createCounter('zscaler.api.conflicts', { unit: '{response}' });
  const retryAfter = meter.createHistogram('zscaler.api.retry_after', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 900, 3600] },
  });
  const duration = meter.createHistogram('zscaler.api.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });
  const remaining = meter.createGauge('zscaler.api.ratelimit.remaining', { unit: '{request}' });

  const record = (r: Response) => {
    const service = { 'zscaler.service': r.service };
    const call: Attributes = {
      ...service,
      'http.request.method': r.method,
      'http.response.status_code': r.status,
      ...(r.category && { 'zscaler.error.category': r.category }),
    };
    requests.add(1, {
      ...call,
      'zscaler.api': 'oneapi',
      ...(r.retryable !== undefined && { 'zscaler.retryable': r.retryable }),
    });
    duration.record(r.seconds, call);
    if (r.status === 429) rateLimited.add(1, { ...service, 'http.request.method': r.method });
    if (r.category === 'conflict') {
      conflicts.add(1, { ...service, 'http.request.method': r.method, 'zscaler.error.id': r.errorId });
    }
    if (r.retryAfter !== undefined) retryAfter.record(r.retryAfter, service);
    if (r.remaining !== undefined) remaining.record(r.remaining, service);
  };
  const timer = setInterval(() => round.forEach(record), 100);
  return {
    async stop() {
      clearInterval(timer);
      await provider.shutdown();
    },
  };
}
