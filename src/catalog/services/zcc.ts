/**
 * Zscaler Client Connector (ZCC), through the gateway (`/zcc/…`) and on its legacy hosts
 * (`api-mobile.<cloud>.net`, `mobile*.<cloud>.net`).
 */
import { SEED, type ServiceModule } from './service.js';

export const zcc: ServiceModule = {
  services: ['zcc'],
  name: 'Client Connector',
  bodyShape:
    'Varied: `{"errorMessage":"…"}`, `{"title":"INVALID_FIELD_VALUE","errorCode":null,…}`, operation-specific ' +
    'bodies such as `{"devicesRemoved":0,"errorMsg":"…"}`, or empty (research §2.2, PY zscaler_api_error.py). ' +
    'Rate limits: `X-Rate-Limit-Remaining`, and on 429 `X-Rate-Limit-Retry-After-Seconds` (research §3.1).',
  statusTable: {
    source: `${SEED}, table 3 (Client Connector)`,
    rows: [
      { status: 200, description: 'Successful' },
      { status: 400, description: 'Bad Request' },
      { status: 401, description: 'Unauthorized' },
      { status: 403, description: 'Forbidden' },
      { status: 404, description: 'Not Found' },
    ],
  },
  knownErrorIds: [
    {
      id: 'INVALID_FIELD_VALUE',
      field: 'title',
      statuses: [400],
      meaning: 'a request field has an invalid value',
      source: 'PY zscaler/errors/zscaler_api_error.py (comment)',
    },
  ],
  rules: [],
  bodyRetryAfter: false,
};
