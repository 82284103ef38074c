/**
 * Tells whether the app starts work of its own (timers, sockets, file operations, …) after `beforeExit`.
 * Without any, the process would have ended there; with the agent it ends once the flush is done, before
 * the flush's own I/O emits `beforeExit` a second time and calls the app's listeners again.
 *
 * The agent's own work runs inside `asAgent` and is not counted. The async hook is on only from
 * `beforeExit` to the end of the flush: while on, it costs every async operation something.
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';

// Resources that do not by themselves keep the event loop alive; the work they lead to shows up as resources
// of its own (a pending write as WRITEWRAP, a connection as TCPCONNECTWRAP). The pipe and TTY handles are the
// ones the first write to process.stdout/stderr creates. (Missed: an app that starts reading an existing
// stream in a beforeExit listener, which creates nothing.)
const NOT_WORK = new Set(['PROMISE', 'TickObject', 'Microtask', 'PIPEWRAP', 'TTYWRAP']);

export class AppWorkWatch {
  private readonly agent = new AsyncLocalStorage<true>();
  private seen = false;
  private readonly hook = createHook({
    init: (_asyncId, type) => {
      if (!this.seen && !NOT_WORK.has(type) && this.agent.getStore() === undefined) this.seen = true;
    },
  });

  /** Runs `work`, and everything it starts, as the agent's. */
  asAgent<T>(work: () => T): T {
    return this.agent.run(true, work);
  }

  start(): void {
    this.hook.enable();
  }

  /** Stops watching; true when the app started work since `start()`. */
  stop(): boolean {
    this.hook.disable();
    return this.seen;
  }
}
