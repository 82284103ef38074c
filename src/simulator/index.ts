/**
 * The Zscaler API simulator: one loopback HTTP server that answers as the OneAPI gateway, ZIdentity and the
 * legacy product hosts, with the literal bodies and headers of real traffic.
 */
export type { SimulatorControl } from './control.js';
export { isZscalerHostName } from './hosts.js';
export {
  installLoopbackResolver,
  type LoopbackResolver,
  type LoopbackResolverOptions,
} from './loopback-resolver.js';
export {
  DEFAULT_CLIENT_SECRET,
  DEFAULT_LIMITS,
  type SimulatorLimits,
  type SimulatorOptions,
} from './options.js';
export { type Simulator, startSimulator } from './server.js';
export { DEFAULT_SWITCHES, type Switches, type SwitchesPatch } from './switches.js';
export type { Clock, ServiceName } from './types.js';
