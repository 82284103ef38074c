import { describe, expect, it } from 'vitest';
import { seedQuotes } from '../../dashboards/src/seed-quotes.js';
import { interpretResponse } from '../../src/catalog/index.js';

/** An error body naming `errorId` in the service's own shape: ZIA/ZTW `{code, message}`, else `{id, reason}`. */
function errorBody(service: string, errorId: string): Uint8Array {
  const body =
    service === 'zia' || service === 'ztw' ? { code: errorId, message: '' } : { id: errorId, reason: '' };
  return new TextEncoder().encode(JSON.stringify(body));
}

describe('the drill-down dashboard quotes the seed as the catalogue keeps it', () => {
  it.each(seedQuotes)('$service $status', ({ service, status, description, retry }) => {
    for (const { errorId, retryable } of retry) {
      const interpretation = interpretResponse({
        target: { service, api: 'oneapi' },
        status,
        header: (name) => (name === 'content-type' ? 'application/json' : undefined),
        ...(errorId !== undefined && { body: errorBody(service, errorId) }),
      });
      expect(interpretation.description).toBe(description);
      expect(interpretation.retryable, errorId ?? 'no error id').toBe(retryable);
    }
  });
});
