/**
 * An untrusted error body → the error id, the reason and the body-level Retry-After (research/zscaler-api.md
 * §2.1, PY `zscaler/errors/zscaler_api_error.py`, `graphql_error.py`; field order of CONTRACT.md):
 * - error id: `code` → `id` → `errorCode` → `title` → `msgId` → OAuth `error` → GraphQL
 *   `errors[0].extensions.classification`;
 * - reason: `message` → `reason` → `errorDetails` → `errorMessage` → `detail` → OAuth `error_description` →
 *   GraphQL `errors[0].message`.
 * The first member that is a non-empty string (or a finite number: `"code": 123` → `123`) wins; `null`,
 * objects and arrays are skipped. Only own members are read (a `__proto__` or `constructor` key is just a key).
 *
 * Bounded and total: at most MAX_BODY_BYTES are decoded (invalid UTF-8 becomes U+FFFD), the id is cut to
 * MAX_ERROR_ID_LENGTH and the reason to MAX_REASON_LENGTH characters, and nothing throws. An empty body, an
 * HTML page or plain text yields nothing. A JSON object cut short (at the capture bound) still yields the members
 * that arrived complete — usually `code` or `id`, which come first — but never a GraphQL error (nested).
 *
 * Remembered: a service under pressure answers the same small body again and again (every 429 of a ZPA storm is
 * byte for byte the same), so what a body yields is kept by its text, for up to MEMO_ENTRIES bodies of at most
 * MEMO_BODY_BYTES bytes. A repeat costs a decode and a map lookup instead of a parse, and its id and reason
 * are the same strings as before, not new copies held by every span waiting to be exported. The body read last
 * is also kept as bytes: the same body again costs one comparison of bytes (a quarter of the decode, trim and
 * lookup).
 */
import { completeTopLevelMembers } from './json-prefix.js';
import { boundedText } from './text.js';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_ERROR_ID_LENGTH = 128;
export const MAX_REASON_LENGTH = 512;

const ID_MEMBERS = ['code', 'id', 'errorCode', 'title', 'msgId', 'error'] as const;
const REASON_MEMBERS = [
  'message',
  'reason',
  'errorDetails',
  'errorMessage',
  'detail',
  'error_description',
] as const;
/** ZIA and ZTW put the wait in the body of a 429: `"Retry-After": "1 seconds"` (research §3.2). */
const RETRY_AFTER_MEMBER = 'Retry-After';

export interface ErrorBody {
  readonly errorId?: string;
  readonly reason?: string;
  /** The body is a JSON object with a non-empty `code` member (a coded 5xx is permanent: policy.ts). */
  readonly hasCode: boolean;
  /** The raw `"Retry-After"` member (string or number), for parseRetryAfter. */
  readonly bodyRetryAfter?: string | number;
}

const NOTHING: ErrorBody = { hasCode: false };
const decoder = new TextDecoder('utf-8', { fatal: false });

const MEMO_ENTRIES = 128;
const MEMO_BODY_BYTES = 1024;
/** Text → what it yields; insertion order is age, the oldest goes first. */
const memo = new Map<string, ErrorBody>();
/** The last remembered body, as bytes (a copy), and what it yields. */
let lastBytes: Buffer | undefined;
let lastRead: ErrorBody = NOTHING;

/** Reads a member of the body's top-level object. */
type Member = (name: string) => unknown;

export function readErrorBody(body: Uint8Array | undefined): ErrorBody {
  if (!(body instanceof Uint8Array) || body.byteLength === 0) return NOTHING;
  if (body.byteLength === lastBytes?.byteLength && lastBytes.equals(body)) return lastRead;
  const text = decoder.decode(body.subarray(0, MAX_BODY_BYTES)).trim();
  if (!text.startsWith('{')) return NOTHING;
  if (body.byteLength > MEMO_BODY_BYTES) return parseErrorBody(text);
  let read = memo.get(text);
  if (read === undefined) {
    read = Object.freeze(parseErrorBody(text));
    if (memo.size >= MEMO_ENTRIES) memo.delete(memo.keys().next().value as string);
    memo.set(text, read);
  }
  lastBytes = Buffer.from(body);
  lastRead = read;
  return read;
}

function parseErrorBody(text: string): ErrorBody {
  const member = topLevelMembers(text);
  const graphqlError = firstGraphqlError(member);
  const code = scalarText(member('code'), MAX_ERROR_ID_LENGTH);
  const retryAfter = member(RETRY_AFTER_MEMBER);
  return {
    errorId:
      firstText(member, ID_MEMBERS, MAX_ERROR_ID_LENGTH) ??
      scalarText(ownMember(ownMember(graphqlError, 'extensions'), 'classification'), MAX_ERROR_ID_LENGTH),
    reason:
      firstText(member, REASON_MEMBERS, MAX_REASON_LENGTH) ??
      scalarText(ownMember(graphqlError, 'message'), MAX_REASON_LENGTH),
    hasCode: code !== undefined,
    bodyRetryAfter: typeof retryAfter === 'string' || typeof retryAfter === 'number' ? retryAfter : undefined,
  };
}

function topLevelMembers(text: string): Member {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const members = completeTopLevelMembers(text);
    return (name) => members.get(name);
  }
  return (name) => ownMember(parsed, name);
}

function ownMember(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function firstGraphqlError(member: Member): unknown {
  const errors = member('errors');
  return Array.isArray(errors) ? errors[0] : undefined;
}

function firstText(member: Member, names: readonly string[], maxLength: number): string | undefined {
  for (const name of names) {
    const text = scalarText(member(name), maxLength);
    if (text !== undefined) return text;
  }
  return undefined;
}

function scalarText(value: unknown, maxLength: number): string | undefined {
  if (typeof value === 'string') return boundedText(value, maxLength);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
