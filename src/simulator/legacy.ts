import type { CredentialStore } from './credentials.js';
import type { LegacyService } from './hosts.js';
import { empty, json, prettyJson } from './reply.js';
import { headerValue } from './request-target.js';
import type { Json, Reply } from './types.js';

/**
 * Sign-in on the legacy per-product hosts (research §1.3), kept simple but real: the same shared secret as the
 * OAuth clients serves as ZIA/ZTW password, ZPA client_secret and ZCC secretKey; any user name or key id is
 * accepted, and the ZIA API-key obfuscation is not checked. The tenant is the legacy host name.
 *
 * - ZIA `POST /api/v1/authenticatedSession` and ZTW `POST /api/v1/auth` (JSON) → `Set-Cookie: JSESSIONID`.
 * - ZPA `POST /signin` (form client_id, client_secret) → bearer token.
 * - ZCC `POST /papi/auth/v1/login` (JSON apiKey, secretKey) → `jwtToken`, sent back as `auth-token`.
 */

export interface LegacyRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly now: number;
}

const SIGN_IN_PATH: Readonly<Record<LegacyService, string>> = {
  zia: '/api/v1/authenticatedSession',
  ztw: '/api/v1/auth',
  zpa: '/signin',
  zcc: '/papi/auth/v1/login',
};

/** 401 without a valid credential, in each service's form. */
const UNAUTHENTICATED: Readonly<Record<LegacyService, Reply>> = {
  // GO and PY re-authenticate on a 401 naming SESSION_NOT_VALID (research §4.2); the message is the simulator's.
  zia: json(401, { code: 'SESSION_NOT_VALID', message: 'SESSION_NOT_VALID' }),
  ztw: json(401, { code: 'SESSION_NOT_VALID', message: 'SESSION_NOT_VALID' }),
  // The seed's ZPA 401 example.
  zpa: prettyJson(401, { id: 'access.denied', reason: 'Access denied' }),
  // The seed's Client Connector table gives 401 no body.
  zcc: empty(401),
};

export class LegacySignIn {
  constructor(
    private readonly sessions: Readonly<Record<LegacyService, CredentialStore>>,
    private readonly secret: string,
  ) {}

  /** The sign-in answer when this is a sign-in request, else undefined. */
  signIn(service: LegacyService, host: string, request: LegacyRequest): Reply | undefined {
    if (request.method !== 'POST' || request.path !== SIGN_IN_PATH[service]) return undefined;
    const store = this.sessions[service];
    if (service === 'zpa') {
      const form = new URLSearchParams(request.body.toString('utf8'));
      if (form.get('client_secret') !== this.secret || !form.get('client_id')) return UNAUTHENTICATED.zpa;
      // ZPA's sign-in answers expires_in as a string.
      const token = store.issue(host, request.now);
      return json(200, {
        token_type: 'Bearer',
        access_token: token,
        expires_in: String(store.lifetimeSeconds),
      });
    }
    const body = parseObject(request.body);
    if (service === 'zcc') {
      if (body?.secretKey !== this.secret || typeof body.apiKey !== 'string') return UNAUTHENTICATED.zcc;
      return json(200, { jwtToken: store.issue(host, request.now) });
    }
    if (body?.password !== this.secret || typeof body.username !== 'string') return UNAUTHENTICATED[service];
    const session = store.issue(host, request.now);
    return json(
      200,
      { authType: 'ADMIN_LOGIN', obfuscateApiKey: false, passwordExpiryTime: 0, passwordExpiryDays: 0 },
      { 'set-cookie': `JSESSIONID=${session}; Path=/; Secure; HttpOnly` },
    );
  }

  /** The tenant of the caller's session, or the service's 401. */
  authenticate(service: LegacyService, request: LegacyRequest): { tenant: string; secret: string } | Reply {
    const secret = presentedSecret(service, request.headers);
    const credential = this.sessions[service].verify(secret, request.now);
    if (credential === undefined || secret === undefined) return UNAUTHENTICATED[service];
    return { tenant: credential.tenant, secret };
  }

  signOut(service: LegacyService, secret: string): void {
    this.sessions[service].revoke(secret);
  }
}

function presentedSecret(service: LegacyService, headers: LegacyRequest['headers']): string | undefined {
  if (service === 'zcc') return headerValue(headers['auth-token']);
  if (service === 'zpa') return bearer(headerValue(headers.authorization));
  return /(?:^|;\s*)JSESSIONID=([^;]{1,512})/.exec(headerValue(headers.cookie) ?? '')?.[1];
}

export function bearer(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S{1,2048})$/i.exec(authorization?.trim() ?? '')?.[1];
}

function parseObject(body: Buffer): Readonly<Record<string, Json>> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, Json>)
      : undefined;
  } catch {
    return undefined;
  }
}
