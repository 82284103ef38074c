import type { CredentialStore } from './credentials.js';
import { ROUTE_NOT_FOUND } from './gateway.js';
import type { RateWindows } from './rate-windows.js';
import { empty, json, withHeaders } from './reply.js';
import { safeDecode } from './request-target.js';
import type { Reply } from './types.js';

/**
 * The ZIdentity OAuth 2.0 token endpoint, `POST https://<vanity>.zslogin.net/oauth2/v1/token`, client
 * credentials grant with a form body (research §1.1; RFC 6749 §4.4). Any client_id is registered; every
 * client shares one secret. The vanity name is the tenant: tokens from `acme.zslogin.net` see acme's data.
 */

const TOKEN_PATH = '/oauth2/v1/token';
/** Captured `x-ratelimit-limit` of the token endpoint: `500, 500;w=1, 100000;w=60`. */
const TOKEN_QUOTA = { limit: 500, seconds: 1 };
const TOKEN_LIMIT_HEADER = '500, 500;w=1, 100000;w=60';
const MAX_FIELD = 512;

/** The error body of a bad client (the Python SDK's fixture, RFC 6749 §5.2 wording). */
const INVALID_CLIENT: Reply = json(
  401,
  { error: 'invalid_client', error_description: 'Client authentication failed' },
  { 'www-authenticate': 'Basic realm="zidentity"' },
);

export interface TokenRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: Buffer;
  readonly now: number;
}

export class TokenEndpoint {
  constructor(
    private readonly tokens: CredentialStore,
    private readonly windows: RateWindows,
    private readonly clientSecret: string,
  ) {}

  handle(vanity: string, request: TokenRequest): Reply {
    if (request.path !== TOKEN_PATH) return ROUTE_NOT_FOUND;
    if (request.method !== 'POST') return empty(405, { allow: 'POST' });
    const window = this.windows.take(`token|${vanity}`, TOKEN_QUOTA, request.now);
    const reply = this.#grant(vanity, request);
    return withHeaders(reply, {
      'cache-control': 'no-store',
      'x-ratelimit-limit': TOKEN_LIMIT_HEADER,
      'x-ratelimit-remaining': String(window.remaining),
      'x-ratelimit-reset': String(window.resetSeconds),
    });
  }

  #grant(vanity: string, request: TokenRequest): Reply {
    if (!(request.contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return oauthError('invalid_request', 'The request body must be application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError('unsupported_grant_type', 'Only the client_credentials grant is supported');
    }
    const client = basicCredentials(request.authorization) ?? {
      id: form.get('client_id') ?? '',
      secret: form.get('client_secret') ?? '',
    };
    if (client.id === '' || client.id.length > MAX_FIELD || client.secret !== this.clientSecret)
      return INVALID_CLIENT;
    return json(200, {
      token_type: 'Bearer',
      access_token: this.tokens.issue(vanity, request.now),
      expires_in: this.tokens.lifetimeSeconds,
    });
  }
}

function oauthError(error: string, description: string): Reply {
  return json(400, { error, error_description: description });
}

/** client_secret_basic (RFC 6749 §2.3.1): `Authorization: Basic base64(id:secret)`. */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]{1,2048})$/i.exec(authorization?.trim() ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: safeDecode(decoded.slice(0, colon)), secret: safeDecode(decoded.slice(colon + 1)) };
}
