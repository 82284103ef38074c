import type { StoreLimits } from './store.js';
import type { SwitchesPatch } from './switches.js';
import type { Clock } from './types.js';

export interface SimulatorLimits extends StoreLimits {
  /** Request bodies above this get 413 and are never buffered. */
  readonly maxBodyBytes: number;
  /** Tokens and sessions kept per kind; the least recently used is forgotten beyond it. */
  readonly maxCredentials: number;
  /** Rate-limit windows kept (one per tenant, service, endpoint and quota). */
  readonly maxRateWindows: number;
}

export interface SimulatorOptions {
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Makes request ids, tokens and object ids reproducible. */
  readonly seed?: string | number;
  /** Time for token expiry, sessions and rate-limit windows; default the system clock. */
  readonly clock?: Clock;
  /** The secret every client shares: OAuth client_secret, ZPA client_secret, ZIA/ZTW password, ZCC secretKey. */
  readonly clientSecret?: string;
  /** Lifetime of OAuth and ZPA tokens; default 3600 s. */
  readonly tokenLifetimeSeconds?: number;
  readonly limits?: Partial<SimulatorLimits>;
  /** Switches to start with (see SwitchesPatch). */
  readonly switches?: SwitchesPatch;
}

export const DEFAULT_CLIENT_SECRET = 'zscaler-simulator-secret';

export const DEFAULT_LIMITS: SimulatorLimits = {
  maxBodyBytes: 1024 * 1024,
  maxObjectsPerCollection: 1000,
  maxStoredBytes: 32 * 1024 * 1024,
  maxTenants: 64,
  maxCredentials: 10_000,
  maxRateWindows: 10_000,
};
