/**
 * Error-body bytes of undici requests (built-in fetch and the undici package), from the
 * `undici:request:bodyChunkReceived` diagnostics channel, which undici >= 7.11 publishes (wire bytes, before
 * Content-Encoding decoding, each chunk before the span ends at `undici:request:trailers`).
 *
 * Node >= 24.4 bundles such an undici. Node 22 bundles undici 6, whose fetch publishes no body chunks: there the
 * agent installs an undici 7 `Agent` as the global dispatcher — an `EnvHttpProxyAgent` when Node was asked to
 * honour the proxy variables — so fetch runs on undici 7, unless the app already installed a dispatcher of its
 * own (which is left alone; an undici >= 7.11 one publishes the channel anyway) or body capture is off. Node's
 * own default Agent, which Node 22 creates early and often, is not the app's and is replaced.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { diag } from '@opentelemetry/api';
import type { BodyCapture } from './body-capture.js';

/** How undici error bodies reach the agent in this process. */
export type UndiciBodySource =
  /** Node's bundled undici publishes the body channel. */
  | 'native'
  /** The agent installed undici 7 as the global dispatcher. */
  | 'agent-dispatcher'
  /** The app installed its own dispatcher first: bodies arrive if it is undici >= 7.11. */
  | 'app-dispatcher'
  /** Body capture is off. */
  | 'off';

const CHUNK_CHANNEL = 'undici:request:bodyChunkReceived';
// undici 6 and 7 keep the global dispatcher here; built-in fetch reads it on every call.
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

const captures = new WeakMap<object, BodyCapture>();
let source: UndiciBodySource | undefined;

// A subscriber that throws would surface as an uncaught exception in the app: this one cannot.
function onChunk(message: unknown): void {
  if (typeof message !== 'object' || message === null) return;
  const { request, chunk } = message as { request?: unknown; chunk?: unknown };
  if (typeof request !== 'object' || request === null || !(chunk instanceof Uint8Array)) return;
  captures.get(request)?.add(chunk);
}

/** Feeds `capture` with the body of `request` (an undici core request, as the instrumentation's hooks see it). */
export function captureUndiciBody(request: object, capture: BodyCapture): void {
  captures.set(request, capture);
  capture.attach(() => captures.delete(request));
}

/** Once per process: subscribes to the body channel and, on Node < 24.4, installs the undici 7 dispatcher. */
export function prepareUndiciBodies(captureErrorBodies: boolean): UndiciBodySource {
  if (source !== undefined) return source;
  if (!captureErrorBodies) return 'off';
  diagnosticsChannel.subscribe(CHUNK_CHANNEL, onChunk);
  source = chooseSource();
  return source;
}

/** Test-only: the path this process took ('off' until prepared). */
export function undiciBodySource(): UndiciBodySource {
  return source ?? 'off';
}

function chooseSource(): UndiciBodySource {
  if (bundledUndiciPublishesBodies()) return 'native';
  const current = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  if (current !== undefined && !isNodeDefaultAgent(current)) {
    diag.warn(
      'zscaler-otel-agent: the app installed a global undici dispatcher before the agent started; fetch error bodies are read only if it comes from undici >= 7.11',
    );
    return 'app-dispatcher';
  }
  // Loaded only here: merely loading the package installs its own Agent when no dispatcher is set yet.
  const undici = require('undici') as typeof import('undici');
  undici.setGlobalDispatcher(useEnvProxy() ? new undici.EnvHttpProxyAgent() : new undici.Agent());
  return 'agent-dispatcher';
}

/**
 * Node 22's bundled undici installs a default `Agent` as soon as anything loads it — a first fetch, `new
 * Request()`, or just enumerating node:http's exports (its lazy `WebSocket` getter), as every ESM import of
 * node:http does. Replacing that one changes nothing the app chose. It is recognised by its undici 6 shape with
 * every option at its default: no connect options, interceptors, redirections or factory of the app's own.
 */
function isNodeDefaultAgent(dispatcher: unknown): boolean {
  if (typeof dispatcher !== 'object' || dispatcher === null) return false;
  if (dispatcher.constructor?.name !== 'Agent' || Object.hasOwn(dispatcher, 'dispatch')) return false;
  const internal = new Map(
    Object.getOwnPropertySymbols(dispatcher).map((key) => [
      key.description,
      (dispatcher as Record<symbol, unknown>)[key],
    ]),
  );
  const options = internal.get('options');
  return (
    typeof options === 'object' &&
    options !== null &&
    Object.keys(options).sort().join() === 'connect,interceptors' &&
    Object.values(options).every((value) => value === undefined) &&
    internal.get('maxRedirections') === 0 &&
    (internal.get('factory') as { name?: unknown } | undefined)?.name === 'defaultFactory'
  );
}

function bundledUndiciPublishesBodies(): boolean {
  const [major = 0, minor = 0] = (process.versions.undici ?? '').split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 11);
}

/** `NODE_USE_ENV_PROXY=1` or `--use-env-proxy` (on the command line or in NODE_OPTIONS). */
function useEnvProxy(): boolean {
  return (
    process.env.NODE_USE_ENV_PROXY === '1' ||
    process.execArgv.includes('--use-env-proxy') ||
    (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes('--use-env-proxy')
  );
}
