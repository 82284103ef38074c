/**
 * Zscaler answers as recorded in research/zscaler-api.md §2–§3 (real bodies and headers), the request each is
 * an answer to, and what the agent must make of it: the exact `zscaler.*` span attributes, the span status
 * description and the metric points.
 */
import { gzipSync } from 'node:zlib';
import type { CannedResponse } from '../support/zscaler-fixture-server.js';

export interface Case {
  readonly name: string;
  readonly host: string;
  readonly path: string;
  readonly method: string;
  readonly response: CannedResponse;
  /** Exactly the span's `zscaler.*` attributes. */
  readonly attributes: Record<string, unknown>;
  /** The span status description (error spans). */
  readonly description?: string;
  readonly metrics: {
    /** Attributes of the one `zscaler.api.requests` point beyond service, api, method and status. */
    readonly category?: string;
    readonly retryable?: boolean;
    readonly conflictId?: string;
    readonly retryAfter?: number;
    readonly remaining?: number;
  };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const GATEWAY_HEADERS = {
  ...JSON_TYPE,
  'x-oneapi-request-id': '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
  'x-ratelimit-limit': '5000, 5000;w=60',
  'x-ratelimit-remaining': '4992',
  'x-ratelimit-reset': '34',
};
const ZPA_429 =
  '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}';
const EDIT_LOCK = '{"code":"EDIT_LOCK_NOT_AVAILABLE"}';
const DUPLICATE =
  '{"code":"DUPLICATE_ITEM","message":"Invalid IP inetAddress : - This IP 104.239.237.2 is already associated with current organization."}';
const CONCURRENT =
  '{"id":"api.concurrent.access.error","reason":"Unable to modify the resource due to concurrent change requests. Try again"}';
/** What ZPA's concurrent-edit body gives a legacy-host span, whether it comes with 409 or 400. */
const CONCURRENT_ATTRIBUTES = {
  'zscaler.service': 'zpa',
  'zscaler.api': 'legacy',
  'zscaler.cloud': 'production',
  'zscaler.error.id': 'api.concurrent.access.error',
  'zscaler.error.reason': 'Unable to modify the resource due to concurrent change requests. Try again',
  'zscaler.error.category': 'conflict',
  'zscaler.retryable': true,
};
/** 100 KiB of a ZPA 400: the id comes first, the rest is far past the capture bound. */
const OVERSIZE = `{"id":"bad.request","reason":"Invalid request","params":[${Array.from({ length: 9000 }, (_, i) => `"p${String(i).padStart(6, '0')}"`).join(',')}]}`;

export const cases: readonly Case[] = [
  {
    name: 'zpa-429',
    host: 'api.zsapi.net',
    path: '/zpa/mgmtconfig/v1/admin/customers/216196257331281920/application',
    method: 'GET',
    response: { status: 429, headers: { ...GATEWAY_HEADERS, 'retry-after': '13s' }, body: ZPA_429 },
    attributes: {
      'zscaler.service': 'zpa',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.request_id': '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
      'zscaler.error.id': 'invalid.toomanyrequests',
      'zscaler.error.reason': 'Exceeded the number of requests allowed.',
      'zscaler.error.category': 'rate_limited',
      'zscaler.retryable': true,
      'zscaler.retry_after': 13,
      'zscaler.ratelimit.remaining': 4992,
      'zscaler.ratelimit.reset': 34,
    },
    description:
      'The API client exceeded the rate limit or quota. To learn more, see Understanding Rate Limiting.',
    metrics: { category: 'rate_limited', retryable: true, retryAfter: 13, remaining: 4992 },
  },
  {
    name: 'zia-429',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/urlCategories',
    method: 'POST',
    response: {
      status: 429,
      headers: { ...GATEWAY_HEADERS, 'retry-after': '1' },
      body: '{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}',
    },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.request_id': '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
      'zscaler.error.reason': 'Rate Limit (1/SECOND) exceeded',
      'zscaler.error.category': 'rate_limited',
      'zscaler.retryable': true,
      'zscaler.retry_after': 1,
      'zscaler.ratelimit.remaining': 4992,
      'zscaler.ratelimit.reset': 34,
    },
    description:
      'The API client exceeded the rate limit or quota. Too many requests have been made in a short period.',
    metrics: { category: 'rate_limited', retryable: true, retryAfter: 1, remaining: 4992 },
  },
  {
    name: 'zia-edit-lock',
    host: 'zsapi.zscalertwo.net',
    path: '/api/v1/firewallFilteringRules/1234',
    method: 'PUT',
    response: { status: 409, headers: { ...JSON_TYPE, 'x-zscaler-mode': 'read-write' }, body: EDIT_LOCK },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'legacy',
      'zscaler.cloud': 'zscalertwo',
      'zscaler.error.id': 'EDIT_LOCK_NOT_AVAILABLE',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': true,
    },
    description:
      'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time. In this scenario, the API client automatically retries after a short time period.',
    metrics: { category: 'conflict', retryable: true, conflictId: 'EDIT_LOCK_NOT_AVAILABLE' },
  },
  {
    name: 'zia-duplicate',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/staticIP',
    method: 'POST',
    response: { status: 409, headers: JSON_TYPE, body: DUPLICATE },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.id': 'DUPLICATE_ITEM',
      'zscaler.error.reason':
        'Invalid IP inetAddress : - This IP 104.239.237.2 is already associated with current organization.',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': false,
    },
    description:
      'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time. In this scenario, the API client automatically retries after a short time period.',
    metrics: { category: 'conflict', retryable: false, conflictId: 'DUPLICATE_ITEM' },
  },
  {
    name: 'zpa-concurrent',
    host: 'config.private.zscaler.com',
    path: '/mgmtconfig/v1/admin/customers/216196257331281920/policySet/1/rule/2/reorder/3',
    method: 'PUT',
    response: { status: 409, headers: JSON_TYPE, body: CONCURRENT },
    attributes: CONCURRENT_ATTRIBUTES,
    description:
      'Conflict. Concurrent API calls using POST, PUT, and DELETE methods to the policy set controller might return error 409 - Conflict. Ensure that only one PUT request per policy rule is sent at a given time.',
    metrics: { category: 'conflict', retryable: true, conflictId: 'api.concurrent.access.error' },
  },
  {
    // The same concurrent edit answered with 400: a conflict all the same (CONTRACT.md, "Category by status").
    name: 'zpa-concurrent-400',
    host: 'config.private.zscaler.com',
    path: '/mgmtconfig/v1/admin/customers/216196257331281920/application/72058304855015424',
    method: 'PUT',
    response: { status: 400, headers: JSON_TYPE, body: CONCURRENT },
    attributes: CONCURRENT_ATTRIBUTES,
    description: 'Bad Request',
    metrics: { category: 'conflict', retryable: true, conflictId: 'api.concurrent.access.error' },
  },
  {
    name: 'zia-415',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/locations',
    method: 'POST',
    response: { status: 415, headers: { 'x-oneapi-request-id': 'a5f0c1d2-0000-4000-8000-000000000415' } },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.request_id': 'a5f0c1d2-0000-4000-8000-000000000415',
      'zscaler.error.category': 'unsupported_media_type',
      'zscaler.retryable': false,
    },
    description:
      "Unsupported media type. This error is returned if you don't include `application/json` as the `Content-Type` in the request header (for example, `Content-Type: application/json`).",
    metrics: { category: 'unsupported_media_type', retryable: false },
  },
  {
    name: 'zia-maintenance',
    host: 'zsapi.zscloud.net',
    path: '/api/v1/urlCategories',
    method: 'POST',
    response: {
      status: 403,
      headers: { ...JSON_TYPE, 'x-zscaler-mode': 'read-only' },
      body: '{"code":"STATE_READONLY","message":"The API service is undergoing a scheduled upgrade and is in read-only mode."}',
    },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'legacy',
      'zscaler.cloud': 'zscloud',
      'zscaler.error.id': 'STATE_READONLY',
      'zscaler.error.reason': 'The API service is undergoing a scheduled upgrade and is in read-only mode.',
      'zscaler.error.category': 'maintenance',
      'zscaler.retryable': true,
    },
    description:
      "This code is returned due to one of the following reasons: User's role has no access permissions or functional scope. A required SKU subscription is missing. API operations that use POST, PUT, or DELETE methods are performed when the ZIA Admin Portal was in maintenance mode during a scheduled upgrade. Contact Zscaler Support or your Zscaler Account team for assistance.",
    metrics: { category: 'maintenance', retryable: true },
  },
  {
    name: 'gateway-401',
    host: 'api.zsapi.net',
    path: '/ztw/api/v1/ecgroup',
    method: 'GET',
    response: {
      status: 401,
      headers: { ...JSON_TYPE, 'x-oneapi-api-category': 'public' },
      body: '{"detail":"unauthorized","type":"","title":"","status":""}',
    },
    attributes: {
      'zscaler.service': 'ztw',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.reason': 'unauthorized',
      'zscaler.error.category': 'unauthorized',
      'zscaler.retryable': false,
    },
    description: 'Session is not authenticated or timed out.',
    metrics: { category: 'unauthorized', retryable: false },
  },
  {
    name: 'zia-404',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/sandbox/report/0123456789abcdef',
    method: 'GET',
    response: {
      status: 404,
      headers: JSON_TYPE,
      body: '{"code":"RESOURCE_NOT_FOUND","message":"No Report to download"}',
    },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.id': 'RESOURCE_NOT_FOUND',
      'zscaler.error.reason': 'No Report to download',
      'zscaler.error.category': 'not_found',
      'zscaler.retryable': false,
    },
    description: 'Resource does not exist.',
    metrics: { category: 'not_found', retryable: false },
  },
  {
    name: 'zia-500',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/users',
    method: 'GET',
    response: {
      status: 500,
      headers: JSON_TYPE,
      body: `{"code":"UNEXPECTED_ERROR","message":"An unexpected error has occurred, please contact Zscaler's support"}`,
    },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.id': 'UNEXPECTED_ERROR',
      'zscaler.error.reason': "An unexpected error has occurred, please contact Zscaler's support",
      'zscaler.error.category': 'server_error',
      'zscaler.retryable': false,
    },
    description: 'Unexpected error.',
    metrics: { category: 'server_error', retryable: false },
  },
  {
    name: 'zpa-503',
    host: 'api.zsapi.net',
    path: '/zpa/mgmtconfig/v1/admin/customers/216196257331281920/segmentGroup',
    method: 'GET',
    response: {
      status: 503,
      headers: { 'content-type': 'text/plain', 'retry-after': '10s' },
      body: 'no healthy upstream',
    },
    attributes: {
      'zscaler.service': 'zpa',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.category': 'unavailable',
      'zscaler.retryable': true,
      'zscaler.retry_after': 10,
    },
    description:
      'Service Unavailable. Zscaler recommends an exponential backoff strategy before retrying. If a `Retry-After` header is available as part of the response headers, wait until the stipulated time mentioned in the `Retry-After` header before retrying.',
    metrics: { category: 'unavailable', retryable: true, retryAfter: 10 },
  },
  {
    name: 'zia-edit-lock-gzip',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/advancedUrlFilterAndCloudAppSettings',
    method: 'GET',
    response: {
      status: 409,
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync(EDIT_LOCK),
    },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.id': 'EDIT_LOCK_NOT_AVAILABLE',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': true,
    },
    description:
      'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time. In this scenario, the API client automatically retries after a short time period.',
    metrics: { category: 'conflict', retryable: true, conflictId: 'EDIT_LOCK_NOT_AVAILABLE' },
  },
  {
    name: 'zpa-oversize',
    host: 'config.zpatwo.net',
    path: '/mgmtconfig/v1/admin/customers/216196257331281920/server',
    method: 'POST',
    response: { status: 400, headers: JSON_TYPE, body: OVERSIZE, chunkSize: 8192 },
    attributes: {
      'zscaler.service': 'zpa',
      'zscaler.api': 'legacy',
      'zscaler.cloud': 'zpatwo',
      'zscaler.error.id': 'bad.request',
      'zscaler.error.reason': 'Invalid request',
      'zscaler.error.category': 'bad_request',
      'zscaler.retryable': false,
    },
    description: 'Bad Request',
    metrics: { category: 'bad_request', retryable: false },
  },
  {
    name: 'zia-truncated-json',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/firewallFilteringRules',
    method: 'POST',
    response: {
      status: 409,
      headers: JSON_TYPE,
      body: '{"code":"UNEXPECTED_ERROR","message":"Failed during enter Org barrier","detail',
    },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.error.id': 'UNEXPECTED_ERROR',
      'zscaler.error.reason': 'Failed during enter Org barrier',
      'zscaler.error.category': 'conflict',
      'zscaler.retryable': true,
    },
    description:
      'Request could not be processed because possible edit conflict occurred. Another admin might be saving a configuration change at the same time. In this scenario, the API client automatically retries after a short time period.',
    metrics: { category: 'conflict', retryable: true, conflictId: 'UNEXPECTED_ERROR' },
  },
  {
    name: 'zia-200',
    host: 'api.zsapi.net',
    path: '/zia/api/v1/status',
    method: 'GET',
    response: { status: 200, headers: GATEWAY_HEADERS, body: '{"status":"ACTIVE"}' },
    attributes: {
      'zscaler.service': 'zia',
      'zscaler.api': 'oneapi',
      'zscaler.cloud': 'production',
      'zscaler.request_id': '2886cdca-6dd6-9e6a-9f90-d6c7f39bf354',
      'zscaler.ratelimit.remaining': 4992,
      'zscaler.ratelimit.reset': 34,
    },
    metrics: { remaining: 4992 },
  },
];

/** Answers Zscaler-like that must get nothing: other hosts, including names that only look like Zscaler's. */
export const foreignHosts: readonly string[] = [
  'api.example.com',
  'api.zsapi.net.example.com',
  'zsapi.net.example.com',
  'fakezsapi.net',
  'api-zsapi.net',
  'config.private.zscaler.com.example.org',
];

export const FOREIGN_429: CannedResponse = {
  status: 429,
  headers: { ...GATEWAY_HEADERS, 'retry-after': '13s' },
  body: ZPA_429,
};
