/**
 * zscalerInstrumentations(): the stock undici instrumentation (built-in fetch, the undici package) and http one
 * (node:http/https: axios, got, node-fetch), configured from the agent's options. The processor needs none of
 * their hooks — it reads responses from Node's channels — so these are a convenience, used by the preload:
 * with `tracesOnlyZscaler`, other requests get no span; with `instrumentHttp: false`, no http instrumentation.
 * On the OpenTelemetry JS 2.x line (api 1.9) it returns none and says so once, rather than fail in the app.
 */
import { createHostClassifier, type HostClassifier } from '../catalog/index.js';
import { sdkLineSupported } from '../sdk/line.js';
import { loadSdk, type Sdk } from '../sdk/load.js';
import { noticeOnce, SETUP_SECTION } from './notice.js';
import { resolveOptions, type ZscalerAgentOptions } from './options.js';
import type { Instrumentation } from './sdk-types.js';
import { hostOfUrl } from './span-request.js';

export function zscalerInstrumentations(options: ZscalerAgentOptions = {}): Instrumentation[] {
  const line = sdkLineSupported();
  if (!line.ok) {
    noticeOnce(
      'instrumentations',
      `zscalerInstrumentations() returns no instrumentation: ${line.reason}. ZscalerSpanProcessor enriches the spans of the instrumentations your set-up already has (${SETUP_SECTION})`,
    );
    return [];
  }
  const resolved = resolveOptions(options);
  // Warnings about extraHosts come from the processor's classifier; this one only decides what to trace.
  const onlyZscaler = resolved.tracesOnlyZscaler
    ? createHostClassifier({ extraHosts: resolved.extraHosts })
    : undefined;
  // Loaded only now: the bundled SDK is for the 3.x line, and an app that only wants the processor never pays for it.
  const { HttpInstrumentation, UndiciInstrumentation } = loadSdk();
  const instrumentations: Instrumentation[] = [new UndiciInstrumentation(undiciConfig(onlyZscaler))];
  if (resolved.instrumentHttp) instrumentations.push(new HttpInstrumentation(httpConfig(onlyZscaler)));
  return instrumentations;
}

function undiciConfig(onlyZscaler: HostClassifier | undefined): Sdk.UndiciInstrumentationConfig {
  if (onlyZscaler === undefined) return {};
  return {
    ignoreRequestHook: (request) =>
      onlyZscaler.classify(hostOfUrl(request.origin) ?? '', request.path) === undefined,
  };
}

function httpConfig(onlyZscaler: HostClassifier | undefined): Sdk.HttpInstrumentationConfig {
  if (onlyZscaler === undefined) return {};
  return {
    disableIncomingRequestInstrumentation: true,
    ignoreOutgoingRequestHook: (request) =>
      onlyZscaler.classify(requestHost(request.hostname ?? request.host), request.path ?? '/') === undefined,
  };
}

/** `host` of http RequestOptions may carry a port. */
function requestHost(host: string | null | undefined): string {
  if (typeof host !== 'string') return 'localhost';
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.indexOf(':');
  return colon === -1 || host.indexOf(':', colon + 1) !== -1 ? host : host.slice(0, colon);
}
