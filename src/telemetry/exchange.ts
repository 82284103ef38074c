/**
 * What the processor knows of one Zscaler request. A `ResponseRecord` belongs to the request object Node's
 * channels publish: the status, the catalogue's headers and the error-body capture, shared by every span paired
 * with that request (two instrumentations may trace one request; the metrics count it once). An `Exchange`
 * belongs to one span: the target the processor classified and, once paired, the request's record. Both live
 * in weak maps keyed by their span or request, so nothing outlives a span that never ends or a request that is
 * dropped (but for the few most recent: ./recent-weak-map.ts).
 */
import type { ZscalerTarget } from '../catalog/index.js';
import { shouldCaptureBody } from '../catalog/index.js';
import { BodyCapture } from './body-capture.js';
import { type CatalogueHeaders, NO_HEADERS } from './catalogue-headers.js';
import { decodeBody } from './decode.js';
import { RecentWeakMap } from './recent-weak-map.js';
import type { Repeat } from './retries.js';

export interface CapturePolicy {
  readonly captureErrorBodies: boolean;
  readonly maxBodyBytes: number;
}

export class ResponseRecord {
  status: number | undefined;
  /** Spans paired with this request; more than one means two instrumentations traced it. */
  spans = 0;
  /** The instrumentation scope of the first span, to name both when a second one comes. */
  firstScope = '';
  metricsRecorded = false;
  private headers: CatalogueHeaders = NO_HEADERS;
  private capture: BodyCapture | undefined;
  private finished = false;
  private body: Uint8Array | undefined;
  private bodyMissed = false;

  constructor(
    readonly target: ZscalerTarget,
    private readonly policy: CapturePolicy,
  ) {}

  /** From a response channel: records the response; returns the capture to feed when its body is wanted. */
  respond(status: number, headers: CatalogueHeaders): BodyCapture | undefined {
    // A second response for one request (an informational one, a client retrying on it) replaces the first.
    this.capture?.detach();
    this.capture = undefined;
    this.status = status;
    this.headers = headers;
    const { captureErrorBodies, maxBodyBytes } = this.policy;
    if (this.finished || !captureErrorBodies || maxBodyBytes === 0) return undefined;
    if (!shouldCaptureBody(this.target, status, headers.get('content-type'))) return undefined;
    this.capture = new BodyCapture(maxBodyBytes);
    return this.capture;
  }

  readonly header = (lowerCaseName: string): string | undefined => this.headers.get(lowerCaseName);

  /** The response is over (`complete`: its body ended normally); unhooks the body tap, keeps what it got. */
  endResponse(complete: boolean): void {
    if (complete) this.capture?.end();
    else this.capture?.detach();
  }

  /** Stops capture; the decoded body, if one was captured and decodes. The same for every span of the request. */
  finish(): Uint8Array | undefined {
    if (this.finished) return this.body;
    this.finished = true;
    const capture = this.capture;
    if (capture === undefined) return undefined;
    this.capture = undefined;
    capture.detach();
    this.bodyMissed = capture.complete && capture.size === 0 && this.headers.get('content-length') !== '0';
    this.body = decodeBody(capture.bytes(), this.headers.get('content-encoding'), this.policy.maxBodyBytes);
    return this.body;
  }

  /** After finish: a body was wanted and came whole, but not one byte of it reached the agent. */
  missedBody(): boolean {
    return this.bodyMissed;
  }
}

export class Exchange {
  record: ResponseRecord | undefined;

  constructor(
    readonly target: ZscalerTarget,
    /** Lower-case server host of the span, to pair it with a request. */
    readonly host: string,
    readonly scope: string,
    readonly policy: CapturePolicy,
    /** Host, method and path: what makes a later request a repeat of this one. */
    readonly route: string,
    /** The repeat this request is of an earlier error on its route, if it is one. */
    readonly repeat: Repeat | undefined,
  ) {}
}

const bySpan = new RecentWeakMap<object, Exchange>();
const byRequest = new RecentWeakMap<object, ResponseRecord>();
let open = 0;

/** Once per span: the SDK calls onStart once. */
export function openExchange(span: object, exchange: Exchange): void {
  bySpan.set(span, exchange);
  open++;
}

export function exchangeOf(span: object): Exchange | undefined {
  return bySpan.get(span);
}

export function closeExchange(span: object): Exchange | undefined {
  const exchange = bySpan.take(span);
  if (exchange !== undefined) open--;
  return exchange;
}

/** The record of a request paired with a Zscaler span; undefined for any other request (one lookup). */
export function recordOf(request: object): ResponseRecord | undefined {
  return byRequest.get(request);
}

/**
 * The request's channels have nothing more to say: its record lives on with its spans only. (A WeakMap entry
 * left until the request is collected costs every garbage collection until then.)
 */
export function releaseRequest(request: object): void {
  byRequest.delete(request);
}

/** Pairs a span's exchange with its request; the request's record is created by its first span. */
export function bindRequest(exchange: Exchange, request: object): void {
  let record = byRequest.get(request);
  if (record === undefined) {
    record = new ResponseRecord(exchange.target, exchange.policy);
    record.firstScope = exchange.scope;
    byRequest.set(request, record);
  }
  record.spans++;
  exchange.record = record;
}

/** Test-only: exchanges whose span has not ended (0 once every request is over). */
export function openExchangeCount(): number {
  return open;
}
