/**
 * interpretResponse on every example body of research §2 and the seed, and the category/retry rules of
 * CONTRACT.md; shouldCaptureBody.
 */
import { describe, expect, it } from 'vitest';
import {
  interpretResponse,
  KNOWN_ERROR_IDS,
  RESPONSE_HEADERS,
  shouldCaptureBody,
} from '../../src/catalog/index.js';
import { OVERRIDING_RULES, STATUS_RULES } from '../../src/catalog/policy.js';
import { SERVICE_MODULES } from '../../src/catalog/services/index.js';
import type { Interpretation, ZscalerApi, ZscalerTarget } from '../../src/catalog/types.js';

const now = Date.parse('2024-03-06T11:38:00Z');

interface Example {
  readonly service: string;
  readonly api?: ZscalerApi;
  readonly status: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

function interpret({ service, api = 'oneapi', status, body, headers = {} }: Example): Interpretation {
  const lowerCased = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return interpretResponse({
    target: { service, api },
    status,
    header: (name) => lowerCased.get(name),
    ...(body === undefined ? {} : { body: new TextEncoder().encode(body) }),
    now,
  });
}

type Expected = Pick<Interpretation, 'errorId' | 'reason' | 'category' | 'retryable' | 'retryAfter'>;

/** research §2.2, per service, and the seed's examples. */
const EXAMPLES: readonly (readonly [string, Example, Expected])[] = [
  // ZIA (PY-CAS)
  [
    'ZIA 409 edit lock',
    { service: 'zia', status: 409, body: '{"code":"EDIT_LOCK_NOT_AVAILABLE"}' },
    { errorId: 'EDIT_LOCK_NOT_AVAILABLE', category: 'conflict', retryable: true },
  ],
  [
    'ZIA 409 duplicate',
    {
      service: 'zia',
      status: 409,
      body: '{"code":"DUPLICATE_ITEM","message":"Invalid IP inetAddress : - This IP 104.239.237.2 is already associated with current organization."}',
    },
    {
      errorId: 'DUPLICATE_ITEM',
      reason:
        'Invalid IP inetAddress : - This IP 104.239.237.2 is already associated with current organization.',
      category: 'conflict',
      retryable: false,
    },
  ],
  [
    'ZIA 404',
    { service: 'zia', status: 404, body: '{"code":"RESOURCE_NOT_FOUND","message":"No Report to download"}' },
    {
      errorId: 'RESOURCE_NOT_FOUND',
      reason: 'No Report to download',
      category: 'not_found',
      retryable: false,
    },
  ],
  [
    'ZIA 403 not subscribed',
    {
      service: 'zia',
      status: 403,
      body: '{"code":"NOT_SUBSCRIBED","message":"IoT Device Visibility subscription is required, but it is currently not started."}',
    },
    {
      errorId: 'NOT_SUBSCRIBED',
      reason: 'IoT Device Visibility subscription is required, but it is currently not started.',
      category: 'forbidden',
      retryable: false,
    },
  ],
  [
    'ZIA 403 scope',
    {
      service: 'zia',
      status: 403,
      body: '{"code":"SCOPE_LIMITED","message":"Only super admins can create, update or delete a role."}',
    },
    {
      errorId: 'SCOPE_LIMITED',
      reason: 'Only super admins can create, update or delete a role.',
      category: 'forbidden',
      retryable: false,
    },
  ],
  [
    'ZIA 403 invalid operation',
    {
      service: 'zia',
      status: 403,
      body: '{"code":"INVALID_OPERATION","message":"Not allowed for one identity enabled tenants"}',
    },
    {
      errorId: 'INVALID_OPERATION',
      reason: 'Not allowed for one identity enabled tenants',
      category: 'forbidden',
      retryable: false,
    },
  ],
  [
    'ZIA 400 invalid input',
    { service: 'zia', status: 400, body: '{"code":"INVALID_INPUT_ARGUMENT","message":"Invalid input"}' },
    { errorId: 'INVALID_INPUT_ARGUMENT', reason: 'Invalid input', category: 'bad_request', retryable: false },
  ],
  [
    'ZIA 400 message only',
    { service: 'zia', status: 400, body: '{"message":"Request body is invalid."}' },
    { reason: 'Request body is invalid.', category: 'bad_request', retryable: false },
  ],
  [
    'ZIA 500 coded',
    {
      service: 'zia',
      status: 500,
      body: '{"code":"UNEXPECTED_ERROR","message":"An unexpected error has occurred, please contact Zscaler\'s support"}',
    },
    {
      errorId: 'UNEXPECTED_ERROR',
      reason: "An unexpected error has occurred, please contact Zscaler's support",
      category: 'server_error',
      retryable: false,
    },
  ],
  [
    'ZIA 429 body Retry-After',
    {
      service: 'zia',
      status: 429,
      body: '{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}',
      headers: { 'Retry-After': '1' },
    },
    { reason: 'Rate Limit (1/SECOND) exceeded', category: 'rate_limited', retryable: true, retryAfter: 1 },
  ],
  [
    'ZIA 429 body only',
    {
      service: 'zia',
      status: 429,
      body: '{"message":"Rate Limit (2/SECOND) exceeded","Retry-After":"2 seconds"}',
    },
    { reason: 'Rate Limit (2/SECOND) exceeded', category: 'rate_limited', retryable: true, retryAfter: 2 },
  ],
  [
    'ZIA 406 HTML page',
    {
      service: 'zia',
      status: 406,
      body: '<!doctype html><html><body><h1>HTTP Status 406</h1></body></html>',
    },
    { category: 'client_error', retryable: false },
  ],
  [
    'ZIA 415 empty',
    { service: 'zia', status: 415, body: '' },
    { category: 'unsupported_media_type', retryable: false },
  ],
  ['ZIA 500 empty', { service: 'zia', status: 500, body: '' }, { category: 'server_error', retryable: true }],
  // ZIA (SDK code)
  [
    'ZIA 409 org barrier',
    {
      service: 'zia',
      status: 409,
      body: '{"code":"UNEXPECTED_ERROR","message":"Failed during enter Org barrier"}',
    },
    {
      errorId: 'UNEXPECTED_ERROR',
      reason: 'Failed during enter Org barrier',
      category: 'conflict',
      retryable: true,
    },
  ],
  [
    'ZIA 412 org barrier',
    {
      service: 'zia',
      status: 412,
      body: '{"code":"UNEXPECTED_ERROR","message":"Failed during enter Org barrier"}',
    },
    {
      errorId: 'UNEXPECTED_ERROR',
      reason: 'Failed during enter Org barrier',
      category: 'conflict',
      retryable: true,
    },
  ],
  [
    'ZIA 412 edit lock',
    { service: 'zia', status: 412, body: '{"code":"EDIT_LOCK_NOT_AVAILABLE"}' },
    { errorId: 'EDIT_LOCK_NOT_AVAILABLE', category: 'conflict', retryable: true },
  ],
  [
    'ZIA 412 precondition',
    {
      service: 'zia',
      status: 412,
      body: '{"code":"UNEXPECTED_ERROR","message":"Request processing failed, possibly because an expected precondition was not met"}',
    },
    {
      errorId: 'UNEXPECTED_ERROR',
      reason: 'Request processing failed, possibly because an expected precondition was not met',
      category: 'conflict',
      retryable: true,
    },
  ],
  [
    'ZIA 500 precondition (transient)',
    {
      service: 'zia',
      status: 500,
      body: '{"code":"UNEXPECTED_ERROR","message":"Request processing failed, possibly because an expected precondition was not met"}',
    },
    {
      errorId: 'UNEXPECTED_ERROR',
      reason: 'Request processing failed, possibly because an expected precondition was not met',
      category: 'server_error',
      retryable: true,
    },
  ],
  [
    'ZIA 409 resource access blocked',
    { service: 'zia', status: 409, body: '{"message":"Resource Access Blocked"}' },
    { reason: 'Resource Access Blocked', category: 'conflict', retryable: true },
  ],
  [
    'ZIA 412 resource access blocked',
    { service: 'zia', status: 412, body: '{"message":"Resource Access Blocked"}' },
    { reason: 'Resource Access Blocked', category: 'conflict', retryable: true },
  ],
  [
    'ZIA 401 resource access blocked',
    { service: 'zia', status: 401, body: '{"message":"Resource Access Blocked"}' },
    { reason: 'Resource Access Blocked', category: 'unauthorized', retryable: false },
  ],
  [
    'ZIA 401 session',
    {
      service: 'zia',
      api: 'legacy',
      status: 401,
      body: '{"code":"SESSION_NOT_VALID","message":"Session is not valid"}',
    },
    {
      errorId: 'SESSION_NOT_VALID',
      reason: 'Session is not valid',
      category: 'unauthorized',
      retryable: false,
    },
  ],
  [
    'ZIA 403 limit exceeded',
    {
      service: 'zia',
      status: 403,
      body: '{"code":"LIMIT_EXCEEDED","message":"Maximum 100 static IPs are allowed. Limit has exceeded."}',
    },
    {
      errorId: 'LIMIT_EXCEEDED',
      reason: 'Maximum 100 static IPs are allowed. Limit has exceeded.',
      category: 'forbidden',
      retryable: false,
    },
  ],
  [
    'ZIA 403 read-only',
    {
      service: 'zia',
      status: 403,
      body: '{"code":"STATE_READONLY","message":"The API service is undergoing a scheduled upgrade and is in read-only mode."}',
      headers: { 'x-zscaler-mode': 'read-only' },
    },
    {
      errorId: 'STATE_READONLY',
      reason: 'The API service is undergoing a scheduled upgrade and is in read-only mode.',
      category: 'maintenance',
      retryable: true,
    },
  ],
  [
    'ZIA 403 read-only header, empty body',
    { service: 'zia', status: 403, headers: { 'X-Zscaler-Mode': ' Read-Only ' } },
    { category: 'maintenance', retryable: true },
  ],
  [
    'ZIA 403 read-write header',
    { service: 'zia', status: 403, headers: { 'x-zscaler-mode': 'read-write' } },
    { category: 'forbidden', retryable: false },
  ],
  ['ZIA 409 without body', { service: 'zia', status: 409 }, { category: 'conflict', retryable: true }],
  // ZPA
  [
    'ZPA 429',
    {
      service: 'zpa',
      status: 429,
      body: '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}',
      headers: { 'retry-after': '4s' },
    },
    {
      errorId: 'invalid.toomanyrequests',
      reason: 'Exceeded the number of requests allowed.',
      category: 'rate_limited',
      retryable: true,
      retryAfter: 4,
    },
  ],
  [
    'ZPA 409 concurrent access',
    {
      service: 'zpa',
      status: 409,
      body: '{"id":"api.concurrent.access.error","reason":"Unable to modify the resource due to concurrent change requests. Try again"}',
    },
    {
      errorId: 'api.concurrent.access.error',
      reason: 'Unable to modify the resource due to concurrent change requests. Try again',
      category: 'conflict',
      retryable: true,
    },
  ],
  [
    'ZPA 400 concurrent access',
    {
      service: 'zpa',
      status: 400,
      body: '{"id":"api.concurrent.access.error","reason":"Unable to modify the resource due to concurrent change requests. Try again"}',
    },
    {
      errorId: 'api.concurrent.access.error',
      reason: 'Unable to modify the resource due to concurrent change requests. Try again',
      category: 'conflict',
      retryable: true,
    },
  ],
  [
    'ZPA 400 simultaneous request',
    { service: 'zpa', api: 'legacy', status: 400, body: '{"id":"db.simultaneous.request","reason":"r"}' },
    { errorId: 'db.simultaneous.request', reason: 'r', category: 'conflict', retryable: true },
  ],
  [
    'ZPA 409 other',
    { service: 'zpa', status: 409, body: '{"id":"resource.already.exist","reason":"exists"}' },
    { errorId: 'resource.already.exist', reason: 'exists', category: 'conflict', retryable: false },
  ],
  [
    'ZPA 401 feature flag',
    {
      service: 'zpa',
      status: 401,
      body: '{"params":["feature.ddil.config"],"id":"authz.featureflag.permission.denied","reason":"Feature flag feature.ddil.config disabled for customer 123"}',
    },
    {
      errorId: 'authz.featureflag.permission.denied',
      reason: 'Feature flag feature.ddil.config disabled for customer 123',
      category: 'unauthorized',
      retryable: false,
    },
  ],
  [
    'ZPA 400 not found (seed)',
    {
      service: 'zpa',
      status: 400,
      body: '{\n"id": "resource.not.found",\n"reason": "No resource exists with the given id/name :0",\n"params": [\n"0"\n]\n}',
    },
    {
      errorId: 'resource.not.found',
      reason: 'No resource exists with the given id/name :0',
      category: 'bad_request',
      retryable: false,
    },
  ],
  [
    'ZPA 503 (seed)',
    {
      service: 'zpa',
      status: 503,
      body: '{\n"id": "retryable.server.error",\n"reason": "An error occurred. Refer to the Retry-After header, and then try again."\n}',
      headers: { 'Retry-After': '10s' },
    },
    {
      errorId: 'retryable.server.error',
      reason: 'An error occurred. Refer to the Retry-After header, and then try again.',
      category: 'unavailable',
      retryable: true,
      retryAfter: 10,
    },
  ],
  [
    'ZPA 429 (seed)',
    {
      service: 'zpa',
      status: 429,
      body: '{\n"exception": "invalid.toomanyrequests",\n"id": "invalid.toomanyrequests",\n"reason": "Exceeded the number of requests allowed"\n}',
      headers: {
        'content-type': 'application/json',
        date: 'Wed, 6 Mar 2024 11:38 GMT',
        'retry-after': '13s',
      },
    },
    {
      errorId: 'invalid.toomanyrequests',
      reason: 'Exceeded the number of requests allowed',
      category: 'rate_limited',
      retryable: true,
      retryAfter: 13,
    },
  ],
  // Gateway
  [
    'gateway 401',
    { service: 'zia', status: 401, body: '{"detail":"unauthorized","type":"","title":"","status":""}' },
    { reason: 'unauthorized', category: 'unauthorized', retryable: false },
  ],
  [
    'gateway 404 plain text as JSON',
    { service: 'zcc', status: 404, body: '404 Not Found', headers: { 'content-type': 'application/json' } },
    { category: 'not_found', retryable: false },
  ],
  // ZIdentity / OAuth
  [
    'OAuth 401',
    {
      service: 'zidentity',
      status: 401,
      body: '{"error":"invalid_client","error_description":"Client authentication failed"}',
    },
    {
      errorId: 'invalid_client',
      reason: 'Client authentication failed',
      category: 'unauthorized',
      retryable: false,
    },
  ],
  // ZCC
  [
    'ZCC errorMessage',
    { service: 'zcc', status: 400, body: '{"errorMessage":"Invalid company id"}' },
    { reason: 'Invalid company id', category: 'bad_request', retryable: false },
  ],
  [
    'ZCC title',
    {
      service: 'zcc',
      status: 400,
      body: '{"title":"INVALID_FIELD_VALUE","errorCode":null,"errorMessage":"Bad field"}',
    },
    { errorId: 'INVALID_FIELD_VALUE', reason: 'Bad field', category: 'bad_request', retryable: false },
  ],
  [
    'ZCC operation body',
    { service: 'zcc', status: 400, body: '{"devicesRemoved":0,"errorMsg":"REDACTED"}' },
    { category: 'bad_request', retryable: false },
  ],
  [
    'ZCC 429 header',
    { service: 'zcc', status: 429, headers: { 'X-Rate-Limit-Retry-After-Seconds': '593' } },
    { category: 'rate_limited', retryable: true, retryAfter: 593 },
  ],
  // ZTW
  [
    'ZTW 429 body',
    {
      service: 'ztw',
      status: 429,
      body: '{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"0 seconds"}',
    },
    { reason: 'Rate Limit (1/SECOND) exceeded', category: 'rate_limited', retryable: true, retryAfter: 0 },
  ],
  [
    'ZTW 409 edit lock',
    { service: 'ztw', api: 'legacy', status: 409, body: '{"code":"EDIT_LOCK_NOT_AVAILABLE","message":"m"}' },
    { errorId: 'EDIT_LOCK_NOT_AVAILABLE', reason: 'm', category: 'conflict', retryable: true },
  ],
  [
    'ZTW 409 duplicate',
    { service: 'ztw', status: 409, body: '{"code":"DUPLICATE_ITEM","message":"m"}' },
    { errorId: 'DUPLICATE_ITEM', reason: 'm', category: 'conflict', retryable: false },
  ],
  // ZCell
  [
    'ZCell 401',
    {
      service: 'zcell',
      status: 401,
      body: '{"msgId":"invalid.access","detail":"Invalid Authentication.","timestamp":"2025-01-01T00:00:00Z"}',
    },
    {
      errorId: 'invalid.access',
      reason: 'Invalid Authentication.',
      category: 'unauthorized',
      retryable: false,
    },
  ],
  // GraphQL
  [
    'GraphQL 400',
    {
      service: 'zins',
      status: 400,
      body: '{"errors":[{"message":"Validation error of type FieldUndefined","locations":[{"line":1,"column":3}],"path":["q"],"extensions":{"classification":"BAD_REQUEST"}}],"data":null}',
    },
    {
      errorId: 'BAD_REQUEST',
      reason: 'Validation error of type FieldUndefined',
      category: 'bad_request',
      retryable: false,
    },
  ],
];

describe('research §2 example bodies', () => {
  it.each(EXAMPLES)('%s', (_, example, expected) => {
    const result = interpret(example);
    expect(result).toMatchObject(expected);
    for (const key of ['errorId', 'reason', 'retryAfter'] as const) {
      if (!(key in expected)) expect(result[key]).toBeUndefined();
    }
    expect(result.errorIdKnown).toBe(result.errorId !== undefined);
    expect(typeof result.description).toBe('string');
  });
});

describe('category and retryable by status (CONTRACT.md)', () => {
  it.each([
    [400, 'bad_request', false],
    [401, 'unauthorized', false],
    [402, 'client_error', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [405, 'method_not_allowed', false],
    [406, 'client_error', false],
    [408, 'timeout', true],
    [409, 'conflict', false],
    [410, 'client_error', false],
    [412, 'client_error', false],
    [413, 'payload_too_large', false],
    [415, 'unsupported_media_type', false],
    [418, 'client_error', false],
    [422, 'client_error', false],
    [429, 'rate_limited', true],
    [499, 'client_error', false],
    [500, 'server_error', true],
    [501, 'server_error', false],
    [502, 'unavailable', true],
    [503, 'unavailable', true],
    [504, 'timeout', true],
    [505, 'server_error', true],
    [599, 'server_error', true],
  ] as const)('%i → %s, retryable %s (service zdx, no body)', (status, category, retryable) => {
    expect(interpret({ service: 'zdx', status })).toMatchObject({ category, retryable });
  });

  it('a coded 5xx is permanent, an uncoded one is not', () => {
    expect(interpret({ service: 'zdx', status: 500, body: '{"code":"X"}' }).retryable).toBe(false);
    expect(interpret({ service: 'zdx', status: 500, body: '{"code":7}' }).retryable).toBe(false);
    expect(interpret({ service: 'zdx', status: 500, body: '{"message":"m"}' }).retryable).toBe(true);
    expect(interpret({ service: 'zdx', status: 500, body: '{"code":""}' }).retryable).toBe(true);
    expect(interpret({ service: 'zdx', status: 500, body: '<html/>' }).retryable).toBe(true);
    expect(interpret({ service: 'zdx', status: 502, body: '{"code":"X"}' }).retryable).toBe(true);
    expect(interpret({ service: 'zdx', status: 503, body: '{"code":"X"}' }).retryable).toBe(true);
  });

  it('the edit-lock markers hold for every service; ZIA/ZTW 409 rules only for them', () => {
    expect(
      interpret({ service: 'zpa', status: 409, body: '{"code":"EDIT_LOCK_NOT_AVAILABLE"}' }).retryable,
    ).toBe(true);
    expect(interpret({ service: 'zpa', status: 409 }).retryable).toBe(false);
    expect(interpret({ service: 'zcc', status: 409 }).retryable).toBe(false);
    expect(interpret({ service: 'zia', status: 409 }).retryable).toBe(true);
    expect(interpret({ service: 'ztw', status: 409 }).retryable).toBe(true);
    expect(interpret({ service: 'zia', status: 412 })).toMatchObject({
      category: 'client_error',
      retryable: false,
    });
    expect(
      interpret({ service: 'zpa', status: 412, body: '{"message":"Resource Access Blocked"}' }),
    ).toMatchObject({
      category: 'conflict',
      retryable: true,
    });
  });

  it('maintenance is a 403 only', () => {
    const readOnly = { 'x-zscaler-mode': 'read-only' };
    expect(interpret({ service: 'zia', status: 400, headers: readOnly }).category).toBe('bad_request');
    expect(interpret({ service: 'zpa', status: 403, body: '{"code":"STATE_READONLY"}' }).category).toBe(
      'maintenance',
    );
  });
});

describe('span status description', () => {
  it("is the service's seed row", () => {
    expect(interpret({ service: 'zia', status: 415 }).description).toMatch(
      /^Unsupported media type\. .*application\/json/,
    );
    expect(interpret({ service: 'zpa', status: 409, api: 'legacy' }).description).toMatch(
      /^Conflict\. Concurrent API/,
    );
  });

  it('falls back to the OneAPI row through the gateway, else to the reason phrase', () => {
    expect(interpret({ service: 'zia', status: 429, api: 'oneapi' }).description).toBe(
      'The API client exceeded the rate limit or quota. Too many requests have been made in a short period.',
    );
    expect(interpret({ service: 'zia', status: 429, api: 'legacy' }).description).toBe('Too Many Requests');
    expect(interpret({ service: 'zcc', status: 504, api: 'oneapi' }).description).toBe(
      'The server took too long to respond to the request.',
    );
    expect(interpret({ service: 'zcc', status: 500, api: 'legacy' }).description).toBe(
      'Internal Server Error',
    );
    expect(interpret({ service: 'zcc', status: 412, api: 'oneapi' }).description).toBe('Precondition Failed');
  });

  it('services without a seed table use the OneAPI table, then the reason phrase', () => {
    for (const api of ['oneapi', 'legacy'] as const) {
      expect(interpret({ service: 'zdx', api, status: 408 }).description).toBe(
        'The client took too long to send a complete request.',
      );
      expect(interpret({ service: 'zwa', api, status: 409 }).description).toBe('Conflict');
      expect(interpret({ service: 'oneapi', api, status: 401 }).description).toBe(
        'The authorization token is invalid, expired, or missing.',
      );
    }
    expect(interpret({ service: 'custom', status: 451 }).description).toBe('Client Error');
    expect(interpret({ service: 'custom', status: 599 }).description).toBe('Server Error');
  });
});

describe('headers on any response', () => {
  it('reads the request id and rate-limit headers, not the body, of a success', () => {
    const result = interpret({
      service: 'zia',
      status: 200,
      body: '{"code":"EDIT_LOCK_NOT_AVAILABLE","Retry-After":"5 seconds"}',
      headers: {
        'x-oneapi-request-id': '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
        'x-ratelimit-limit': '5000, 5000;w=60',
        'x-ratelimit-remaining': '4959',
        'x-ratelimit-reset': '13',
      },
    });
    expect(result).toEqual({
      errorIdKnown: false,
      requestId: '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
      rateLimitRemaining: 4959,
      rateLimitReset: 13,
    });
  });

  it('reads the Client Connector remaining header', () => {
    expect(interpret({ service: 'zcc', status: 200, headers: { 'x-rate-limit-remaining': '96' } })).toEqual({
      errorIdKnown: false,
      rateLimitRemaining: 96,
    });
  });

  it('prefers the Retry-After header, then X-Rate-Limit-Retry-After-Seconds, then the ZIA/ZTW body', () => {
    const body = '{"Retry-After":"3 seconds"}';
    expect(interpret({ service: 'zia', status: 429, body, headers: { 'retry-after': '1' } }).retryAfter).toBe(
      1,
    );
    expect(
      interpret({ service: 'zia', status: 429, body, headers: { 'x-rate-limit-retry-after-seconds': '2' } })
        .retryAfter,
    ).toBe(2);
    expect(
      interpret({ service: 'zia', status: 429, body, headers: { 'retry-after': 'soon' } }).retryAfter,
    ).toBe(3);
    expect(interpret({ service: 'zpa', status: 429, body }).retryAfter).toBeUndefined();
    expect(
      interpret({ service: 'zpa', status: 429, headers: { 'retry-after': 'Wed, 06 Mar 2024 11:38:30 GMT' } })
        .retryAfter,
    ).toBe(30);
  });

  it('bounds the request id and survives a throwing or odd header accessor', () => {
    expect(
      interpret({ service: 'zia', status: 200, headers: { 'x-oneapi-request-id': `a\n${'b'.repeat(500)}` } })
        .requestId,
    ).toHaveLength(128);
    const throwing = interpretResponse({
      target: { service: 'zia', api: 'oneapi' },
      status: 503,
      header: () => {
        throw new Error('boom');
      },
    });
    expect(throwing).toMatchObject({ category: 'unavailable', retryable: true });
    const odd = interpretResponse({
      target: { service: 'zia', api: 'oneapi' },
      status: 429,
      header: () => ['1'] as unknown as string,
      now: Number.NaN,
    });
    expect(odd.retryAfter).toBeUndefined();
  });

  it.each([0, 99, 200, 399, Number.NaN, 404.5, -1])('status %s is no error', (status) => {
    const result = interpret({ service: 'zia', status, body: '{"code":"X"}' });
    expect(result).toEqual({ errorIdKnown: false });
  });
});

describe('known error ids', () => {
  it('names the ids of research §4.2 and the seed, not others', () => {
    for (const id of [
      'EDIT_LOCK_NOT_AVAILABLE',
      'UNEXPECTED_ERROR',
      'SESSION_NOT_VALID',
      'RESOURCE_NOT_FOUND',
      'DUPLICATE_ITEM',
      'INVALID_INPUT_ARGUMENT',
      'SCOPE_LIMITED',
      'INVALID_OPERATION',
      'NOT_SUBSCRIBED',
      'LIMIT_EXCEEDED',
      'STATE_READONLY',
      'invalid.toomanyrequests',
      'api.concurrent.access.error',
      'db.simultaneous.request',
      'non.restricted.entity.authorization.failed',
      'bad.request',
      'resource.not.found',
      'resource.already.exist',
      'authz.featureflag.permission.denied',
      'access.denied',
      'retryable.server.error',
      'INVALID_FIELD_VALUE',
      'invalid.access',
      'BAD_REQUEST',
      'invalid_client',
    ]) {
      expect(KNOWN_ERROR_IDS.has(id), id).toBe(true);
    }
    expect(interpret({ service: 'zia', status: 400, body: '{"code":"SOMETHING_NEW"}' })).toMatchObject({
      errorId: 'SOMETHING_NEW',
      errorIdKnown: false,
    });
  });

  it('every known id and rule has a source', () => {
    for (const module of SERVICE_MODULES) {
      for (const known of module.knownErrorIds) expect(known.source.length, known.id).toBeGreaterThan(0);
      for (const rule of module.rules) expect(rule.source.length, rule.rule).toBeGreaterThan(0);
    }
    for (const rule of [...OVERRIDING_RULES, ...STATUS_RULES])
      expect(rule.source.length, rule.rule).toBeGreaterThan(0);
  });
});

describe('shouldCaptureBody', () => {
  const zia: ZscalerTarget = { service: 'zia', api: 'oneapi' };
  const zpa: ZscalerTarget = { service: 'zpa', api: 'legacy' };
  it.each([
    [zia, 409, 'application/json', true],
    [zia, 409, 'application/json; charset=utf-8', true],
    [zia, 409, 'Application/JSON', true],
    [zia, 400, 'application/problem+json', true],
    [zia, 400, 'application/vnd.zscaler+json;v=1', true],
    [zia, 500, undefined, true],
    [zia, 500, '', true],
    [zia, 500, ' ; charset=utf-8', true],
    [zia, 406, 'text/html', false],
    [zia, 406, 'text/html;charset=utf-8', false],
    [zia, 429, 'text/html', false],
    [zia, 429, 'text/plain', true],
    [zia, 429, 'application/octet-stream', true],
    [{ service: 'ztw', api: 'legacy' }, 429, 'text/plain', true],
    [zpa, 429, 'text/plain', false],
    [zia, 400, 'text/plain', false],
    [zia, 400, 'application/xml', false],
    [zia, 200, 'application/json', false],
    [zia, 302, undefined, false],
    [zia, Number.NaN, undefined, false],
  ] as const)('%o %s %s → %s', (target, status, contentType, capture) => {
    expect(shouldCaptureBody(target, status, contentType)).toBe(capture);
  });
});

describe('RESPONSE_HEADERS', () => {
  it('names every header interpretResponse reads', () => {
    const read = new Set<string>();
    interpretResponse({
      target: { service: 'zia', api: 'oneapi' },
      status: 403,
      header: (name) => {
        read.add(name);
        return undefined;
      },
      body: new TextEncoder().encode('{"Retry-After":"1"}'),
    });
    expect(read).toEqual(new Set(Object.values(RESPONSE_HEADERS)));
  });
});
