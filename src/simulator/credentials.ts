import { BoundedMap } from './bounded-map.js';
import type { RandomSource } from './random.js';

export interface Credential {
  /** Whose data the holder sees: the ZIdentity vanity name, or the legacy host. */
  readonly tenant: string;
  /** Constant for the life of the credential, like the gateway's `x-transaction-id` (research §1.4). */
  readonly transactionId: string;
  expiresAt: number;
}

/**
 * Issued bearer tokens or session ids of one kind, bounded: when full, the least recently used one is
 * forgotten (its holder gets a 401 and signs in again, as after a real expiry).
 */
export class CredentialStore {
  readonly #items: BoundedMap<string, Credential>;

  constructor(
    capacity: number,
    private readonly random: RandomSource,
    /** Lifetime in milliseconds. */
    private readonly lifetime: number,
    /** Idle sessions (ZIA JSESSIONID): each use extends the lifetime. Tokens: fixed expiry. */
    private readonly slidingExpiry = false,
  ) {
    this.#items = new BoundedMap(capacity);
  }

  get lifetimeSeconds(): number {
    return Math.round(this.lifetime / 1000);
  }

  issue(tenant: string, now: number): string {
    const secret = this.random.token();
    this.#items.set(secret, { tenant, transactionId: this.random.uuid(), expiresAt: now + this.lifetime });
    return secret;
  }

  verify(secret: string | undefined, now: number): Credential | undefined {
    if (secret === undefined || secret.length > 512) return undefined;
    const credential = this.#items.get(secret);
    if (credential === undefined) return undefined;
    if (now >= credential.expiresAt) {
      this.#items.delete(secret);
      return undefined;
    }
    if (this.slidingExpiry) credential.expiresAt = now + this.lifetime;
    return credential;
  }

  revoke(secret: string | undefined): void {
    if (secret !== undefined) this.#items.delete(secret);
  }

  clear(): void {
    this.#items.clear();
  }
}
