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

export function interpretResponse(facts: ResponseFacts): Interpretation {
  const header = facts.header;
  const now = typeof facts.now === 'number' && Number.isFinite(facts.now) ? facts.now : Date.now();
  const target = facts.target;
  const status = facts.status;
  const isError = Number.isInteger(status) && status >= 400;
  // CONTRACT.md "Never read a success body".
  const body = isError ? readErrorBody(facts.body) : undefined;
  const module = serviceModule(target?.service);

  const requestId = boundedText(readHeader(header, RESPONSE_HEADERS.requestId) ?? '', MAX_REQUEST_ID_LENGTH);
  const retryAfter =
    parseRetryAfter(readHeader(header, RESPONSE_HEADERS.retryAfter), now) ??
    parseRetryAfter(readHeader(header, RESPONSE_HEADERS.retryAfterSeconds), now) ??
    (module?.bodyRetryAfter === true ? parseRetryAfter(body?.bodyRetryAfter, now) : undefined);
  const rateLimitRemaining = parseRateLimitRemaining(
    readHeader(header, RESPONSE_HEADERS.rateLimitRemaining) ??
      readHeader(header, RESPONSE_HEADERS.rateLimitRemainingZcc),
  );
  const rateLimitReset = parseRateLimitReset(readHeader(header, RESPONSE_HEADERS.rateLimitReset));
  if (body === undefined) {
    return { requestId, errorIdKnown: false, retryAfter, rateLimitRemaining, rateLimitReset };
  }
  const { errorId, reason } = body;
  const verdict = judge(target?.service, {
    status,
    errorId,
    reason,
    hasCode: body.hasCode,
    readOnlyMode: readHeader(header, RESPONSE_HEADERS.mode)?.trim().toLowerCase() === 'read-only',
  });
  return {
    requestId,
    errorId,
    errorIdKnown: errorId !== undefined && KNOWN_ERROR_IDS.has(errorId),
    reason,
    category: verdict.category,
    retryable: verdict.retryable,
    retryAfter,
    rateLimitRemaining,
    rateLimitReset,
    description: describe(target, status, module?.statusTable),
  };
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

/** A header's value, read so that it never throws and only answers bounded strings. */
function readHeader(header: ResponseFacts['header'], name: string): string | undefined {
  try {
    const value: unknown = header(name);
    return typeof value === 'string' && value.length <= MAX_HEADER_LENGTH ? value : undefined;
  } catch {
    return undefined;
  }
}
