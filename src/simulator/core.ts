import { setTimeout as delay } from 'node:timers/promises';
import { CredentialStore } from './credentials.js';
import {
  GATEWAY_TIMEOUT,
  gatewayHeaders,
  PAYLOAD_TOO_LARGE,
  ROUTE_NOT_FOUND,
  rateLimitHeaders,
  SERVICE_UNAVAILABLE,
  UNAUTHORIZED,
} from './gateway.js';
import { hostName, hostRole, type LegacyService } from './hosts.js';
import { TokenEndpoint } from './identity.js';
import { bearer, LegacySignIn } from './legacy.js';
import {
  DEFAULT_CLIENT_SECRET,
  DEFAULT_LIMITS,
  type SimulatorLimits,
  type SimulatorOptions,
} from './options.js';
import { createRandom, type RandomSource } from './random.js';
import { RateWindows, scaled, type WindowState } from './rate-windows.js';
import { empty, withHeaders } from './reply.js';
import { headerValue, parseTarget, type Target } from './request-target.js';
import { type Endpoint, isWrite, type RequestBody, type ServiceModel } from './service.js';
import { STATE_READONLY, UNSUPPORTED_MEDIA_TYPE } from './services/admin-portal.js';
import { zccModel } from './services/zcc.js';
import { zdxModel } from './services/zdx.js';
import { ziaModel } from './services/zia.js';
import { ziamModel } from './services/ziam.js';
import { zpaModel } from './services/zpa.js';
import { ztwModel } from './services/ztw.js';
import { Store } from './store.js';
import { SwitchBoard } from './switches.js';
import type { Clock, Reply, ServiceName, Surface } from './types.js';

/** One HTTP request as the server read it; the body is already bounded. */
export interface Call {
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer | 'too-large';
}

/** Who is calling a service, through which door, and what to do when the call signs out. */
interface Caller {
  readonly tenant: string;
  readonly surface: Surface;
  /** Headers of the door: the gateway's request id and transaction id. */
  readonly headers: Record<string, string>;
  readonly onSignOut?: () => void;
}

const ZIA_SESSION_MINUTES = 5;
const ZTW_SESSION_MINUTES = 30;

/**
 * The simulated Zscaler cloud: routes a call by `Host` and path to the token endpoint, the OneAPI gateway or a
 * legacy host, authenticates it, applies the switches and the documented limits, and lets the service answer.
 */
export class SimulatorCore {
  readonly switches = new SwitchBoard();
  readonly limits: SimulatorLimits;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #store: Store;
  readonly #windows: RateWindows;
  readonly #oauthTokens: CredentialStore;
  readonly #legacySessions: Readonly<Record<LegacyService, CredentialStore>>;
  readonly #tokenEndpoint: TokenEndpoint;
  readonly #legacy: LegacySignIn;
  readonly #models: Readonly<Record<ServiceName, ServiceModel>>;
  /** Locks held by writes in progress; bounded by the number of requests in flight. */
  readonly #locks = new Set<string>();

  constructor(options: SimulatorOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#clock = options.clock ?? Date;
    this.#random = createRandom(options.seed);
    this.#store = new Store(this.limits, this.#random);
    this.#windows = new RateWindows(this.limits.maxRateWindows);
    const secret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
    const tokenLifetime = (options.tokenLifetimeSeconds ?? 3600) * 1000;
    const store = (lifetime: number, sliding = false) =>
      new CredentialStore(this.limits.maxCredentials, this.#random, lifetime, sliding);
    this.#oauthTokens = store(tokenLifetime);
    this.#legacySessions = {
      zia: store(ZIA_SESSION_MINUTES * 60_000, true),
      ztw: store(ZTW_SESSION_MINUTES * 60_000, true),
      zpa: store(tokenLifetime),
      zcc: store(tokenLifetime),
    };
    this.#tokenEndpoint = new TokenEndpoint(this.#oauthTokens, this.#windows, secret);
    this.#legacy = new LegacySignIn(this.#legacySessions, secret);
    const max = this.limits.maxObjectsPerCollection;
    this.#models = {
      zia: ziaModel(max),
      zpa: zpaModel(max),
      zcc: zccModel(max),
      ztw: ztwModel(max),
      zdx: zdxModel(max),
      ziam: ziamModel(max),
    };
    if (options.switches !== undefined) this.switches.apply(options.switches);
  }

  /** Forgets every tenant, token, session and rate-limit window. */
  clearState(): void {
    this.#store.clear();
    this.#windows.clear();
    this.#oauthTokens.clear();
    for (const sessions of Object.values(this.#legacySessions)) sessions.clear();
  }

  async handle(call: Call): Promise<Reply> {
    const target = parseTarget(call.target);
    const role = hostRole(hostName(headerValue(call.headers.host)));
    if (role?.kind === 'identity') {
      if (call.body === 'too-large') return PAYLOAD_TOO_LARGE;
      return this.#tokenEndpoint.handle(role.vanity, {
        method: call.method,
        path: target.path,
        contentType: headerValue(call.headers['content-type']),
        authorization: headerValue(call.headers.authorization),
        body: call.body,
        now: this.#clock.now(),
      });
    }
    if (role?.kind === 'legacy') return this.#legacyCall(role.service, role.host, call, target);
    // The gateway, and any host the simulator does not know (a bare 127.0.0.1:port, for curl).
    const [prefix, ...rest] = target.segments;
    const service = role?.kind === 'identity-admin' ? 'ziam' : prefix;
    const segments = role?.kind === 'identity-admin' ? target.segments : rest;
    return this.#gatewayCall(call, target.query, service, segments);
  }

  async #gatewayCall(
    call: Call,
    query: URLSearchParams,
    service: string | undefined,
    segments: readonly string[],
  ) {
    const headers = gatewayHeaders(this.#random.uuid());
    if (call.body === 'too-large') return withHeaders(PAYLOAD_TOO_LARGE, headers);
    const now = this.#clock.now();
    const credential = this.#oauthTokens.verify(bearer(headerValue(call.headers.authorization)), now);
    if (credential === undefined) return withHeaders(UNAUTHORIZED, headers);
    // Own keys only: a path segment such as `constructor` must not find an Object.prototype member.
    const model =
      service !== undefined && Object.hasOwn(this.#models, service)
        ? this.#models[service as ServiceName]
        : undefined;
    if (model === undefined) return withHeaders(ROUTE_NOT_FOUND, headers);
    const caller: Caller = {
      tenant: credential.tenant,
      surface: 'oneapi',
      headers: { ...headers, 'x-transaction-id': credential.transactionId },
    };
    return this.#serve(model, segments, call, call.body, query, caller);
  }

  async #legacyCall(service: LegacyService, host: string, call: Call, target: Target): Promise<Reply> {
    if (call.body === 'too-large') return PAYLOAD_TOO_LARGE;
    const request = {
      method: call.method,
      path: target.path,
      headers: call.headers,
      body: call.body,
      now: this.#clock.now(),
    };
    const signIn = this.#legacy.signIn(service, host, request);
    if (signIn !== undefined) return signIn;
    const session = this.#legacy.authenticate(service, request);
    if (!('tenant' in session)) return session;
    const caller: Caller = {
      tenant: session.tenant,
      surface: 'legacy',
      headers: {},
      onSignOut: () => this.#legacy.signOut(service, session.secret),
    };
    return this.#serve(this.#models[service], target.segments, call, call.body, target.query, caller);
  }

  /** The common way of a service request: fault, route, limits, maintenance, media type, lock, answer. */
  async #serve(
    model: ServiceModel,
    segments: readonly string[],
    call: Call,
    body: Buffer,
    query: URLSearchParams,
    caller: Caller,
  ): Promise<Reply> {
    const now = this.#clock.now();
    const switches = this.switches.state;
    const maintenance = switches.maintenance && model.adminPortalWrites;
    const headers = { ...caller.headers };
    if (caller.surface === 'oneapi') {
      const [quota] = model.gatewayQuotas;
      if (quota !== undefined) {
        const scale = switches.rateLimits.scale;
        const state = this.#windows.take(`gateway|${caller.tenant}|${model.name}`, scaled(quota, scale), now);
        Object.assign(headers, rateLimitHeaders(model.gatewayQuotas, scale, state));
      }
    }
    const finish = (reply: Reply, window?: WindowState) =>
      withHeaders(reply, { ...headers, ...model.headers({ maintenance, window }), ...reply.headers });

    const fault = this.switches.takeFault(model.name);
    if (fault !== undefined) return finish(fault === 503 ? SERVICE_UNAVAILABLE : GATEWAY_TIMEOUT);
    const endpoint = model.match(call.method, segments);
    if (endpoint === undefined) return finish(caller.surface === 'oneapi' ? ROUTE_NOT_FOUND : empty(404));

    const window = this.#rateWindow(model, endpoint, call.method, caller.tenant, now);
    if (window !== undefined && !window.state.allowed) {
      return finish(window.tooManyRequests(window.state.resetSeconds), window.state);
    }
    const guarded = !endpoint.endsSession && isWrite(call.method) && model.adminPortalWrites;
    if (guarded && maintenance) return finish(STATE_READONLY, window?.state);
    if (guarded && call.method !== 'DELETE' && !isJson(headerValue(call.headers['content-type']))) {
      return finish(UNSUPPORTED_MEDIA_TYPE, window?.state);
    }
    const request = {
      method: call.method,
      segments,
      query,
      body: parseBody(call.method, body),
      tenant: this.#store.tenant(caller.tenant),
      surface: caller.surface,
      now,
    };
    const reply = await this.#underLock(endpoint, caller.tenant, switches.lockHoldMs, () =>
      endpoint.handle(request),
    );
    if (endpoint.endsSession && reply.status < 300) caller.onSignOut?.();
    return finish(reply, window?.state);
  }

  #rateWindow(model: ServiceModel, endpoint: Endpoint, method: string, tenant: string, now: number) {
    const limits = model.rateLimit;
    const rule = limits?.rule(method);
    if (
      limits === undefined ||
      rule === undefined ||
      endpoint.endsSession ||
      !this.switches.state.rateLimits.enabled
    ) {
      return undefined;
    }
    const quota = scaled(rule.quota, this.switches.state.rateLimits.scale);
    const scope = rule.perEndpoint ? endpoint.scope : '*';
    const key = `service|${tenant}|${model.name}|${scope}|${rule.quota.limit}/${rule.quota.seconds}`;
    return {
      state: this.#windows.take(key, quota, now),
      tooManyRequests: (retryAfter: number) => limits.tooManyRequests(quota, retryAfter),
    };
  }

  /** Runs a locking write: refused at once if another holds the lock, else it holds it for `holdMs`. */
  async #underLock(endpoint: Endpoint, tenant: string, holdMs: number, run: () => Reply): Promise<Reply> {
    if (endpoint.lock === undefined || endpoint.endsSession) return run();
    const key = `${tenant}|${endpoint.lock.name}`;
    if (this.#locks.has(key)) return endpoint.lock.conflict;
    this.#locks.add(key);
    try {
      if (holdMs > 0) await delay(holdMs);
      return run();
    } finally {
      this.#locks.delete(key);
    }
  }
}

function parseBody(method: string, body: Buffer): RequestBody {
  if ((method !== 'POST' && method !== 'PUT') || body.length === 0) return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { kind: 'malformed' };
  }
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/json\s*(?:;|$)/i.test(contentType?.trim() ?? '');
}
