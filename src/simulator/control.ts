import type { SimulatorCore } from './core.js';
import { empty, json } from './reply.js';
import { SwitchError, type Switches, type SwitchesPatch } from './switches.js';
import type { Json, Reply } from './types.js';

/**
 * Run-time control of the simulator. Over HTTP on any host, under a path no Zscaler API uses:
 * `GET /__simulator/switches`, `POST /__simulator/switches` (a JSON SwitchesPatch), `POST /__simulator/reset`.
 */
export const CONTROL_PREFIX = '/__simulator/';

export interface SimulatorControl {
  /** The switches now in force. */
  readonly switches: Switches;
  /** Applies a patch; throws (and changes nothing) when it is invalid. */
  update(patch: SwitchesPatch): Switches;
  /** A clean slate: forgets all tenants, tokens, sessions and rate-limit windows, and restores default switches. */
  reset(): void;
}

export function createControl(core: SimulatorCore): SimulatorControl {
  return {
    get switches() {
      return core.switches.state;
    },
    update: (patch) => core.switches.apply(patch),
    reset: () => {
      core.clearState();
      core.switches.reset();
    },
  };
}

export function handleControl(
  control: SimulatorControl,
  method: string,
  path: string,
  body: Buffer | 'too-large',
): Reply {
  const action = path.slice(CONTROL_PREFIX.length);
  if (action === 'switches' && method === 'GET') return json(200, control.switches as unknown as Json);
  if (action === 'switches' && (method === 'POST' || method === 'PATCH')) {
    if (body === 'too-large') return json(413, { error: 'patch too large' });
    try {
      return json(200, control.update(JSON.parse(body.toString('utf8'))) as unknown as Json);
    } catch (error) {
      const message = error instanceof SwitchError ? error.message : 'the switches patch must be JSON';
      return json(400, { error: message });
    }
  }
  if (action === 'reset' && method === 'POST') {
    control.reset();
    return empty(204);
  }
  return json(404, { error: 'unknown control route; use /__simulator/switches or /__simulator/reset' });
}
