/**
 * Cloud & Branch Connector (ZTW), through the gateway (`/ztw/…`) and on its legacy hosts
 * (`connector.<cloud>.net`). Same body shape and write lock as ZIA (GO `ztw/v2_client.go` `checkRetry`).
 */
import { SEED, type ServiceModule } from './service.js';
import { adminPortalConflictRules, adminPortalLockErrorIds } from './zia.js';

export const ztw: ServiceModule = {
  services: ['ztw'],
  name: 'Cloud & Branch Connector',
  bodyShape:
    'As ZIA: `{"code":"…","message":"…"}`; 429 body `{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":' +
    '"0 seconds"}` (PY ztw/legacy.py l.275; SKILL, secondary).',
  statusTable: {
    source: `${SEED}, table 5 (Cloud & Branch Connector)`,
    rows: [
      { status: 200, phrase: 'OK', description: 'Successful' },
      { status: 204, phrase: 'No Content', description: 'Successful. No content returned.' },
      { status: 400, phrase: 'Bad Request', description: 'Request not completed due to incorrect syntax.' },
      { status: 401, phrase: 'Unauthorized', description: 'Session is not authenticated or timed out.' },
      {
        status: 403,
        phrase: 'Forbidden',
        description:
          'This code is returned for one of the following reasons: The API key was disabled by your service ' +
          "provider. User's role has no access permissions or functional scope. API operations that use POST, PUT, " +
          'or DELETE methods were performed when the Zscaler Cloud & Branch Connector Admin Portal was in ' +
          'maintenance mode during a scheduled upgrade. Contact Zscaler Support or your Zscaler Account team for ' +
          'assistance.',
      },
      { status: 404, phrase: 'Not Found', description: 'Resource does not exist.' },
      {
        status: 409,
        phrase: 'Conflict',
        description:
          'Request could not be processed because a possible edit conflict occurred. Another admin might be saving ' +
          'configuration changes at the same time. In this scenario, the API client automatically retries after a ' +
          'short time period.',
      },
      {
        status: 415,
        phrase: 'Unsupported Media Type',
        description:
          "Unsupported media type. This error is returned if you don't include `application/json` as the " +
          '`Content-Type` in the request header (for example, `Content-Type: application/json`).',
      },
      {
        status: 429,
        phrase: 'Too Many Requests',
        description:
          'The API client exceeded the rate limit or quota. The response includes a `Retry-After` value.',
      },
      { status: 500, phrase: 'Internal Server Error', description: 'Unexpected error.' },
      { status: 503, phrase: 'Service Unavailable', description: 'Service is temporarily unavailable.' },
    ],
  },
  knownErrorIds: adminPortalLockErrorIds,
  rules: adminPortalConflictRules,
  bodyRetryAfter: true,
};
