/** Targets and interpretations the metric tests record outcomes with. */
import type { Interpretation, ZscalerTarget } from '../../src/catalog/index.js';

export const ZPA: ZscalerTarget = { service: 'zpa', api: 'oneapi' };
export const ZIA: ZscalerTarget = { service: 'zia', api: 'legacy' };
export const THROTTLED: Interpretation = {
  errorIdKnown: true,
  errorId: 'invalid.toomanyrequests',
  category: 'rate_limited',
  retryable: true,
  retryAfter: 13,
  rateLimitRemaining: 0,
};
