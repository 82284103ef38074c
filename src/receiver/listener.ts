/**
 * A server that can stop listening (so connections are refused) and listen again on the same port, and that
 * can cut every connection it has: for the `refuse` fault and for close.
 */
import type { AddressInfo, Server, Socket } from 'node:net';

export class Listener {
  readonly #sockets = new Set<Socket>();
  #port: number;
  #listening = false;

  constructor(
    private readonly server: Server,
    private readonly host: string,
    port: number,
  ) {
    this.#port = port;
    server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** The bound port (the one chosen, once listening on port 0). */
  get port(): number {
    return this.#port;
  }

  async listen(): Promise<void> {
    if (this.#listening) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.#port, this.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.#listening = true;
    this.#port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and destroys every open connection (pending answers included). */
  async stop(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}
