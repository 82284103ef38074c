/**
 * Property-based: the body parser, the Retry-After and rate-limit parsers, the host classifier and
 * interpretResponse never throw and stay within their bounds, whatever the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readErrorBody } from '../../src/catalog/error-body.js';
import {
  createHostClassifier,
  interpretResponse,
  MAX_DELAY_SECONDS,
  MAX_ERROR_ID_LENGTH,
  MAX_REASON_LENGTH,
  parseRateLimitLimit,
  parseRateLimitRemaining,
  parseRateLimitReset,
  parseRetryAfter,
  shouldCaptureBody,
} from '../../src/catalog/index.js';
import { completeTopLevelMembers } from '../../src/catalog/json-prefix.js';

const encode = (text: string) => new TextEncoder().encode(text);
const ERROR_MEMBERS = ['code', 'id', 'errorCode', 'title', 'msgId', 'error', 'message', 'reason', 'detail'];

/** JSON objects shaped like error bodies, with hostile keys and values of every JSON type. */
const errorLikeObject = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...ERROR_MEMBERS, '__proto__', 'constructor', 'Retry-After', 'errors'),
    fc.string(),
  ),
  fc.jsonValue(),
  { maxKeys: 12 },
);

const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }),
  fc.string({ unit: 'binary', maxLength: 2048 }).map(encode),
  fc.jsonValue().map((value) => encode(JSON.stringify(value))),
  errorLikeObject.map((value) => encode(JSON.stringify(value))),
  // Cut anywhere, like a body at the capture bound.
  fc
    .tuple(errorLikeObject, fc.nat())
    .map(([value, cut]) => {
      const text = JSON.stringify(value);
      return encode(text.slice(0, cut % (text.length + 1)));
    }),
);

function isWellFormed(text: string): boolean {
  return !/[\ud800-\udfff]/u.test(text);
}

describe('error bodies', () => {
  it('never throws; id and reason are bounded, printable and well-formed', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const result = readErrorBody(body);
        if (result.errorId !== undefined) {
          expect(result.errorId.length).toBeGreaterThan(0);
          expect(result.errorId.length).toBeLessThanOrEqual(MAX_ERROR_ID_LENGTH);
          expect(isWellFormed(result.errorId)).toBe(true);
          expect(result.errorId).not.toMatch(/\p{Cc}/u);
        }
        if (result.reason !== undefined) {
          expect(result.reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
          expect(isWellFormed(result.reason)).toBe(true);
          expect(result.reason).not.toMatch(/\p{Cc}/u);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the same members from a whole body as JSON.parse would', () => {
    fc.assert(
      fc.property(errorLikeObject, (value) => {
        const text = JSON.stringify(value);
        const members = completeTopLevelMembers(text);
        for (const [key, member] of members) {
          expect(member).toEqual((JSON.parse(text) as Record<string, unknown>)[key]);
        }
      }),
    );
  });

  it('survives deep nesting and huge bodies', () => {
    const deep = encode(`{"errors":${'['.repeat(30_000)}${']'.repeat(30_000)},"code":"X"}`);
    expect(readErrorBody(deep).errorId).toBe('X');
    const deepCut = encode(`{"code":"X","a":${'{"a":'.repeat(100_000)}`);
    expect(readErrorBody(deepCut).errorId).toBe('X');
    const deepArrays = encode(`{"a":${'['.repeat(200_000)}`);
    expect(readErrorBody(deepArrays)).toEqual({ hasCode: false });
    const huge = encode(`{"message":"${'x'.repeat(5_000_000)}"}`);
    const started = performance.now();
    expect(readErrorBody(huge)).toEqual({ hasCode: false });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('never pollutes prototypes', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        readErrorBody(body);
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('code');
        expect(({} as Record<string, unknown>).code).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('Retry-After and rate-limit parsers', () => {
  const headerValues = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.double().map(String),
    fc.integer().map((n) => `${n}s`),
    fc.integer().map((n) => `${n} seconds`),
    fc
      .date({ noInvalidDate: false })
      .map((date) => (Number.isNaN(date.getTime()) ? 'Invalid' : date.toUTCString())),
    fc.string({ maxLength: 5000 }),
  );

  it('never throw and give seconds in [0, a day] or nothing', () => {
    fc.assert(
      fc.property(headerValues, fc.oneof(fc.double(), fc.integer()), (value, now) => {
        for (const seconds of [parseRetryAfter(value, now), parseRateLimitReset(value)]) {
          if (seconds !== undefined) {
            expect(Number.isFinite(seconds)).toBe(true);
            expect(seconds).toBeGreaterThanOrEqual(0);
            expect(seconds).toBeLessThanOrEqual(MAX_DELAY_SECONDS);
          }
        }
        const remaining = parseRateLimitRemaining(value);
        if (remaining !== undefined) expect(Number.isSafeInteger(remaining) && remaining >= 0).toBe(true);
        const limit = parseRateLimitLimit(value);
        if (limit !== undefined) {
          expect(Number.isSafeInteger(limit.limit)).toBe(true);
          expect(limit.policies.length).toBeLessThanOrEqual(16);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers: any non-negative amount up to a day round-trips, with or without a unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_DELAY_SECONDS }),
        fc.constantFrom('', 's', ' seconds'),
        (n, unit) => {
          expect(parseRetryAfter(`${n}${unit}`, 0)).toBe(n);
        },
      ),
    );
  });

  it('HTTP-dates: any date up to a day ahead gives its distance from now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DELAY_SECONDS }), (seconds) => {
        expect(parseRetryAfter(new Date(now + seconds * 1000).toUTCString(), now)).toBe(seconds);
      }),
    );
  });
});

describe('host classifier', () => {
  const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
  const hosts = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.domain(),
    fc.array(label, { minLength: 1, maxLength: 6 }).map((labels) => labels.join('.')),
    fc
      .tuple(
        fc.array(label, { maxLength: 3 }),
        fc.constantFrom('zsapi.net', 'zscalertwo.net', 'zslogin.net', 'zpatwo.net'),
      )
      .map(([labels, domain]) => [...labels, domain].join('.')),
    fc.string({ minLength: 300, maxLength: 5000 }),
  );

  it('never throws; a target always has a service, an api and a bounded cloud', () => {
    const classifier = createHostClassifier({ cacheSize: 64 });
    fc.assert(
      fc.property(hosts, fc.string(), (host, path) => {
        const target = classifier.classify(host, path);
        if (target !== undefined) {
          expect(target.service).toMatch(/^[a-z][a-z0-9_-]*$/);
          expect(['oneapi', 'legacy']).toContain(target.api);
          if (target.cloud !== undefined) expect(target.cloud).toMatch(/^[a-z0-9_-]{1,63}$/);
        }
        expect(classifier.classify(host, path)).toEqual(target);
      }),
      { numRuns: 3000 },
    );
  });

  it('never matches a host that merely ends with or contains a Zscaler name in one label', () => {
    fc.assert(
      fc.property(label, fc.constantFrom('zsapi.net', 'zscalertwo.net', 'zslogin.net'), (prefix, domain) => {
        const classifier = createHostClassifier();
        expect(classifier.classify(`${prefix}${domain.replace('.', '-')}`, '/')).toBeUndefined();
        expect(classifier.classify(`api.${domain}.${prefix}`, '/')).toBeUndefined();
      }),
    );
  });

  it('never throws on any extra-hosts value and reports only strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (spec) => {
        const messages: unknown[] = [];
        const classifier = createHostClassifier({ extraHosts: spec, onConfigError: (m) => messages.push(m) });
        classifier.classify('api.zsapi.net', '/zia');
        for (const message of messages) expect(typeof message).toBe('string');
        expect(new Set(messages).size).toBe(messages.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('interpretResponse and shouldCaptureBody', () => {
  it('never throw, whatever the status, headers and body', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('zia', 'zpa', 'zcc', 'ztw', 'zidentity', 'oneapi', 'zdx', 'custom'),
        fc.constantFrom('oneapi', 'legacy') as fc.Arbitrary<'oneapi' | 'legacy'>,
        fc.oneof(fc.integer({ min: 100, max: 599 }), fc.double(), fc.integer()),
        fc.dictionary(fc.string(), fc.string()),
        fc.option(bodies, { nil: undefined }),
        fc.option(fc.string(), { nil: undefined }),
        (service, api, status, headers, body, contentType) => {
          const target = { service, api };
          shouldCaptureBody(target, status, contentType);
          const result = interpretResponse({
            target,
            status,
            header: (name) => (Object.hasOwn(headers, name) ? headers[name] : undefined),
            ...(body === undefined ? {} : { body }),
          });
          if (Number.isInteger(status) && status >= 400) {
            expect(typeof result.category).toBe('string');
            expect(typeof result.retryable).toBe('boolean');
            expect(result.description?.length).toBeGreaterThan(0);
          } else {
            expect(result.category).toBeUndefined();
          }
          expect(result.errorIdKnown).toBe(typeof result.errorId === 'string' && result.errorIdKnown);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
