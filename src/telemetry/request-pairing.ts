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

/** Whether a request is sent to `host` (lower case); asked only when a Zscaler span needs it. */
export type SentTo = (request: object, host: string) => boolean;

let slotRequest: object | undefined;
let slotSentTo: SentTo | undefined;
const waiting: Exchange[] = [];
let spansFirst = false;
let clearQueued = false;

function clear(): void {
  clearQueued = false;
  slotRequest = undefined;
  slotSentTo = undefined;
  waiting.length = 0;
}

// A reaction on a settled promise rather than queueMicrotask, which inside an active context (every traced
// request) wraps each callback in an AsyncResource: four times the cost per Zscaler span.
const settled = Promise.resolve();

function queueClear(): void {
  if (clearQueued) return;
  clearQueued = true;
  void settled.then(clear);
}

/**
 * An undici request was just created (any host: the cost is two assignments). A span found waiting tells that
 * its instrumentation subscribed before the agent. The slot is cleared once a Zscaler span has used it, so a
 * request left there by a turn without any is another host's, or a Zscaler request nobody traced.
 */
export function offerRequest(request: object, sentTo: SentTo): void {
  if (waiting.length > 0 && pairWaiting(request, sentTo)) spansFirst = true;
  slotRequest = request;
  slotSentTo = sentTo;
}

/** A Zscaler span started: paired now if its request was just announced, else when it is. */
export function offerSpan(exchange: Exchange): void {
  queueClear();
  if (!spansFirst && slotRequest !== undefined && slotSentTo?.(slotRequest, exchange.host)) {
    bindRequest(exchange, slotRequest);
    return;
  }
  waiting.push(exchange);
}

/**
 * A node:http request was just created, after its spans started. `active`: the exchange of the span active at
 * that moment, which is this request's for sure; it wins over a pairing by turn and host (an undici request
 * of the same turn and host could have won that). Spans still waiting for this host are this request's too
 * (an outer instrumentation's, when two wrap node:http).
 */
export function pairCreated(request: object, sentTo: SentTo, active: Exchange | undefined): void {
  if (active !== undefined) {
    const index = waiting.indexOf(active);
    if (index !== -1) waiting.splice(index, 1);
    const record = active.record;
    if (record === undefined || record !== recordOf(request)) {
      if (record !== undefined) record.spans--;
      bindRequest(active, request);
    }
  }
  if (waiting.length > 0) pairWaiting(request, sentTo);
}

function pairWaiting(request: object, sentTo: SentTo): boolean {
  let paired = false;
  for (let index = waiting.length - 1; index >= 0; index--) {
    const exchange = waiting[index] as Exchange;
    if (!sentTo(request, exchange.host)) continue;
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
