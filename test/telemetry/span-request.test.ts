import { describe, expect, test } from 'vitest';
import { hostOf, hostOfUrl, methodOf, pathOf, statusOf } from '../../src/telemetry/span-request.js';

describe('what a client span says about its request', () => {
  test('stable conventions first', () => {
    const attributes = {
      'server.address': 'api.zsapi.net',
      'url.full': 'https://other.example/x',
      'url.path': '/zia/api/v1/users',
      'http.request.method': 'GET',
      'http.response.status_code': 429,
    };
    expect([hostOf(attributes), pathOf(attributes), methodOf(attributes), statusOf(attributes)]).toEqual([
      'api.zsapi.net',
      '/zia/api/v1/users',
      'GET',
      429,
    ]);
  });

  test('old conventions and URLs only', () => {
    const attributes = {
      'http.url': 'https://user:secret@config.zpabeta.net:8443/mgmtconfig/v1/admin?x=1',
      'http.method': 'patch',
      'http.status_code': 409,
    };
    expect([hostOf(attributes), pathOf(attributes), methodOf(attributes), statusOf(attributes)]).toEqual([
      'config.zpabeta.net',
      '/mgmtconfig/v1/admin?x=1',
      'PATCH',
      409,
    ]);
    expect(hostOf({ 'net.peer.name': 'zsapi.zscloud.net' })).toBe('zsapi.zscloud.net');
  });

  test('bounded and total', () => {
    expect(methodOf({ 'http.request.method': 'PURGE' })).toBe('_OTHER');
    expect(methodOf({})).toBe('_OTHER');
    expect(statusOf({ 'http.response.status_code': '429' })).toBeUndefined();
    expect(hostOf({})).toBeUndefined();
    expect(pathOf({})).toBe('');
    expect(pathOf({ 'url.full': 'https://api.zsapi.net' })).toBe('/');
  });

  test.each([
    ['https://api.zsapi.net', 'api.zsapi.net'],
    ['http://api.zsapi.net:8080', 'api.zsapi.net'],
    ['http://[::1]:8080/x', '::1'],
    ['https://a@b@api.zsapi.net/p@q', 'api.zsapi.net'],
    ['https://api.zsapi.net?x=@evil', 'api.zsapi.net'],
    ['not a url', undefined],
  ])('hostOfUrl(%s)', (url, host) => {
    expect(hostOfUrl(url)).toBe(host);
  });
});
