/**
 * Zscaler Internet Access (ZIA), through the gateway (`/zia/…`) and on its legacy hosts (`zsapi.<cloud>.net`).
 */
import { type KnownErrorId, mentionsAny, type PolicyRule, SEED, type ServiceModule } from './service.js';

const PY_CAS = 'PY-CAS tests/integration/zia/cassettes (research §2.2)';

/** The admin portal's lock errors, shared by ZIA and Cloud & Branch Connector (research §4.2). */
export const adminPortalLockErrorIds: readonly KnownErrorId[] = [
  {
    id: 'EDIT_LOCK_NOT_AVAILABLE',
    field: 'code',
    statuses: [409, 412],
    meaning: 'another admin or API session holds the tenant configuration write lock',
    source: `${PY_CAS}; GO errorx IsEditLockError`,
  },
  {
    id: 'UNEXPECTED_ERROR',
    field: 'code',
    statuses: [409, 412, 500],
    meaning:
      'with "Failed during enter Org barrier" or "Request processing failed…" a lock conflict; on 500 a permanent failure',
    source: `${PY_CAS}; GO zia/v2_client.go checkRetry; zscaler/zscaler-sdk-go#449`,
  },
];

/** ZIA error codes seen in real traffic and named by the SDKs (research §2.2, §4.2). */
const knownErrorIds: readonly KnownErrorId[] = [
  ...adminPortalLockErrorIds,
  {
    id: 'SESSION_NOT_VALID',
    field: 'code',
    statuses: [401],
    meaning: 'the legacy JSESSIONID (or API session) expired',
    source: 'GO errorx IsSessionInvalidError; OpenCTI-Platform/connectors#6152',
  },
  {
    id: 'RESOURCE_NOT_FOUND',
    field: 'code',
    statuses: [404],
    meaning: 'no such resource',
    source: PY_CAS,
  },
  {
    id: 'DUPLICATE_ITEM',
    field: 'code',
    statuses: [409],
    meaning: 'the item already exists: not a lock, not retried',
    source: `${PY_CAS}; TFZIA resource_zia_endpoint_dlp_sub_rules.go l.509`,
  },
  {
    id: 'INVALID_INPUT_ARGUMENT',
    field: 'code',
    statuses: [400, 403],
    meaning: 'the request failed validation',
    source: PY_CAS,
  },
  {
    id: 'SCOPE_LIMITED',
    field: 'code',
    statuses: [403],
    meaning: "the admin's scope does not allow the operation",
    source: PY_CAS,
  },
  {
    id: 'INVALID_OPERATION',
    field: 'code',
    statuses: [403],
    meaning: 'the operation is not allowed for this tenant',
    source: PY_CAS,
  },
  {
    id: 'NOT_SUBSCRIBED',
    field: 'code',
    statuses: [403],
    meaning: 'a required subscription is missing',
    source: PY_CAS,
  },
  {
    id: 'LIMIT_EXCEEDED',
    field: 'code',
    statuses: [403],
    meaning: 'a tenant capacity limit: explicitly not retried',
    source: 'GO errorx IsLimitExceeded (l.154), oneapiconfig.go l.767',
  },
  {
    id: 'STATE_READONLY',
    field: 'code',
    statuses: [403],
    meaning: 'the API is read-only during a scheduled upgrade (maintenance mode)',
    source: `SKILL (secondary); ${SEED}, ZIA 403`,
  },
];

/** GO legacy ZIA/ZTW `checkRetry` retries 409/412 with this message too (research §4.1). */
export const PRECONDITION_MARKER =
  'Request processing failed, possibly because an expected precondition was not met';

/**
 * ZIA and Cloud & Branch Connector share the admin portal's write lock and its 409 (GO `ztw/v2_client.go`
 * `checkRetry` uses ZIA's markers). policy.ts has already matched the edit-lock markers of CONTRACT.md.
 */
export const adminPortalConflictRules: readonly PolicyRule[] = [
  {
    statuses: [409, 412],
    rule: `"${PRECONDITION_MARKER}" (the lock's precondition) → conflict, retryable`,
    when: (evidence) => mentionsAny(evidence, [PRECONDITION_MARKER]),
    category: 'conflict',
    retryable: true,
    source: 'GO zia/v2_client.go and ztw/v2_client.go checkRetry',
  },
  {
    statuses: [409],
    rule: 'a 409 whose body names a non-lock error (e.g. DUPLICATE_ITEM) → not retryable',
    when: (evidence) => evidence.errorId !== undefined,
    retryable: false,
    source: 'TFZIA treats 409 DUPLICATE_ITEM as "already exists"; research §8.6',
  },
  {
    statuses: [409],
    rule: 'any other 409 → retryable ("the API client automatically retries after a short time period")',
    retryable: true,
    source: `${SEED}, ZIA and Cloud & Branch Connector 409`,
  },
];

export const zia: ServiceModule = {
  services: ['zia'],
  name: 'Zscaler Internet Access',
  bodyShape:
    '`{"code":"<UPPER_SNAKE>","message":"…"}`, some errors only `{"message":"…"}`; 429 `{"message":"Rate Limit ' +
    '(1/SECOND) exceeded","Retry-After":"1 seconds"}`; sometimes an HTML Tomcat page (406) or an empty body ' +
    '(404, 415, 500) (research §2.2, PY-CAS).',
  statusTable: {
    source: `${SEED}, table 1 (ZIA)`,
    rows: [
      { status: 200, description: 'Successful request.' },
      { status: 204, description: 'Successful. No content returned.' },
      { status: 400, description: 'Invalid or bad request.' },
      {
        status: 403,
        description:
          "This code is returned due to one of the following reasons: User's role has no access permissions or " +
          'functional scope. A required SKU subscription is missing. API operations that use POST, PUT, or DELETE ' +
          'methods are performed when the ZIA Admin Portal was in maintenance mode during a scheduled upgrade. ' +
          'Contact Zscaler Support or your Zscaler Account team for assistance.',
      },
      { status: 404, description: 'Resource does not exist.' },
      {
        status: 405,
        description:
          'Method not allowed. This error is returned when the request method is not supported by the target resource.',
      },
      {
        status: 409,
        description:
          'Request could not be processed because possible edit conflict occurred. Another admin might be saving a ' +
          'configuration change at the same time. In this scenario, the API client automatically retries after a ' +
          'short time period.',
      },
      {
        status: 415,
        description:
          "Unsupported media type. This error is returned if you don't include `application/json` as the " +
          '`Content-Type` in the request header (for example, `Content-Type: application/json`).',
      },
      { status: 500, description: 'Unexpected error.' },
      { status: 503, description: 'Service is temporarily unavailable.' },
    ],
  },
  knownErrorIds,
  rules: adminPortalConflictRules,
  bodyRetryAfter: true,
};
