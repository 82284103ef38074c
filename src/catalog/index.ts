/**
 * The Zscaler catalogue: what Zscaler's documentation, real traffic and official SDKs say, as data, and the
 * small pure functions over it that the telemetry layer calls. No OpenTelemetry import anywhere below here.
 *
 * Public surface (stable for the telemetry layer):
 * - createHostClassifier(options) → { classify(host, path) }: which requests are Zscaler requests.
 * - shouldCaptureBody(target, status, contentType): whether an error body may carry something worth reading.
 * - interpretResponse(facts): status + headers + body → attributes, category, retry policy, description.
 */
import type { Interpretation, ResponseFacts, ZscalerTarget } from './types.js';

export type * from './types.js';

export interface HostClassifierOptions {
  /** `ZSCALER_OTEL_EXTRA_HOSTS`: `host=service,*.suffix=service` (`=service` optional). */
  readonly extraHosts?: string;
  /** Bound of the per-host cache. */
  readonly cacheSize?: number;
  /** Called once per bad entry of extraHosts with a clear message; never throws. */
  readonly onConfigError?: (message: string) => void;
}

export interface HostClassifier {
  /** undefined: not a Zscaler request. `host` as in a URL (any case, optional trailing dot, no port). */
  classify(host: string, path: string): ZscalerTarget | undefined;
}

// STUBS: replaced by the catalogue implementation (issue 2).
export function createHostClassifier(_options: HostClassifierOptions = {}): HostClassifier {
  return { classify: () => undefined };
}

export function shouldCaptureBody(
  _target: ZscalerTarget,
  _status: number,
  _contentType: string | undefined,
): boolean {
  return false;
}

export function interpretResponse(_facts: ResponseFacts): Interpretation {
  return { errorIdKnown: false };
}
