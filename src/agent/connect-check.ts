/**
 * Whether a collector address takes TCP connections at all. The stock OTLP exporters retry a refused
 * connection with backoff until their timeout (seconds, holding the app open at exit); a refused or
 * unresolvable address answers a plain connect within milliseconds, so the guard asks that first.
 */
import { connect } from 'node:net';

/** An error for an address that cannot be reached (refused, unknown host, no route). */
export type Unreachable = Error;

/**
 * Resolves the error when the address refuses or cannot be resolved, undefined when a connection opens or
 * `timeoutMs` passes first (then it is the exporter's to find out, within its own deadline). Never rejects.
 */
export function checkConnect(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<Unreachable | undefined> {
  return new Promise((resolve) => {
    let socket: ReturnType<typeof connect>;
    const settle = (outcome: Unreachable | undefined) => {
      socket.destroy();
      resolve(outcome);
    };
    try {
      socket = connect({ host, port });
    } catch (error) {
      resolve(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    socket.setTimeout(timeoutMs, () => settle(undefined));
    socket.once('connect', () => settle(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // With several addresses (localhost: ::1 and 127.0.0.1) the error is an AggregateError without a message.
      settle(new Error(`connect ${error.code ?? error.message} ${host}:${port}`));
    });
  });
}
