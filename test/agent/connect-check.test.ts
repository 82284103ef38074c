import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnect } from '../../src/agent/connect-check.js';

let server: Server;
let openPort: number;
let closedPort: number;

async function listen(): Promise<Server> {
  const listening = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return listening;
}

beforeAll(async () => {
  server = await listen();
  openPort = (server.address() as { port: number }).port;
  // A port that was free a moment ago: nothing listens there now.
  const closed = await listen();
  closedPort = (closed.address() as { port: number }).port;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('checkConnect', () => {
  it('resolves nothing when the address takes connections', async () => {
    expect(await checkConnect('127.0.0.1', openPort, 1000)).toBeUndefined();
  });

  it('names the error and the address when the connection is refused, within milliseconds', async () => {
    const began = performance.now();
    const unreachable = await checkConnect('127.0.0.1', closedPort, 1000);
    expect(unreachable?.message).toBe(`connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(performance.now() - began).toBeLessThan(500);
  });

  it('names the error of a host that does not resolve', async () => {
    const unreachable = await checkConnect('no-such-host.invalid', 4318, 2000);
    // ENOTFOUND, or EAI_AGAIN where no resolver answers at all; or nothing within the time.
    if (unreachable !== undefined)
      expect(unreachable.message).toMatch(/^connect E[A-Z_]+ no-such-host\.invalid:4318$/);
  });

  it('gives up quietly at the timeout, leaving it to the export', async () => {
    // A TEST-NET-1 address (RFC 5737): connections go nowhere, or fail at once without a route.
    const unreachable = await checkConnect('192.0.2.1', 4318, 100);
    if (unreachable !== undefined)
      expect(unreachable.message).toMatch(/^connect E[A-Z_]+ 192\.0\.2\.1:4318$/);
  });
});
