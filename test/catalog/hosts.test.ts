/** Which requests are Zscaler requests: every host family and cloud of research §1, look-alikes, extra hosts. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SERVICE_BY_PREFIX } from '../../src/catalog/gateway-paths.js';
import { ZIA_CLOUDS } from '../../src/catalog/hosts.js';
import { createHostClassifier } from '../../src/catalog/index.js';
import type { ZscalerTarget } from '../../src/catalog/types.js';

const classifier = createHostClassifier();
const classify = (host: string, path = '/') => classifier.classify(host, path);

describe('OneAPI gateway', () => {
  it.each([
    ['api.zsapi.net', 'production'],
    ['api.beta.zsapi.net', 'beta'],
    ['api.alpha.zsapi.net', 'alpha'],
    ['api.zscalergov.net', 'gov'],
    ['api.zscalergov.us', 'govus'],
  ])('%s is the gateway of cloud %s, service from the path', (host, cloud) => {
    expect(classify(host, '/zia/api/v1/users')).toEqual({ service: 'zia', api: 'oneapi', cloud });
    expect(classify(host, '/zpa/mgmtconfig/v1/admin/customers/1/application')).toEqual({
      service: 'zpa',
      api: 'oneapi',
      cloud,
    });
  });

  it.each([...SERVICE_BY_PREFIX])('path /%s/… → service %s', (prefix, service) => {
    expect(classify('api.zsapi.net', `/${prefix}/v1/x`)).toEqual({
      service,
      api: 'oneapi',
      cloud: 'production',
    });
  });

  it.each([
    ['/zcc/papi/public/v1/getDevices', 'zcc'],
    ['/ztw/api/v1/ecAdminActivateStatus/activate', 'ztw'],
    ['/zdx/v1/devices', 'zdx'],
    ['/ziam/admin/api/v1/users', 'zidentity'],
    ['/zwa/dlp/v1/incidents', 'zwa'],
    ['/zins/graphql', 'zins'],
    ['/zia', 'zia'],
    ['zia/api', 'zia'],
    ['//zia/api', 'zia'],
    ['/ZIA/api/v1', 'zia'],
    ['/zia?x=1', 'zia'],
    ['/zpa#f', 'zpa'],
    ['/zpa;v=1/x', 'zpa'],
  ])('path %s → %s', (path, service) => {
    expect(classify('api.zsapi.net', path)?.service).toBe(service);
  });

  it.each([
    '/',
    '',
    '/oauth2/v1/token',
    '/ziaa/api',
    '/z',
    '/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x',
    '/%7Azia',
  ])('a path naming no service (%s) → oneapi', (path) => {
    expect(classify('api.zsapi.net', path)).toEqual({
      service: 'oneapi',
      api: 'oneapi',
      cloud: 'production',
    });
  });

  it('answers the same target object for the same host and service', () => {
    expect(classify('api.zsapi.net', '/zia/a')).toBe(classify('api.zsapi.net', '/zia/b'));
  });
});

describe('ZIdentity', () => {
  it.each([
    ['acme.zslogin.net', 'production'],
    ['acme-admin.zslogin.net', 'production'],
    ['acme.zsloginbeta.net', 'beta'],
    ['acme-admin.zsloginbeta.net', 'beta'],
    ['acme.zidentitygov.net', 'gov'],
    ['acme.zidentitygov.us', 'govus'],
    ['acme.zidentitygovus.net', 'govus'],
  ])('%s → zidentity, cloud %s, api oneapi', (host, cloud) => {
    expect(classify(host, '/oauth2/v1/token')).toEqual({ service: 'zidentity', api: 'oneapi', cloud });
  });
});

describe('legacy per-product hosts', () => {
  it.each([...ZIA_CLOUDS])('ZIA cloud %s: zsapi, admin, api-mobile, mobile*, connector', (cloud) => {
    expect(classify(`zsapi.${cloud}.net`)).toEqual({ service: 'zia', api: 'legacy', cloud });
    expect(classify(`admin.${cloud}.net`)).toEqual({ service: 'zia', api: 'legacy', cloud });
    expect(classify(`csbapi.${cloud}.net`)).toEqual({ service: 'zia', api: 'legacy', cloud });
    expect(classify(`api-mobile.${cloud}.net`)).toEqual({ service: 'zcc', api: 'legacy', cloud });
    expect(classify(`mobile.${cloud}.net`)).toEqual({ service: 'zcc', api: 'legacy', cloud });
    expect(classify(`mobile6.${cloud}.net`)).toEqual({ service: 'zcc', api: 'legacy', cloud });
    expect(classify(`connector.${cloud}.net`)).toEqual({ service: 'ztw', api: 'legacy', cloud });
  });

  it.each([
    ['admin.zspreview.net', { service: 'zia', api: 'legacy', cloud: 'zspreview' }],
    ['config.private.zscaler.com', { service: 'zpa', api: 'legacy', cloud: 'production' }],
    ['scim1.private.zscaler.com', { service: 'zpa', api: 'legacy', cloud: 'production' }],
    ['config.zpatwo.net', { service: 'zpa', api: 'legacy', cloud: 'zpatwo' }],
    ['config.zpabeta.net', { service: 'zpa', api: 'legacy', cloud: 'beta' }],
    ['config.zpagov.net', { service: 'zpa', api: 'legacy', cloud: 'gov' }],
    ['config.zpagov.us', { service: 'zpa', api: 'legacy', cloud: 'govus' }],
    ['config.zpapreview.net', { service: 'zpa', api: 'legacy', cloud: 'preview' }],
    ['config.zpafour.net', { service: 'zpa', api: 'legacy', cloud: 'zpafour' }],
    ['api.zdxcloud.net', { service: 'zdx', api: 'legacy', cloud: 'zdxcloud' }],
    ['api.zdxbeta.net', { service: 'zdx', api: 'legacy', cloud: 'zdxbeta' }],
    ['api.us1.zsworkflow.net', { service: 'zwa', api: 'legacy', cloud: 'us1' }],
    ['eu.zsworkflow.net', { service: 'zwa', api: 'legacy' }],
    ['api.us1.zseclipse.net', { service: 'aiguard', api: 'legacy', cloud: 'us1' }],
    ['acme.goairgap.com', { service: 'ztb', api: 'legacy' }],
  ] satisfies [string, ZscalerTarget][])('%s', (host, target) => {
    expect(classify(host)).toEqual(target);
  });
});

describe('look-alikes and odd input', () => {
  it.each([
    'zsapi.net',
    'zsapi.net.evil.test',
    'api.zsapi.net.evil.test',
    'evil-zsapi.net',
    'api.evil-zsapi.net',
    'apizsapi.net',
    'www.zsapi.net',
    'apiusw2.zsapi.net',
    'api.a.b.zsapi.net',
    'api.zscalergov.com',
    'zslogin.net',
    'acme.zslogin.net.evil.test',
    'acme.zslogin.com',
    'acme.notzslogin.net',
    'zsapi.evil.net',
    'zsapi.zscalertwo.com',
    'zsapi.zscalertwo.net.evil.test',
    'zsapi.sub.zscalertwo.net',
    'zsapi.zscalerfour.net',
    'connector.evil.net',
    'connector.example.net',
    'mobile.evil.net',
    'mobilex.zscaler.net',
    'api-mobile.net',
    'www.zscaler.net',
    'config.zscaler.com',
    'config.private.zscaler.com.evil.test',
    'config.zpa.evil.net',
    'config.evilzpa.net',
    'admin.zspreview.net.evil.test',
    'api.zdxcloud.net.evil.test',
    'www.zdxcloud.net',
    'zsworkflow.net',
    'zsworkflow.net.evil.test',
    'goairgap.com',
    'example.com',
    'localhost',
    '127.0.0.1',
    '[::1]',
    '',
    '.',
    '..',
    'api..zsapi.net',
    'api zsapi.net',
    'api.zsapi.net/x',
    'api.zsapi.net..',
  ])('%j is not Zscaler', (host) => {
    expect(classify(host)).toBeUndefined();
  });

  it.each([
    'API.ZSAPI.NET',
    'Api.ZsApi.Net',
    'api.zsapi.net.',
    'API.ZSAPI.NET.',
    'api.zsapi.net:443',
  ])('%s is the gateway (case, trailing dot, port)', (host) => {
    expect(classify(host, '/zia/x')).toEqual({ service: 'zia', api: 'oneapi', cloud: 'production' });
  });

  it('tolerates non-string input', () => {
    expect(classifier.classify(undefined as unknown as string, '/')).toBeUndefined();
    expect(classifier.classify('api.zsapi.net', undefined as unknown as string)?.service).toBe('oneapi');
  });
});

describe('ZSCALER_OTEL_EXTRA_HOSTS', () => {
  const errors: string[] = [];
  const extra = (spec: string) => {
    errors.length = 0;
    return createHostClassifier({ extraHosts: spec, onConfigError: (message) => errors.push(message) });
  };

  it('adds exact hosts and *. suffixes, with or without a service', () => {
    const c = extra(
      ' zscaler-proxy.corp.example=zia , *.zpa.internal=ZPA,127.0.0.1,[::1]=zcc,gw.example=oneapi,',
    );
    expect(errors).toEqual([]);
    expect(c.classify('zscaler-proxy.corp.example', '/api/v1')).toEqual({ service: 'zia', api: 'legacy' });
    expect(c.classify('ZSCALER-PROXY.corp.example.', '/')).toEqual({ service: 'zia', api: 'legacy' });
    expect(c.classify('a.zpa.internal', '/')).toEqual({ service: 'zpa', api: 'legacy' });
    expect(c.classify('a.b.zpa.internal', '/')).toEqual({ service: 'zpa', api: 'legacy' });
    expect(c.classify('zpa.internal', '/')).toBeUndefined();
    expect(c.classify('evilzpa.internal', '/')).toBeUndefined();
    expect(c.classify('127.0.0.1', '/zia/api/v1/users')).toEqual({ service: 'zia', api: 'oneapi' });
    expect(c.classify('127.0.0.1', '/healthz')).toEqual({ service: 'oneapi', api: 'oneapi' });
    expect(c.classify('127.0.0.1:8080', '/zpa/x')).toEqual({ service: 'zpa', api: 'oneapi' });
    expect(c.classify('[::1]', '/')).toEqual({ service: 'zcc', api: 'legacy' });
    expect(c.classify('[::1]:9000', '/')).toEqual({ service: 'zcc', api: 'legacy' });
    expect(c.classify('gw.example', '/ztw/api/v1')).toEqual({ service: 'ztw', api: 'oneapi' });
    // The built-in families still apply.
    expect(c.classify('api.zsapi.net', '/zia')?.service).toBe('zia');
  });

  it('lets an exact host win over a suffix, a longer suffix over a shorter, an extra host over a built-in', () => {
    const c = extra('*.example=zia,*.b.example=zpa,a.b.example=zcc,api.zsapi.net=zdx');
    expect(c.classify('x.example', '/')?.service).toBe('zia');
    expect(c.classify('x.b.example', '/')?.service).toBe('zpa');
    expect(c.classify('a.b.example', '/')?.service).toBe('zcc');
    expect(c.classify('api.zsapi.net', '/zia')).toEqual({ service: 'zdx', api: 'legacy' });
  });

  it.each([
    ['=zia', 'the host is empty'],
    ['a=b=c', "more than one '='"],
    ['https://proxy.example=zia', 'not a URL'],
    ['proxy.example/zia=zia', 'not a URL'],
    ['a.*.example=zia', "'*' is only allowed as a leading"],
    ['*=zia', "'*' is only allowed as a leading"],
    ['*.=zia', 'is not a host name'],
    ['proxy.example:8443=zia', 'a port is not part of a host'],
    ['bad host=zia', 'is not a host name'],
    ['proxy..example', 'is not a host name'],
    ['proxy.example=', 'is not a service name'],
    ['proxy.example=9zia', 'is not a service name'],
    ['proxy.example=zia api', 'is not a service name'],
    [`proxy.example=${'s'.repeat(33)}`, 'is not a service name'],
    [`${'a'.repeat(64)}.example`, 'is not a host name'],
  ])('reports %j: %s', (spec, reason) => {
    const c = extra(`${spec},good.example=zia`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('ZSCALER_OTEL_EXTRA_HOSTS');
    expect(errors[0]).toContain(reason);
    expect(c.classify('good.example', '/')?.service).toBe('zia');
  });

  it('reports each bad entry once, and a host given two services', () => {
    extra('bad host,bad host,x.example=zia,x.example=zpa,x.example=zia');
    expect(errors).toEqual([
      "ZSCALER_OTEL_EXTRA_HOSTS: entry \"bad host\" ignored: \"bad host\" is not a host name (letters, digits, '-', '_' and '.')",
      'ZSCALER_OTEL_EXTRA_HOSTS: entry "x.example=zpa" ignored: "x.example" was already given a service',
    ]);
  });

  it('bounds the number of entries and the quoted input', () => {
    extra(Array.from({ length: 300 }, (_, i) => `h${i}.example`).join(','));
    expect(errors).toEqual(['ZSCALER_OTEL_EXTRA_HOSTS: 300 entries, only the first 256 are used']);
    extra(`${'x'.repeat(10_000)} y`);
    expect(errors[0]?.length).toBeLessThan(400);
  });

  it('never throws, even when the error callback does', () => {
    expect(() =>
      createHostClassifier({
        extraHosts: 'bad host',
        onConfigError: () => {
          throw new Error('boom');
        },
      }),
    ).not.toThrow();
    expect(() => createHostClassifier({ extraHosts: 'bad host' })).not.toThrow();
  });
});

describe('the host cache', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers a cached host with one Map lookup: no normalisation, no matching, no insertion', () => {
    const c = createHostClassifier();
    const first = c.classify('zsapi.zscalertwo.net', '/api/v1/users');
    const get = vi.spyOn(Map.prototype, 'get');
    const set = vi.spyOn(Map.prototype, 'set');
    const lowerCase = vi.spyOn(String.prototype, 'toLowerCase');
    const split = vi.spyOn(String.prototype, 'split');
    const second = c.classify('zsapi.zscalertwo.net', '/api/v1/groups');
    expect(get).toHaveBeenCalledTimes(1);
    expect(set).not.toHaveBeenCalled();
    expect(lowerCase).not.toHaveBeenCalled();
    expect(split).not.toHaveBeenCalled();
    expect(second).toBe(first);
  });

  it('caches misses too, and stays within its bound', () => {
    const c = createHostClassifier({ cacheSize: 3 });
    for (let i = 0; i < 100; i++) expect(c.classify(`h${i}.example`, '/')).toBeUndefined();
    expect(c.classify('api.zsapi.net', '/zia')?.service).toBe('zia');
    const set = vi.spyOn(Map.prototype, 'set');
    expect(c.classify('h99.example', '/')).toBeUndefined();
    expect(set).not.toHaveBeenCalled();
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2.5])('accepts cacheSize %s', (cacheSize) => {
    const c = createHostClassifier({ cacheSize });
    expect(c.classify('api.zsapi.net', '/zpa')?.service).toBe('zpa');
    expect(c.classify('api.zsapi.net', '/zpa')?.service).toBe('zpa');
  });
});
