import { describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/catalog/index.js';
import { type ZscalerAgentOptions, zscalerInstrumentations } from '../../src/index.js';
import { DEFAULT_MAX_BODY_BYTES, resolveOptions } from '../../src/telemetry/options.js';

describe('resolveOptions', () => {
  test('defaults', () => {
    expect(resolveOptions()).toEqual({
      captureErrorBodies: true,
      maxBodyBytes: 16384,
      captureReason: true,
      instrumentHttp: true,
      tracesOnlyZscaler: false,
      extraHosts: '',
      meterProvider: undefined,
      onConfigError: undefined,
      clock: undefined,
    });
    expect(DEFAULT_MAX_BODY_BYTES).toBe(16384);
  });

  test('given values are kept', () => {
    const onConfigError = () => {};
    expect(
      resolveOptions({
        captureErrorBodies: false,
        maxBodyBytes: 1024,
        captureReason: false,
        instrumentHttp: false,
        tracesOnlyZscaler: true,
        extraHosts: 'gw.example.com=zia',
        onConfigError,
      }),
    ).toMatchObject({
      captureErrorBodies: false,
      maxBodyBytes: 1024,
      captureReason: false,
      instrumentHttp: false,
      tracesOnlyZscaler: true,
      extraHosts: 'gw.example.com=zia',
      onConfigError,
    });
  });

  test('bad values fall back; the body bound is capped at what the catalogue reads', () => {
    const bad = resolveOptions({
      captureErrorBodies: 'no' as unknown as boolean,
      maxBodyBytes: Number.NaN,
      extraHosts: 42 as unknown as string,
    });
    expect(bad).toMatchObject({ captureErrorBodies: true, maxBodyBytes: 16384, extraHosts: '' });
    expect(resolveOptions({ maxBodyBytes: -1 }).maxBodyBytes).toBe(16384);
    expect(resolveOptions({ maxBodyBytes: 10.7 }).maxBodyBytes).toBe(10);
    expect(resolveOptions({ maxBodyBytes: 10_000_000 }).maxBodyBytes).toBe(MAX_BODY_BYTES);
  });

  test('resolving twice changes nothing (the preload resolves, then both entry points resolve again)', () => {
    const once = resolveOptions({ maxBodyBytes: 100, tracesOnlyZscaler: true });
    expect(resolveOptions(once)).toEqual(once);
  });
});

describe('zscalerInstrumentations', () => {
  test('undici always, http/https unless turned off', () => {
    const names = (options: ZscalerAgentOptions) =>
      zscalerInstrumentations(options).map((instrumentation) => instrumentation.instrumentationName);
    expect(names({})).toEqual([
      '@opentelemetry/instrumentation-undici',
      '@opentelemetry/instrumentation-http',
    ]);
    expect(names({ instrumentHttp: false })).toEqual(['@opentelemetry/instrumentation-undici']);
  });

  test('tracesOnlyZscaler leaves out server spans', () => {
    const [, http] = zscalerInstrumentations({ tracesOnlyZscaler: true });
    expect(http?.getConfig()).toMatchObject({ disableIncomingRequestInstrumentation: true });
  });
});
