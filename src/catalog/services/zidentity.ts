/**
 * ZIdentity: the OAuth 2.0 token endpoint (`<vanity>.zslogin.net/oauth2/v1/token`) and the admin API
 * (`<vanity>-admin.zslogin.net/admin/api/v1/…`, or `/ziam/…` through the gateway).
 */
import { type KnownErrorId, SEED, type ServiceModule } from './service.js';

/** RFC 6749 §5.2: the error codes of a token endpoint's error response. */
const OAUTH_ERRORS: readonly string[] = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
];

const knownErrorIds: readonly KnownErrorId[] = OAUTH_ERRORS.map((id) => ({
  id,
  field: 'error',
  statuses: [400, 401],
  meaning: 'OAuth 2.0 token request error',
  source: 'RFC 6749 §5.2; PY tests/unit/test_oneapi_integration.py (invalid_client)',
}));

export const zidentity: ServiceModule = {
  services: ['zidentity'],
  name: 'ZIdentity',
  bodyShape:
    'Token endpoint: the OAuth 2.0 error `{"error":"invalid_client","error_description":"…"}` (RFC 6749 §5.2; ' +
    'only a PY unit-test fixture shows it). No real admin-API error body is known; the SDKs parse it generically.',
  statusTable: {
    source: `${SEED}, table 6 (ZIdentity)`,
    rows: [
      {
        status: 200,
        description: 'OK. The request was successful, and the server returned the expected response.',
      },
      { status: 201, description: 'Created. A new resource was successfully created.' },
      {
        status: 202,
        description:
          'Accepted. The request has been accepted for processing, but processing has not yet been completed.',
      },
      {
        status: 204,
        description:
          'No Content. The request was processed successfully, but no content is returned in the response.',
      },
      { status: 400, description: 'Bad Request. The request contains invalid syntax or parameters.' },
      {
        status: 401,
        description: 'Unauthorized. Authentication is required or provided credentials are incorrect.',
      },
      {
        status: 403,
        description: 'Forbidden. Indicates that the server understood the request but did not process it.',
      },
      { status: 404, description: 'Not Found. The requested resource was not found on the server.' },
      {
        status: 409,
        description:
          'Conflict. The server encountered a request that conflicts with the current state of the resource.',
      },
      {
        status: 413,
        description:
          "Payload Too Large. The server cannot process the request because the request's payload exceeds the " +
          "server's configured limit.",
      },
      {
        status: 500,
        description:
          'Internal Server Error. An unexpected server issue occurred, preventing the request from being processed.',
      },
    ],
  },
  knownErrorIds,
  rules: [],
  bodyRetryAfter: false,
};
