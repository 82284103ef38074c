/**
 * Zscaler Private Access (ZPA), through the gateway (`/zpa/…`) and on its legacy hosts
 * (`config.private.zscaler.com`, `config.zpa<x>.net|.us`).
 */
import { type KnownErrorId, SEED, type ServiceModule } from './service.js';

const GO_ZPA_CLIENT = 'GO zpa/v2_client.go (l.198–250)';

/** ZPA's concurrency conflicts: policy-rule ordering and simultaneous writes (research §5). */
export const ZPA_CONCURRENCY_IDS: readonly string[] = [
  'api.concurrent.access.error',
  'db.simultaneous.request',
];

const knownErrorIds: readonly KnownErrorId[] = [
  {
    id: 'invalid.toomanyrequests',
    field: 'id',
    statuses: [429],
    meaning: 'rate limited (also in `exception`)',
    source: `${SEED}, ZPA 429; PY-CAS TestAccessPolicyReorderRule.yaml`,
  },
  {
    id: 'api.concurrent.access.error',
    field: 'id',
    statuses: [409, 400],
    meaning: 'concurrent change requests to the same resource',
    source: `${SEED}, ZPA 409; GO CHANGELOG 2.5.22; ${GO_ZPA_CLIENT}`,
  },
  {
    id: 'db.simultaneous.request',
    field: 'id',
    statuses: [400],
    meaning: 'simultaneous database requests',
    source: GO_ZPA_CLIENT,
  },
  {
    id: 'non.restricted.entity.authorization.failed',
    field: 'id',
    statuses: [400],
    meaning: 'retried by the legacy GO client only',
    source: `${GO_ZPA_CLIENT}; zscaler/zscaler-sdk-go PR #105`,
  },
  {
    id: 'bad.request',
    field: 'id',
    statuses: [400],
    meaning: 'retried by the legacy GO client only',
    source: `${GO_ZPA_CLIENT}; zscaler/zscaler-sdk-go PR #105`,
  },
  {
    id: 'resource.not.found',
    field: 'id',
    statuses: [400, 404],
    meaning: 'no resource with the given id or name',
    source: `${SEED}, ZPA 400; GO errorx IsObjectNotFound`,
  },
  {
    id: 'resource.already.exist',
    field: 'id',
    statuses: [],
    meaning: 'the resource already exists',
    source: 'TFZPA resource_zpa_app_connector_assistant_schedule.go l.84',
  },
  {
    id: 'authz.featureflag.permission.denied',
    field: 'id',
    statuses: [401],
    meaning: 'a feature flag (licence) is off for the customer',
    source: 'TFER cmd/import.go l.229',
  },
  {
    id: 'access.denied',
    field: 'id',
    statuses: [401],
    meaning: 'access denied',
    source: `${SEED}, ZPA 401`,
  },
  {
    id: 'retryable.server.error',
    field: 'id',
    statuses: [503],
    meaning: 'a transient server error; wait for Retry-After',
    source: `${SEED}, ZPA 503`,
  },
];

export const zpa: ServiceModule = {
  services: ['zpa'],
  name: 'Zscaler Private Access',
  bodyShape:
    '`{"id":"<dotted.lower.id>","reason":"…","params":[…]}`, sometimes with `exception` (the id again); ' +
    'pretty-printed JSON (research §2.2).',
  statusTable: {
    source: `${SEED}, table 2 (ZPA)`,
    rows: [
      { status: 200, description: 'Successful' },
      { status: 201, description: 'Created' },
      { status: 204, description: 'No Content' },
      {
        status: 400,
        description: 'Bad Request',
        example: {
          body: '{\n"id": "resource.not.found",\n"reason": "No resource exists with the given id/name :0",\n"params": [\n"0"\n]\n}',
        },
      },
      {
        status: 401,
        description: 'Unauthorized',
        // Verbatim, although not JSON: the seed leaves the keys unquoted.
        example: { body: '{\nid: "access.denied",\nreason: "Access denied"\n}' },
      },
      { status: 403, description: 'Forbidden' },
      { status: 404, description: 'Not Found' },
      {
        status: 409,
        description:
          'Conflict. Concurrent API calls using POST, PUT, and DELETE methods to the policy set controller might ' +
          'return error 409 - Conflict. Ensure that only one PUT request per policy rule is sent at a given time.',
        example: {
          body:
            '{\n"params":[\n"com.zscaler.zpn.model.PolicySet"\n],\n"id":"api.concurrent.access.error",\n' +
            '"reason":"Unable to modify the resource due to concurrent change requests. Try again"\n}',
        },
      },
      {
        status: 429,
        description:
          'The API client exceeded the rate limit or quota. To learn more, see Understanding Rate Limiting.',
        example: {
          body:
            '{\n"exception": "invalid.toomanyrequests",\n"id": "invalid.toomanyrequests",\n' +
            '"reason": "Exceeded the number of requests allowed"\n}',
          headers: {
            'content-type': 'application/json',
            date: 'Wed, 6 Mar 2024 11:38 GMT',
            'retry-after': '13s',
          },
        },
      },
      {
        status: 503,
        description:
          'Service Unavailable. Zscaler recommends an exponential backoff strategy before retrying. If a ' +
          '`Retry-After` header is available as part of the response headers, wait until the stipulated time ' +
          'mentioned in the `Retry-After` header before retrying.',
        example: {
          body:
            '{\n"id": "retryable.server.error",\n' +
            '"reason": "An error occurred. Refer to the Retry-After header, and then try again."\n}',
          headers: { 'Retry-After': '10s' },
        },
      },
    ],
  },
  knownErrorIds,
  rules: [
    {
      statuses: [400, 409],
      rule: `id ${ZPA_CONCURRENCY_IDS.join(' or ')} → conflict whatever the status, retryable`,
      when: (evidence) => evidence.errorId !== undefined && ZPA_CONCURRENCY_IDS.includes(evidence.errorId),
      // A concurrent edit is a conflict whether ZPA answers it with 409 or 400 (CONTRACT.md, "Category by status").
      category: 'conflict',
      retryable: true,
      source: `${SEED}, ZPA 409 ("Try again"); ${GO_ZPA_CLIENT}`,
    },
  ],
  bodyRetryAfter: false,
};
