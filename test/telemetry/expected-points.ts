/**
 * The metric points one request of a case must produce, in the order the SDK reports them: what every
 * enrichment check (the in-process suites, the compatibility suite's real installs) compares against. A
 * duration's sum varies, so it is compared as `positive`.
 */
import type { Case } from './cases.js';

export interface ExpectedPoint {
  readonly name: string;
  readonly unit: string;
  readonly attributes: Record<string, unknown>;
  /** Counter/gauge value, or a histogram's count and sum (`positive` for durations). */
  readonly value: number | { count: number; sum: number } | { count: number; positive: boolean };
}

export function expectedPoints(c: Case): ExpectedPoint[] {
  const service = c.attributes['zscaler.service'] as string;
  const status = c.response.status;
  const m = c.metrics;
  const call = {
    'zscaler.service': service,
    'http.request.method': c.method,
    'http.response.status_code': status,
    ...(m.category !== undefined && { 'zscaler.error.category': m.category }),
  };
  return [
    {
      name: 'zscaler.api.requests',
      unit: '{request}',
      attributes: {
        ...call,
        'zscaler.api': c.attributes['zscaler.api'],
        ...(m.retryable !== undefined && { 'zscaler.retryable': m.retryable }),
      },
      value: 1,
    },
    ...(status === 429
      ? [
          {
            name: 'zscaler.api.rate_limited',
            unit: '{response}',
            attributes: { 'zscaler.service': service, 'http.request.method': c.method },
            value: 1,
          },
        ]
      : []),
    ...(m.conflictId !== undefined
      ? [
          {
            name: 'zscaler.api.conflicts',
            unit: '{response}',
            attributes: {
              'zscaler.service': service,
              'http.request.method': c.method,
              'zscaler.error.id': m.conflictId,
            },
            value: 1,
          },
        ]
      : []),
    ...(m.retryAfter !== undefined
      ? [
          {
            name: 'zscaler.api.retry_after',
            unit: 's',
            attributes: { 'zscaler.service': service },
            value: { count: 1, sum: m.retryAfter },
          },
        ]
      : []),
    {
      name: 'zscaler.api.request.duration',
      unit: 's',
      attributes: call,
      value: { count: 1, positive: true },
    },
    ...(m.remaining !== undefined
      ? [
          {
            name: 'zscaler.api.ratelimit.remaining',
            unit: '{request}',
            attributes: { 'zscaler.service': service },
            value: m.remaining,
          },
        ]
      : []),
  ];
}
