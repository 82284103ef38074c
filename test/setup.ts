/**
 * vitest runs src/ as TypeScript: the SDK that the build bundles is loaded here through vitest's own import
 * instead of the bundle's synchronous require (src/sdk/load.ts).
 */
import { vi } from 'vitest';

vi.mock('../src/sdk/load.js', async () => {
  const sdk = await import('../src/sdk/index.js');
  return { loadSdk: () => sdk };
});
