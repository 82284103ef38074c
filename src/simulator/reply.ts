import type { Json, Reply } from './types.js';

const JSON_TYPE = { 'content-type': 'application/json' };

export function json(status: number, body: Json, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** ZPA sends its bodies pretty-printed (research §8), which an agent's parser must take as well. */
export function prettyJson(status: number, body: Json, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body, null, 2) };
}

export function text(status: number, body: string, contentType: string): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers };
}

export function withHeaders(reply: Reply, headers: Record<string, string>): Reply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}
