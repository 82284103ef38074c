/**
 * The Zscaler catalogue: what Zscaler's documentation, real traffic and official SDKs say, as data, and the
 * small pure functions over it that the telemetry layer calls. No OpenTelemetry import anywhere below here.
 *
 * Public surface (stable for the telemetry layer):
 * - createHostClassifier(options) → { classify(host, path) }: which requests are Zscaler requests.
 * - shouldCaptureBody(target, status, contentType): whether an error body may carry something worth reading.
 * - interpretResponse(facts): status + headers + body → attributes, category, retry policy, description.
 */
export { shouldCaptureBody } from './capture.js';
export { MAX_BODY_BYTES, MAX_ERROR_ID_LENGTH, MAX_REASON_LENGTH } from './error-body.js';
export {
  createHostClassifier,
  DEFAULT_HOST_CACHE_SIZE,
  type HostClassifier,
  type HostClassifierOptions,
} from './host-classifier.js';
export {
  parseRateLimitLimit,
  parseRateLimitRemaining,
  parseRateLimitReset,
  type RateLimit,
} from './rate-limit.js';
export { interpretResponse, RESPONSE_HEADERS } from './responses.js';
export { MAX_DELAY_SECONDS, parseRetryAfter } from './retry-after.js';
export { KNOWN_ERROR_IDS } from './services/index.js';
export type * from './types.js';
