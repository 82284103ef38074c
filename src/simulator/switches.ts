import { SERVICE_NAMES, type ServiceName } from './types.js';

/** What can be switched while the simulator runs, programmatically or over `/__simulator/switches`. */
export interface Switches {
  /** ZIA and Cloud & Branch Connector in a scheduled upgrade: writes get 403 `STATE_READONLY`. */
  readonly maintenance: boolean;
  /** Per service, the status the next `remaining` requests get instead of an answer. */
  readonly faults: Readonly<
    Partial<Record<ServiceName, { readonly status: 503 | 504; readonly remaining: number }>>
  >;
  /** The documented per-service limits, on or off, and multiplied by `scale`. */
  readonly rateLimits: { readonly enabled: boolean; readonly scale: number };
  /** How long a ZIA/ZTW write (and a ZPA policy-set change) holds its lock; 0: writes never collide. */
  readonly lockHoldMs: number;
}

export interface SwitchesPatch {
  readonly maintenance?: boolean;
  /** count 0 clears the fault of that service. */
  readonly fault?: { readonly service: ServiceName; readonly status: 503 | 504; readonly count: number };
  readonly rateLimits?: { readonly enabled?: boolean; readonly scale?: number };
  readonly lockHoldMs?: number;
}

export const DEFAULT_SWITCHES: Switches = {
  maintenance: false,
  faults: {},
  rateLimits: { enabled: true, scale: 1 },
  // A ZIA configuration write takes a fraction of a second; long enough that parallel writers collide.
  lockHoldMs: 200,
};

const MAX_FAULT_COUNT = 1_000_000;
const MAX_LOCK_HOLD_MS = 60_000;

export class SwitchError extends Error {}

export class SwitchBoard {
  #state: Switches = DEFAULT_SWITCHES;

  get state(): Switches {
    return this.#state;
  }

  /** Applies a patch from code or from JSON sent over HTTP; throws SwitchError (and changes nothing) if invalid. */
  apply(patch: unknown): Switches {
    if (!isRecord(patch)) throw new SwitchError('the switches patch must be a JSON object');
    let next = this.#state;
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'maintenance') next = { ...next, maintenance: bool(value, key) };
      else if (key === 'lockHoldMs') next = { ...next, lockHoldMs: int(value, key, 0, MAX_LOCK_HOLD_MS) };
      else if (key === 'rateLimits') next = { ...next, rateLimits: rateLimits(value, next.rateLimits) };
      else if (key === 'fault') next = { ...next, faults: faults(value, next.faults) };
      else throw new SwitchError(`unknown switch "${key.slice(0, 40)}"`);
    }
    this.#state = next;
    return next;
  }

  /** The fault status this request of `service` gets, counting it down; undefined: answer normally. */
  takeFault(service: ServiceName): 503 | 504 | undefined {
    const fault = this.#state.faults[service];
    if (fault === undefined) return undefined;
    const remaining = fault.remaining - 1;
    const rest = { ...this.#state.faults };
    if (remaining > 0) rest[service] = { status: fault.status, remaining };
    else delete rest[service];
    this.#state = { ...this.#state, faults: rest };
    return fault.status;
  }

  reset(): void {
    this.#state = DEFAULT_SWITCHES;
  }
}

function rateLimits(value: unknown, current: Switches['rateLimits']): Switches['rateLimits'] {
  if (!isRecord(value)) throw new SwitchError('rateLimits must be an object');
  let next = current;
  for (const [key, field] of Object.entries(value)) {
    if (key === 'enabled') next = { ...next, enabled: bool(field, 'rateLimits.enabled') };
    else if (key === 'scale') next = { ...next, scale: number(field, 'rateLimits.scale', 0.001, 1000) };
    else throw new SwitchError(`unknown rateLimits field "${key.slice(0, 40)}"`);
  }
  return next;
}

function faults(value: unknown, current: Switches['faults']): Switches['faults'] {
  if (!isRecord(value)) throw new SwitchError('fault must be an object { service, status, count }');
  const service = value.service;
  if (typeof service !== 'string' || !(SERVICE_NAMES as readonly string[]).includes(service)) {
    throw new SwitchError(`fault.service must be one of ${SERVICE_NAMES.join(', ')}`);
  }
  const status = value.status ?? 503;
  if (status !== 503 && status !== 504) throw new SwitchError('fault.status must be 503 or 504');
  const count = int(value.count ?? 1, 'fault.count', 0, MAX_FAULT_COUNT);
  const next = { ...current };
  if (count === 0) delete next[service as ServiceName];
  else next[service as ServiceName] = { status, remaining: count };
  return next;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new SwitchError(`${name} must be true or false`);
  return value;
}

function number(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SwitchError(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

function int(value: unknown, name: string, min: number, max: number): number {
  const n = number(value, name, min, max);
  if (!Number.isInteger(n)) throw new SwitchError(`${name} must be a whole number`);
  return n;
}
