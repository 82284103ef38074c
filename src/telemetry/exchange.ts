/**
 * One Zscaler request from span start to span end: what the processor classified, what the response hooks saw
 * (status, the catalogue's headers, the error body capture). The processor opens it in onStart and closes it in
 * onEnding; the instrumentations' hooks find it by span. Keyed by span in a WeakMap, so an exchange whose span
 * never ends goes with its span.
 */
import type { ZscalerTarget } from '../catalog/index.js';
import { shouldCaptureBody } from '../catalog/index.js';
import { BodyCapture } from './body-capture.js';
import { type CatalogueHeaders, NO_HEADERS } from './catalogue-headers.js';
import { decodeBody } from './decode.js';

export interface CapturePolicy {
  readonly captureErrorBodies: boolean;
  readonly maxBodyBytes: number;
}

export class Exchange {
  status: number | undefined;
  respondedAt: number | undefined;
  private headers: CatalogueHeaders = NO_HEADERS;
  private capture: BodyCapture | undefined;

  constructor(
    readonly target: ZscalerTarget,
    private readonly policy: CapturePolicy,
  ) {}

  /** From a response hook: records the response; returns the capture to feed when its body is wanted. */
  respond(status: number, headers: CatalogueHeaders): BodyCapture | undefined {
    // A second response for one span (a client that retries on the same span) replaces the first.
    this.capture?.detach();
    this.capture = undefined;
    this.status = status;
    this.headers = headers;
    this.respondedAt = Date.now();
    const { captureErrorBodies, maxBodyBytes } = this.policy;
    if (!captureErrorBodies || maxBodyBytes === 0) return undefined;
    if (!shouldCaptureBody(this.target, status, headers.get('content-type'))) return undefined;
    this.capture = new BodyCapture(maxBodyBytes);
    return this.capture;
  }

  readonly header = (lowerCaseName: string): string | undefined => this.headers.get(lowerCaseName);

  /** Stops capture; the decoded body, if one was captured and decodes. */
  finish(): Uint8Array | undefined {
    const capture = this.capture;
    if (capture === undefined) return undefined;
    this.capture = undefined;
    capture.detach();
    return decodeBody(capture.bytes(), this.headers.get('content-encoding'), this.policy.maxBodyBytes);
  }
}

const bySpan = new WeakMap<object, Exchange>();
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
  const exchange = bySpan.get(span);
  if (exchange !== undefined) {
    bySpan.delete(span);
    open--;
  }
  return exchange;
}

/** Test-only: exchanges whose span has not ended (0 once every request is over). */
export function openExchangeCount(): number {
  return open;
}
