/** Untrusted error bodies → error id, reason, body Retry-After (research §2; CONTRACT.md field order). */
import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_BYTES,
  MAX_ERROR_ID_LENGTH,
  MAX_REASON_LENGTH,
  readErrorBody,
} from '../../src/catalog/error-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string) => readErrorBody(bytes(text));

describe('field order', () => {
  it.each([
    ['{"code":"C","id":"I","errorCode":"E","title":"T","msgId":"M","error":"O"}', 'C'],
    ['{"id":"I","errorCode":"E","title":"T","msgId":"M","error":"O"}', 'I'],
    ['{"errorCode":"E","title":"T","msgId":"M","error":"O"}', 'E'],
    ['{"title":"T","msgId":"M","error":"O"}', 'T'],
    ['{"msgId":"M","error":"O"}', 'M'],
    ['{"error":"O","errors":[{"extensions":{"classification":"G"}}]}', 'O'],
    ['{"errors":[{"extensions":{"classification":"G"}}]}', 'G'],
    ['{"msgId":"M","code":"C"}', 'C'],
  ])('error id of %s is %s', (body, errorId) => {
    expect(read(body).errorId).toBe(errorId);
  });

  it.each([
    [
      '{"message":"1","reason":"2","errorDetails":"3","errorMessage":"4","detail":"5","error_description":"6"}',
      '1',
    ],
    ['{"reason":"2","errorDetails":"3","errorMessage":"4","detail":"5","error_description":"6"}', '2'],
    ['{"errorDetails":"3","errorMessage":"4","detail":"5","error_description":"6"}', '3'],
    ['{"errorMessage":"4","detail":"5","error_description":"6"}', '4'],
    ['{"detail":"5","error_description":"6","errors":[{"message":"7"}]}', '5'],
    ['{"error_description":"6","errors":[{"message":"7"}]}', '6'],
    ['{"errors":[{"message":"7"},{"message":"8"}]}', '7'],
  ])('reason of %s is %s', (body, reason) => {
    expect(read(body).reason).toBe(reason);
  });

  it('skips empty, blank, null, object, array and boolean members', () => {
    expect(read('{"code":"","id":"  ","errorCode":null,"title":{"a":1},"msgId":["x"],"error":true}')).toEqual(
      {
        hasCode: false,
      },
    );
    expect(read('{"code":null,"id":"zpa.id"}')).toEqual({ errorId: 'zpa.id', hasCode: false });
  });

  it('takes numbers as text', () => {
    expect(read('{"code":123,"message":404}')).toEqual({ errorId: '123', reason: '404', hasCode: true });
    expect(read('{"code":1e400}')).toEqual({ hasCode: false });
  });
});

describe('untrusted input', () => {
  it.each([
    ['empty', ''],
    ['blank', ' \n\t '],
    ['HTML', '<!doctype html><html><head><title>HTTP Status 406 – Not Acceptable</title></head></html>'],
    ['plain text', '404 Not Found'],
    ['a JSON array', '[{"code":"X"}]'],
    ['a JSON string', '"code"'],
    ['null', 'null'],
    ['garbage', '{{{{'],
  ])('%s yields nothing', (_, body) => {
    expect(read(body)).toEqual({ hasCode: false });
  });

  it('yields nothing without a body', () => {
    expect(readErrorBody(undefined)).toEqual({ hasCode: false });
    expect(readErrorBody(new Uint8Array())).toEqual({ hasCode: false });
    expect(readErrorBody('{"code":"X"}' as unknown as Uint8Array)).toEqual({ hasCode: false });
  });

  it('reads only own members: __proto__ and constructor are plain keys', () => {
    const result = read('{"__proto__":{"code":"POLLUTED"},"constructor":{"prototype":{"code":"P"}}}');
    expect(result).toEqual({ hasCode: false });
    expect(({} as Record<string, unknown>).code).toBeUndefined();
    expect(read('{"__proto__":"x","code":"C"}').errorId).toBe('C');
    expect(read('{"toString":"x"}')).toEqual({ hasCode: false });
    expect(read('{"errors":[{"__proto__":{"message":"m"}}]}')).toEqual({ hasCode: false });
  });

  it('reads a body with a byte-order mark, invalid UTF-8 and control characters', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"code":"X"}')]);
    expect(readErrorBody(withBom).errorId).toBe('X');
    const invalid = new Uint8Array([
      ...bytes('{"code":"A'),
      0xff,
      0xfe,
      ...bytes('B","message":"m\\u0000\\n\\t x"}'),
    ]);
    expect(readErrorBody(invalid)).toEqual({ errorId: 'A\ufffd\ufffdB', reason: 'm x', hasCode: true });
    expect(read('{"message":"\\ud800 lone"}').reason).toBe('\ufffd lone');
  });

  it('bounds the error id and the reason, never splitting a surrogate pair', () => {
    const result = read(`{"code":"${'C'.repeat(1000)}","message":"${'m'.repeat(10_000)}"}`);
    expect(result.errorId).toHaveLength(MAX_ERROR_ID_LENGTH);
    expect(result.reason).toHaveLength(MAX_REASON_LENGTH);
    const emoji = read(`{"message":"${'a'.repeat(MAX_REASON_LENGTH - 1)}😀"}`).reason ?? '';
    expect(emoji).toBe('a'.repeat(MAX_REASON_LENGTH - 1));
  });

  it('decodes at most MAX_BODY_BYTES', () => {
    const big = bytes(`{"code":"X","message":"${'m'.repeat(MAX_BODY_BYTES)}"}`);
    // Cut by the bound, the body is truncated JSON: the complete members before the cut still count.
    expect(readErrorBody(big)).toEqual({ errorId: 'X', hasCode: true });
  });
});

describe('truncated JSON (cut at the capture bound)', () => {
  it.each([
    [
      '{"code":"EDIT_LOCK_NOT_AVAILABLE","message":"Very long',
      { errorId: 'EDIT_LOCK_NOT_AVAILABLE', hasCode: true },
    ],
    [
      '{\n  "id" : "api.concurrent.access.error",\n  "reason" : "Unable to modify',
      { errorId: 'api.concurrent.access.error', hasCode: false },
    ],
    [
      '{"params":["a",["b"]],"id":"x.y","reason":"r","params2":[1',
      { errorId: 'x.y', reason: 'r', hasCode: false },
    ],
    ['{"code":12', { hasCode: false }],
    ['{"code":12,', { errorId: '12', hasCode: true }],
    ['{"code":"X\\"Y","message":"m\\u00e9"', { errorId: 'X"Y', reason: 'mé', hasCode: true }],
    ['{"code":"X', { hasCode: false }],
    ['{"code"', { hasCode: false }],
    ['{"nested":{"code":"N"},"message":"m",', { reason: 'm', hasCode: false }],
    ['{"errors":[{"message":"m","extensions":{"classification":"BAD_REQUEST"}}],"data":', { hasCode: false }],
    ['{"code":"A" "message":"B"}', { errorId: 'A', hasCode: true }],
    ['{"code":"bad\u0001control","id":"I"', { hasCode: false }],
  ])('%j', (body, expected) => {
    expect(read(body)).toEqual(expected);
  });
});

describe('body Retry-After (ZIA, ZTW 429)', () => {
  it.each([
    ['{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"}', '1 seconds'],
    ['{"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"0 seconds"}', '0 seconds'],
    ['{"Retry-After":2}', 2],
    ['{"Retry-After":null}', undefined],
    ['{"Retry-After":{"s":1}}', undefined],
    ['{"retry-after":"1 seconds"}', undefined],
  ])('%s', (body, retryAfter) => {
    expect(read(body).bodyRetryAfter).toEqual(retryAfter);
  });
});

describe('remembered bodies', () => {
  const ZPA_429 =
    '{"exception":"invalid.toomanyrequests","id":"invalid.toomanyrequests","reason":"Exceeded the number of requests allowed."}';

  it('a repeated body yields the same answer, with the same strings', () => {
    const first = read(ZPA_429);
    const again = read(ZPA_429);
    expect(again).toEqual({
      errorId: 'invalid.toomanyrequests',
      reason: 'Exceeded the number of requests allowed.',
      hasCode: false,
      bodyRetryAfter: undefined,
    });
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
  });

  it('stays right once more bodies came than it keeps, and never answers for another body', () => {
    const first = read('{"code":"FIRST"}');
    for (let index = 0; index < 1000; index++) expect(read(`{"code":"C${index}"}`).errorId).toBe(`C${index}`);
    expect(read('{"code":"FIRST"}')).toEqual(first);
    expect(read('{"code":"FIRSTx"}').errorId).toBe('FIRSTx');
    expect(read(' {"code":"FIRST"} \n').errorId).toBe('FIRST');
  });

  it('the body read last, compared by its bytes, never answers for bytes that differ by one', () => {
    expect(read('{"code":"SAME"}').errorId).toBe('SAME');
    expect(read('{"code":"SAMF"}').errorId).toBe('SAMF');
    expect(read('{"code":"SAMF"}').errorId).toBe('SAMF');
    expect(read('{"code":"SAME"}').errorId).toBe('SAME');
    // The same array read again after its bytes changed: the bytes decide, not the array.
    const shared = bytes('{"code":"ONE"}');
    expect(readErrorBody(shared).errorId).toBe('ONE');
    shared.set(bytes('TWO'), 9);
    expect(readErrorBody(shared).errorId).toBe('TWO');
  });

  it('a body over the remembered size is read all the same', () => {
    const long = `{"code":"LONG","message":"${'m'.repeat(2000)}"}`;
    expect(read(long).errorId).toBe('LONG');
    expect(read(long).reason).toBe('m'.repeat(MAX_REASON_LENGTH));
  });
});
