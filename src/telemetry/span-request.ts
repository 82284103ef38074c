/**
 * What an HTTP client span says about its request, whichever instrumentation made it and whichever attribute
 * naming it uses (stable semantic conventions first, the old ones as a fallback).
 */
import type { Attributes, HrTime } from '@opentelemetry/api';

/** The server host: `server.address`, else `net.peer.name`, else the host of `url.full` / `http.url`. */
export function hostOf(attributes: Attributes): string | undefined {
  const address = attributes['server.address'] ?? attributes['net.peer.name'];
  if (typeof address === 'string') return address;
  const url = urlOf(attributes);
  return url === undefined ? undefined : hostOfUrl(url);
}

/** The URL path, for a gateway host's service; '' when unknown. */
export function pathOf(attributes: Attributes): string {
  const path = attributes['url.path'];
  if (typeof path === 'string') return path;
  const url = urlOf(attributes);
  return url === undefined ? '' : pathOfUrl(url);
}

export function statusOf(attributes: Attributes): number | undefined {
  const status = attributes['http.response.status_code'] ?? attributes['http.status_code'];
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

const STANDARD_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** The request method, bounded: anything outside the standard set is `_OTHER` (as in the HTTP conventions). */
export function methodOf(attributes: Attributes): string {
  const method = attributes['http.request.method'] ?? attributes['http.method'];
  if (typeof method !== 'string') return '_OTHER';
  if (STANDARD_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return STANDARD_METHODS.has(upper) ? upper : '_OTHER';
}

/** The host of `scheme://[userinfo@]host[:port]/…` (an origin or a full URL), without brackets or port. */
export function hostOfUrl(url: string): string | undefined {
  const start = url.indexOf('//');
  if (start === -1) return undefined;
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start + 2);
    if (at !== -1 && at < end) end = at;
  }
  const at = url.lastIndexOf('@', end - 1);
  const authority = url.slice(at > start + 1 ? at + 1 : start + 2, end);
  if (authority.startsWith('[')) return authority.slice(1, authority.indexOf(']'));
  const colon = authority.indexOf(':');
  return colon === -1 ? authority : authority.slice(0, colon);
}

/** The path of a URL and what follows it (the catalogue ignores query and fragment). */
function pathOfUrl(url: string): string {
  const start = url.indexOf('//');
  const slash = url.indexOf('/', start === -1 ? 0 : start + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

function urlOf(attributes: Attributes): string | undefined {
  const url = attributes['url.full'] ?? attributes['http.url'];
  return typeof url === 'string' ? url : undefined;
}

/** An SDK time (`[seconds, nanoseconds]` since the epoch) in milliseconds; Date.now() for anything else. */
export function millisecondsOf(time: HrTime | undefined): number {
  const milliseconds = Array.isArray(time) ? time[0] * 1000 + time[1] / 1e6 : Number.NaN;
  return Number.isFinite(milliseconds) ? milliseconds : Date.now();
}
