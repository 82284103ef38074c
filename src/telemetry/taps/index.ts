/**
 * The taps on Node's own channels. They subscribe as soon as the package loads — usually before the app builds
 * its instrumentations, so the agent hears of a request before its span starts — and stay idle (one flag test
 * per message) until a processor enables them.
 */
import { enableHttpTap } from './http.js';
import { enableUndiciTap } from './undici.js';

export function enableTaps(): void {
  enableUndiciTap();
  enableHttpTap();
}
