/**
 * The demo workload's own Zscaler API client: plain built-in fetch, a client-credentials token, and the
 * retry policy an automation script typically has. It knows nothing of OpenTelemetry; the preloaded agent
 * observes its requests from the outside.
 */

/** How a caller reacts to 429/503 and to edit-lock conflicts. */
export interface RetryPolicy {
  /**
   * true (patient): after a 429 or 503, sleeps the whole Retry-After plus a little jitter, never less, and gives
   * up rather than come back early when asked for more than MAX_PATIENCE_MS; after an edit-lock conflict (which
   * asks for no wait) backs off a little more each time. false (impatient): retries at once after either,
   * ignoring Retry-After, as careless scripts do.
   */
  readonly honourRetryAfter: boolean;
  readonly maxAttempts: number;
}

export interface Answer {
  readonly status: number;
  /** Parsed JSON body, or undefined for an empty or non-JSON body. */
  readonly body: unknown;
  /** The Retry-After signal in seconds, from whichever header the service uses. */
  readonly retryAfterSeconds: number | undefined;
  /** `code` (ZIA), `id` (ZPA) or OAuth `error` of an error body. */
  readonly errorId: string | undefined;
}

export interface Outcome {
  readonly final: Answer;
  readonly attempts: number;
  /** The last answer was still retryable when the attempts ran out. */
  readonly gaveUp: boolean;
}

/** A patient caller asked to wait longer than this gives up instead (a job must not stall on a long Retry-After). */
const MAX_PATIENCE_MS = 30_000;
/** No Retry-After on a 429/503: the wait a patient caller assumes. */
const DEFAULT_WAIT_MS = 1000;
/**
 * Added to a honoured Retry-After, plus up to RETRY_AFTER_JITTER_MS at random, so that the callers told to wait
 * do not all come back in the same instant. The agent judges a repeat against the last error on its endpoint,
 * whoever got it: the slack keeps a patient caller on time even when an impatient one on the same endpoint
 * got its own 429 a moment later.
 */
const RETRY_AFTER_SLACK_MS = 300;
const RETRY_AFTER_JITTER_MS = 200;
/** "Retrying at once" still leaves the event loop a breath. */
const IMMEDIATE_RETRY_MS = 20;
const REQUEST_TIMEOUT_MS = 5000;
/** Lock conflicts clear when the other writer finishes (a fraction of a second): back off a little more each time. */
const LOCK_BACKOFF_MS = 250;
const LOCK_IDS = new Set(['EDIT_LOCK_NOT_AVAILABLE', 'api.concurrent.access.error']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ZscalerClient {
  readonly #port: number;
  readonly #vanity: string;
  readonly #gateway: string;
  readonly #identity: string;
  #token: string | undefined;
  /** Statuses answered since the last takeTally(), for the progress lines. */
  #tally = new Map<number, number>();

  constructor(port: number, vanity: string) {
    this.#port = port;
    this.#vanity = vanity;
    this.#gateway = `http://api.zsapi.net:${port}`;
    this.#identity = `http://${vanity}.zslogin.net:${port}`;
  }

  /** `POST /oauth2/v1/token` with the client-credentials grant; keeps the token on success. */
  async signIn(clientId: string, clientSecret: string): Promise<Answer> {
    const answer = await this.#send(`${this.#identity}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    const token = (answer.body as { access_token?: unknown } | undefined)?.access_token;
    if (answer.status === 200 && typeof token === 'string') this.#token = token;
    return answer;
  }

  /** A client with this one's token and a tally of its own, for a job that runs beside the others. */
  sibling(): ZscalerClient {
    const sibling = new ZscalerClient(this.#port, this.#vanity);
    sibling.#token = this.#token;
    return sibling;
  }

  /** One gateway call (`/zia/...`, `/zpa/...`, `/zcc/...`), retried as the policy says. */
  async call(method: string, path: string, policy: RetryPolicy, body?: unknown): Promise<Outcome> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token ?? ''}` };
    // ZIA refuses a write without this header (415), even one with no body such as an activation.
    if (method === 'POST' || method === 'PUT') headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#send(`${this.#gateway}${path}`, init);
      const wait = retryWaitMs(answer, policy, attempt);
      if (wait === undefined) return { final: answer, attempts: attempt, gaveUp: false };
      if (attempt >= policy.maxAttempts || wait > MAX_PATIENCE_MS)
        return { final: answer, attempts: attempt, gaveUp: true };
      await sleep(wait);
    }
  }

  /** Counts by status since the previous call, e.g. `200×3 429×2`. */
  takeTally(): string {
    const text = [...this.#tally.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    this.#tally = new Map();
    return text;
  }

  async #send(url: string, init: RequestInit): Promise<Answer> {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    // Always read the body: the app needs error ids, and an unread body would pin the connection.
    const text = await response.text();
    this.#tally.set(response.status, (this.#tally.get(response.status) ?? 0) + 1);
    const body = parseJson(text);
    return {
      status: response.status,
      body,
      retryAfterSeconds: retryAfterSeconds(response.headers),
      errorId: response.status >= 400 ? errorIdOf(body) : undefined,
    };
  }
}

/** undefined: do not retry (the answer is final). */
function retryWaitMs(answer: Answer, policy: RetryPolicy, attempt: number): number | undefined {
  const limited = answer.status === 429 || answer.status === 503;
  const locked = answer.status === 409 && answer.errorId !== undefined && LOCK_IDS.has(answer.errorId);
  if (!limited && !locked) return undefined;
  if (!policy.honourRetryAfter) return IMMEDIATE_RETRY_MS;
  if (locked) return LOCK_BACKOFF_MS * attempt + Math.floor(Math.random() * 100);
  const asked = answer.retryAfterSeconds === undefined ? DEFAULT_WAIT_MS : answer.retryAfterSeconds * 1000;
  return asked + RETRY_AFTER_SLACK_MS + Math.floor(Math.random() * RETRY_AFTER_JITTER_MS);
}

/** `Retry-After: 1`, ZPA's `retry-after: 4s`, Client Connector's `X-Rate-Limit-Retry-After-Seconds`. */
function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after') ?? headers.get('x-rate-limit-retry-after-seconds');
  const match = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/i.exec(value ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { code, id, error } = body as { code?: unknown; id?: unknown; error?: unknown };
  const found = [code, id, error].find((value) => typeof value === 'string');
  return found as string | undefined;
}
