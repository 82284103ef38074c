/**
 * Category and retry policy of CONTRACT.md ("Category by status", "Retryable"), as data with sources.
 *
 * The category comes from the status alone (STATUS_CATEGORIES), unless a rule names another. Retryable comes
 * from the first rule that applies, in this order: the overriding rules below (maintenance, edit lock), the
 * service's own rules (services/*.ts), then the status rules below; no rule → not retryable.
 */
import { serviceModule } from './services/index.js';
import { type Evidence, mentionsAny, type PolicyRule, SEED } from './services/service.js';
import { PRECONDITION_MARKER } from './services/zia.js';
import type { ErrorCategory } from './types.js';

/** The write-lock markers of CONTRACT.md (GO errorx `IsEditLockError`; TFZIA docs/index.md l.349–401). */
export const EDIT_LOCK_MARKERS: readonly string[] = [
  'EDIT_LOCK_NOT_AVAILABLE',
  'Resource Access Blocked',
  'Failed during enter Org barrier',
];

/** CONTRACT.md "Category by status"; 412 without lock markers and other 4xx are `client_error`. */
const STATUS_CATEGORIES: ReadonlyMap<number, ErrorCategory> = new Map([
  [400, 'bad_request'],
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not_found'],
  [405, 'method_not_allowed'],
  [408, 'timeout'],
  [409, 'conflict'],
  [413, 'payload_too_large'],
  [415, 'unsupported_media_type'],
  [429, 'rate_limited'],
  [500, 'server_error'],
  [502, 'unavailable'],
  [503, 'unavailable'],
  [504, 'timeout'],
]);

/** Rules that apply to every service, before the service's own. */
export const OVERRIDING_RULES: readonly PolicyRule[] = [
  {
    statuses: [403],
    rule: 'read-only mode (`x-zscaler-mode: read-only` or code STATE_READONLY) → maintenance, retryable',
    when: (evidence) => evidence.readOnlyMode || evidence.errorId === 'STATE_READONLY',
    category: 'maintenance',
    retryable: true,
    source: `${SEED}, ZIA and Cloud & Branch Connector 403 (maintenance mode during a scheduled upgrade); SKILL (secondary)`,
  },
  {
    statuses: [409, 412],
    rule: `edit-lock marker (${EDIT_LOCK_MARKERS.join(', ')}) → conflict, retryable`,
    when: (evidence) => mentionsAny(evidence, EDIT_LOCK_MARKERS),
    category: 'conflict',
    retryable: true,
    source:
      'GO oneapiconfig.go checkRetry l.357, errorx IsEditLockError; GO zia/v2_client.go checkRetry l.502',
  },
];

/** Rules that apply to every service, after the service's own. */
export const STATUS_RULES: readonly PolicyRule[] = [
  {
    statuses: [429],
    rule: 'rate limited → retryable, after Retry-After',
    retryable: true,
    source: `${SEED}, ZPA 429; help.zscaler.com/oneapi/understanding-rate-limiting; every SDK retries 429`,
  },
  {
    statuses: [503],
    rule: 'service unavailable → retryable ("Zscaler recommends an exponential backoff strategy")',
    retryable: true,
    source: `${SEED}, ZPA 503; GO oneapiconfig.go ExecuteRequest; PY request_executor.py`,
  },
  {
    statuses: [502, 504],
    rule: 'bad gateway, gateway timeout → retryable',
    retryable: true,
    source:
      'GO errorx IsRetryableServerError (PR #450); PY request_executor.py (504); PY ztb/legacy.py (502–504)',
  },
  {
    statuses: [408],
    rule: 'request timeout → retryable',
    retryable: true,
    source: `${SEED}, OneAPI 408 ("The client took too long to send a complete request"); RFC 9110 §15.5.9`,
  },
  {
    statuses: [401],
    rule: 'unauthorized → not retryable (the SDKs first fetch a new token or session)',
    retryable: false,
    source: 'GO oneapiconfig.go ExecuteRequest (token refresh); PY request_executor.py (re-auth)',
  },
  {
    statuses: [501],
    rule: 'not implemented → not retryable',
    retryable: false,
    source: 'go-retryablehttp DefaultRetryPolicy (all 5xx except 501), used by the GO SDK',
  },
  {
    statuses: '5xx',
    rule: `a transient marker (the edit-lock markers or "${PRECONDITION_MARKER}") → retryable`,
    when: (evidence) => mentionsAny(evidence, [...EDIT_LOCK_MARKERS, PRECONDITION_MARKER]),
    retryable: true,
    source: 'GO errorx IsRetryableServerError (PR #450, zscaler/zscaler-sdk-go#449)',
  },
  {
    statuses: '5xx',
    rule: 'a JSON `code` (e.g. ZIA 500 UNEXPECTED_ERROR) → not retryable: a deterministic failure',
    when: (evidence) => evidence.hasCode,
    retryable: false,
    source: 'GO errorx IsRetryableServerError (PR #450, zscaler/zscaler-sdk-go#449)',
  },
  {
    statuses: '5xx',
    rule: 'any other 5xx (empty, non-JSON or uncoded body) → retryable',
    retryable: true,
    source: 'GO errorx IsRetryableServerError (PR #450); go-retryablehttp DefaultRetryPolicy',
  },
];

export interface Verdict {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
}

/** For an error status (>= 400). */
export function judge(service: string, evidence: Evidence): Verdict {
  const rule = rulesFor(service).find((candidate) => applies(candidate, evidence));
  return {
    category: rule?.category ?? statusCategory(evidence.status),
    retryable: rule?.retryable ?? false,
  };
}

export function statusCategory(status: number): ErrorCategory {
  return STATUS_CATEGORIES.get(status) ?? (status >= 500 ? 'server_error' : 'client_error');
}

const GENERIC_RULES: readonly PolicyRule[] = [...OVERRIDING_RULES, ...STATUS_RULES];
/** Built once per catalogue service; any other service (users name their own) gets the generic rules. */
const rulesByService = new Map<string, readonly PolicyRule[]>();

function rulesFor(service: string): readonly PolicyRule[] {
  const known = rulesByService.get(service);
  if (known !== undefined) return known;
  const module = serviceModule(service);
  if (module === undefined || module.rules.length === 0) return GENERIC_RULES;
  const rules = [...OVERRIDING_RULES, ...module.rules, ...STATUS_RULES];
  rulesByService.set(service, rules);
  return rules;
}

function applies(rule: PolicyRule, evidence: Evidence): boolean {
  const { status } = evidence;
  const statusMatches = rule.statuses === '5xx' ? status >= 500 : rule.statuses.includes(status);
  return statusMatches && (rule.when === undefined || rule.when(evidence));
}
