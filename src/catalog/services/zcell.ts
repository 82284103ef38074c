/** Zscaler Cellular (ZCell), through the gateway (`/zcell/config/api/v1/…`). No seed table. */
import type { ServiceModule } from './service.js';

export const zcell: ServiceModule = {
  services: ['zcell'],
  name: 'Zscaler Cellular',
  bodyShape:
    '`{"msgId":"invalid.access","detail":"Invalid Authentication.","timestamp":"<ISO-8601>"}` ' +
    '(PY zscaler/errors/zscaler_api_error.py, comment).',
  knownErrorIds: [
    {
      id: 'invalid.access',
      field: 'msgId',
      statuses: [401],
      meaning: 'invalid authentication',
      source: 'PY zscaler/errors/zscaler_api_error.py (comment)',
    },
  ],
  rules: [],
  bodyRetryAfter: false,
};
