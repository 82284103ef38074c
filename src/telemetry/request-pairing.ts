/**
 * Pairs the span an instrumentation starts for an HTTP request with the request object Node's diagnostics
 * channels publish (undici's `undici:request:create`, node:http's `http.client.request.created`), whoever made
 * the span. Both happen in one synchronous turn: undici instrumentations start their span while the same
 * `create` message is being delivered, so the span comes before or after the agent's subscriber depending on
 * who subscribed first; node:http instrumentations start it just before Node publishes `created`, with the span
 * active (paired exactly, by context). So each side waits for the other until the turn ends, when a microtask
 * forgets what is left. Hosts must match; only Zscaler spans ever wait.
 *
 * The agent subscribes when the package loads, before the app builds its instrumentations, so the request
 * usually comes first. When a span is seen waiting as a request arrives, the instrumentation subscribed first:
 * from then on spans always wait for their request (a request left over in the slot is an earlier one).
 */
import { bindRequest, type Exchange, recordOf } from './exchange.js';

/** The lower-case host a request is sent to, read only when a Zscaler span needs it. */
export type RequestHost = (request: object) => string | undefined;

let slotRequest: object | undefined;
let slotHost: RequestHost | undefined;
const waiting: Exchange[] = [];
let spansFirst = false;
let clearQueued = false;

function clear(): void {
  clearQueued = false;
  slotRequest = undefined;
  slotHost = undefined;
  waiting.length = 0;
}

function queueClear(): void {
  if (clearQueued) return;
  clearQueued = true;
  queueMicrotask(clear);
}

/**
 * An undici request was just created (any host: the cost is two assignments and at most one microtask per
 * turn). A span found waiting tells that its instrumentation subscribed before the agent.
 */
export function offerRequest(request: object, hostOf: RequestHost): void {
  if (waiting.length > 0 && pairWaiting(request, hostOf)) spansFirst = true;
  slotRequest = request;
  slotHost = hostOf;
  queueClear();
}

/** A Zscaler span started: paired now if its request was just announced, else when it is. */
export function offerSpan(exchange: Exchange): void {
  if (!spansFirst && slotRequest !== undefined && slotHost?.(slotRequest) === exchange.host) {
    bindRequest(exchange, slotRequest);
    return;
  }
  waiting.push(exchange);
  queueClear();
}

/**
 * A node:http request was just created, after its spans started. `active`: the exchange of the span active at
 * that moment, which is this request's for sure; it wins over a pairing by turn and host (an undici request
 * of the same turn and host could have won that). Spans still waiting for this host are this request's too
 * (an outer instrumentation's, when two wrap node:http).
 */
export function pairCreated(request: object, hostOf: RequestHost, active: Exchange | undefined): void {
  if (active !== undefined) {
    const index = waiting.indexOf(active);
    if (index !== -1) waiting.splice(index, 1);
    const record = active.record;
    if (record === undefined || record !== recordOf(request)) {
      if (record !== undefined) record.spans--;
      bindRequest(active, request);
    }
  }
  if (waiting.length > 0) pairWaiting(request, hostOf);
}

function pairWaiting(request: object, hostOf: RequestHost): boolean {
  const host = hostOf(request);
  let paired = false;
  for (let index = waiting.length - 1; index >= 0; index--) {
    const exchange = waiting[index] as Exchange;
    if (exchange.host !== host) continue;
    waiting.splice(index, 1);
    bindRequest(exchange, request);
    paired = true;
  }
  return paired;
}

/** Test-only: whether this process has seen undici spans start before the agent heard of their request. */
export function spansComeFirst(): boolean {
  return spansFirst;
}
