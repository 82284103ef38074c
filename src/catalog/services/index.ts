/** Every service module, by `zscaler.service` value, and the error ids they name. */
import { graphql } from './graphql.js';
import { oneapi } from './oneapi.js';
import type { ServiceModule } from './service.js';
import { zcc } from './zcc.js';
import { zcell } from './zcell.js';
import { zia } from './zia.js';
import { zidentity } from './zidentity.js';
import { zpa } from './zpa.js';
import { ztw } from './ztw.js';

export const SERVICE_MODULES: readonly ServiceModule[] = [
  zia,
  zpa,
  zcc,
  oneapi,
  ztw,
  zidentity,
  zcell,
  graphql,
];

const byService: ReadonlyMap<string, ServiceModule> = new Map(
  SERVICE_MODULES.flatMap((module) => module.services.map((service) => [service, module] as const)),
);

export function serviceModule(service: string): ServiceModule | undefined {
  return byService.get(service);
}

/** Ids safe as metric attribute values (CONTRACT.md: `zscaler.api.conflicts`, else `_OTHER`). */
export const KNOWN_ERROR_IDS: ReadonlySet<string> = new Set(
  SERVICE_MODULES.flatMap((module) => module.knownErrorIds.map((known) => known.id)),
);

export { oneapi };
