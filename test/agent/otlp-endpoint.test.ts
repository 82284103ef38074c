import { describe, expect, it } from 'vitest';
import { otlpEndpoint } from '../../src/agent/otlp-endpoint.js';

describe('otlpEndpoint', () => {
  it('OTLP/HTTP: the default, the shared base with the signal path, the per-signal URL as given', () => {
    expect(otlpEndpoint('traces', 'http/protobuf', {})).toEqual({
      display: 'http://localhost:4318/v1/traces',
      url: 'http://localhost:4318/v1/traces',
      address: { host: 'localhost', port: 4318 },
    });
    const shared = { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example:4443/otlp/' };
    expect(otlpEndpoint('metrics', 'http/json', shared)).toMatchObject({
      url: 'https://collector.example:4443/otlp/v1/metrics',
      address: { host: 'collector.example', port: 4443 },
    });
    const specific = { ...shared, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://[::1]/custom' };
    expect(otlpEndpoint('traces', 'http/protobuf', specific)).toMatchObject({
      url: 'https://[::1]/custom',
      address: { host: '::1', port: 443 },
    });
    // Unparsable per-signal value: the exporter falls back to the shared one.
    expect(
      otlpEndpoint('traces', 'http/protobuf', { ...shared, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })
        .url,
    ).toBe('https://collector.example:4443/otlp/v1/traces');
  });

  it('gRPC: host:port shown, scheme decides TLS, no scheme means TLS unless INSECURE', () => {
    expect(otlpEndpoint('traces', 'grpc', {})).toEqual({
      display: 'localhost:4317',
      url: 'http://localhost:4317',
      address: { host: 'localhost', port: 4317 },
    });
    expect(otlpEndpoint('metrics', 'grpc', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }).url).toBe(
      'https://collector:4317',
    );
    expect(
      otlpEndpoint('metrics', 'grpc', {
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'collector:4317',
        OTEL_EXPORTER_OTLP_INSECURE: 'true',
      }).url,
    ).toBe('http://collector:4317');
    expect(
      otlpEndpoint('traces', 'grpc', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector' }).address,
    ).toEqual({
      host: 'collector',
      port: 443,
    });
  });
});
