/**
 * The OneAPI gateway (`api.zsapi.net`): its own status table, used for every service behind the gateway where
 * that service's table has no row, and its 401 body.
 */
import { SEED, type ServiceModule } from './service.js';

export const oneapi: ServiceModule = {
  services: ['oneapi'],
  name: 'OneAPI gateway',
  bodyShape:
    'RFC 7807-like keys, all empty except `detail`: 401 `{"detail":"unauthorized","type":"","title":"","status":""}` ' +
    'with `x-oneapi-api-category: public` and no x-ratelimit headers; an unknown route may answer a plain-text ' +
    '`404 Not Found` despite `application/json` (research §2.2, PY-CAS).',
  statusTable: {
    source: `${SEED}, table 4 (OneAPI)`,
    rows: [
      { status: 401, description: 'The authorization token is invalid, expired, or missing.' },
      { status: 403, description: 'The API client does not have access to the requested resource.' },
      { status: 404, description: 'The requested API resource could not be found.' },
      { status: 408, description: 'The client took too long to send a complete request.' },
      { status: 413, description: 'The HTTP request exceeds the maximum allowable size.' },
      {
        status: 429,
        description:
          'The API client exceeded the rate limit or quota. Too many requests have been made in a short period.',
      },
      { status: 500, description: 'An internal server error occurred while processing the request.' },
      { status: 503, description: 'The requested resource is temporarily unavailable.' },
      { status: 504, description: 'The server took too long to respond to the request.' },
    ],
  },
  // The gateway's 401 carries `detail: "unauthorized"`, a reason, not an id.
  knownErrorIds: [],
  rules: [],
  bodyRetryAfter: false,
};
