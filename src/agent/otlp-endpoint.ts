/**
 * Where an OTLP exporter sends a signal, resolved from the environment the way the stock exporters resolve it
 * (otlp-exporter-base's node-http and otlp-grpc-exporter-base's env configuration), so that the agent can name
 * the endpoint in its one line, check it is reachable, and post to it at exit.
 */
import type { OtlpProtocol } from './config.js';

export type OtlpSignal = 'traces' | 'metrics';

export interface OtlpEndpoint {
  /** What the agent's line names: the URL for OTLP/HTTP, `host:port` for gRPC. */
  readonly display: string;
  /** For OTLP/HTTP: the full URL the exporter posts to; for gRPC: the `http(s)://host:port` target. */
  readonly url: string;
  /** The TCP address to check; undefined for a unix socket. */
  readonly address?: { readonly host: string; readonly port: number };
}

const HTTP_DEFAULT = 'http://localhost:4318/';
const GRPC_DEFAULT = 'http://localhost:4317';

/** As @opentelemetry/core's getStringFromEnv: trimmed, blank counts as unset. */
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** `OTEL_EXPORTER_OTLP_<SIGNAL>_<suffix>`, else `OTEL_EXPORTER_OTLP_<suffix>`: the signal's own value first. */
export function signalVariable(
  env: NodeJS.ProcessEnv,
  signal: OtlpSignal,
  suffix: string,
): string | undefined {
  return (
    variable(env, `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_${suffix}`) ??
    variable(env, `OTEL_EXPORTER_OTLP_${suffix}`)
  );
}

function addressOf(url: URL, defaultPort: number): OtlpEndpoint['address'] {
  const port = url.port === '' ? defaultPort : Number(url.port);
  // URL keeps the brackets of an IPv6 literal; net.connect wants the bare address.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

function httpEndpoint(signal: OtlpSignal, env: NodeJS.ProcessEnv): OtlpEndpoint {
  const path = `v1/${signal}`;
  // Per signal: used as given. Shared: the signal's path appended. An unparsable value falls through.
  const specific = URL.parse(variable(env, `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`) ?? '');
  const base = variable(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const shared =
    base === undefined ? null : URL.parse(base.endsWith('/') ? `${base}${path}` : `${base}/${path}`);
  const url = specific ?? shared ?? new URL(`${HTTP_DEFAULT}${path}`);
  const address = addressOf(url, url.protocol === 'https:' ? 443 : 80);
  return { display: url.href, url: url.href, address };
}

function grpcEndpoint(signal: OtlpSignal, env: NodeJS.ProcessEnv): OtlpEndpoint {
  const raw = signalVariable(env, signal, 'ENDPOINT') ?? GRPC_DEFAULT;
  const schemeless = !/^\w{1,8}:\/\//.test(raw);
  const url = URL.parse(schemeless ? `https://${raw}` : raw);
  if (url === null) return { display: raw, url: raw };
  if (url.protocol === 'unix:') return { display: raw, url: raw };
  // grpc-js's default port, whatever the scheme.
  const address = addressOf(url, 443);
  // Without a scheme the gRPC exporter uses TLS unless OTEL_EXPORTER_OTLP(_<SIGNAL>)_INSECURE=true.
  const insecure = signalVariable(env, signal, 'INSECURE');
  const secure = schemeless ? insecure?.toLowerCase() !== 'true' : url.protocol !== 'http:';
  return { display: url.host, url: `${secure ? 'https' : 'http'}://${url.host}`, address };
}

export function otlpEndpoint(
  signal: OtlpSignal,
  protocol: OtlpProtocol,
  env: NodeJS.ProcessEnv,
): OtlpEndpoint {
  return protocol === 'grpc' ? grpcEndpoint(signal, env) : httpEndpoint(signal, env);
}
