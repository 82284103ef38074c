/**
 * A finished response → what the catalogue makes of it (CONTRACT.md "Span attributes"): request id, rate-limit
 * signals and, for an error status (>= 400), the error id and reason from the body, category, retryable and the
 * span status description. Total: bad input (odd statuses, throwing header accessors, hostile bodies) gives a
 * smaller answer, never an exception.
 */
import { readErrorBody } from './error-body.js';
import { judge } from './policy.js';
import { parseRateLimitRemaining, parseRateLimitReset } from './rate-limit.js';
import { reasonPhrase } from './reason-phrases.js';
import { parseRetryAfter } from './retry-after.js';
import { KNOWN_ERROR_IDS, oneapi, serviceModule } from './services/index.js';
import type { StatusTable } from './services/service.js';
import { boundedText } from './text.js';
import type { Interpretation, ResponseFacts, ZscalerTarget } from './types.js';

/** Every response header interpretResponse reads (lower case): what the telemetry layer needs to keep. */
export const RESPONSE_HEADERS = {
  requestId: 'x-oneapi-request-id',
  retryAfter: 'retry-after',
  /** Client Connector 429 (research §3.1). */
  retryAfterSeconds: 'x-rate-limit-retry-after-seconds',
  rateLimitRemaining: 'x-ratelimit-remaining',
  /** Client Connector's own, passed through the gateway. */
  rateLimitRemainingZcc: 'x-rate-limit-remaining',
  rateLimitReset: 'x-ratelimit-reset',
  /** `read-only` during maintenance (research §1.4). */
  mode: 'x-zscaler-mode',
} as const;

const MAX_REQUEST_ID_LENGTH = 128;
const MAX_HEADER_LENGTH = 1024;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export function interpretResponse(facts: ResponseFacts): Interpretation {
  const header = safeHeader(facts.header);
  const now = typeof facts.now === 'number' && Number.isFinite(facts.now) ? facts.now : Date.now();
  const target = facts.target;
  const status = facts.status;
  const isError = Number.isInteger(status) && status >= 400;
  // CONTRACT.md "Never read a success body".
  const body = isError ? readErrorBody(facts.body) : undefined;
  const module = serviceModule(target?.service);

  const result: Writable<Interpretation> = { errorIdKnown: false };
  const requestId = boundedText(header(RESPONSE_HEADERS.requestId) ?? '', MAX_REQUEST_ID_LENGTH);
  if (requestId !== undefined) result.requestId = requestId;
  const retryAfter =
    parseRetryAfter(header(RESPONSE_HEADERS.retryAfter), now) ??
    parseRetryAfter(header(RESPONSE_HEADERS.retryAfterSeconds), now) ??
    (module?.bodyRetryAfter === true ? parseRetryAfter(body?.bodyRetryAfter, now) : undefined);
  if (retryAfter !== undefined) result.retryAfter = retryAfter;
  const remaining = parseRateLimitRemaining(
    header(RESPONSE_HEADERS.rateLimitRemaining) ?? header(RESPONSE_HEADERS.rateLimitRemainingZcc),
  );
  if (remaining !== undefined) result.rateLimitRemaining = remaining;
  const reset = parseRateLimitReset(header(RESPONSE_HEADERS.rateLimitReset));
  if (reset !== undefined) result.rateLimitReset = reset;
  if (body === undefined) return result;

  if (body.errorId !== undefined) {
    result.errorId = body.errorId;
    result.errorIdKnown = KNOWN_ERROR_IDS.has(body.errorId);
  }
  if (body.reason !== undefined) result.reason = body.reason;
  const verdict = judge(target?.service, {
    status,
    errorId: body.errorId,
    reason: body.reason,
    hasCode: body.hasCode,
    readOnlyMode: header(RESPONSE_HEADERS.mode)?.trim().toLowerCase() === 'read-only',
  });
  result.category = verdict.category;
  result.retryable = verdict.retryable;
  result.description = describe(target, status, module?.statusTable);
  return result;
}

/**
 * CONTRACT.md: the seed's description of the status for the service; where that service's table has no row,
 * the OneAPI table's row for requests through the gateway (and for services that have no table); else the
 * standard reason phrase.
 */
function describe(target: ZscalerTarget, status: number, table: StatusTable | undefined): string {
  const own = table?.rows.find((row) => row.status === status);
  if (own !== undefined) return own.description;
  if (table === undefined || target?.api === 'oneapi') {
    const gateway = oneapi.statusTable?.rows.find((row) => row.status === status);
    if (gateway !== undefined) return gateway.description;
  }
  return reasonPhrase(status);
}

/** A header accessor that never throws and only answers bounded strings. */
function safeHeader(header: ResponseFacts['header']): (name: string) => string | undefined {
  return (name) => {
    try {
      const value: unknown = header(name);
      return typeof value === 'string' && value.length <= MAX_HEADER_LENGTH ? value : undefined;
    } catch {
      return undefined;
    }
  };
}
