/**
 * Flushes telemetry when the process ends, within a bound, and then lets it end exactly as it would have
 * ended without the agent:
 * - `beforeExit` (the app has nothing left to do): flush; if the flush outlives the bound (a hanging
 *   collector keeps its socket open), exit with the app's `process.exitCode`.
 * - SIGTERM/SIGINT with an app listener: flush, and leave exiting to the app's handler.
 * - SIGTERM/SIGINT without one: flush, then re-raise the signal with the agent's listeners removed, so the
 *   process dies of it as it would have (the stock register swallows SIGTERM instead).
 * The agent's listeners go at the first signal, so a second signal acts as if there were no agent.
 */
import type { AgentLog } from './diagnostics.js';

export interface LifecycleOptions {
  /** Flushes and shuts the SDK down; called at most once. */
  readonly shutdown: () => Promise<void>;
  readonly timeoutMs: number;
  readonly log: AgentLog;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Resolves true when `work` settles within `timeoutMs`, false when the bound comes first. */
function settlesWithin(work: Promise<void>, timeoutMs: number, holdProcess: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    // Only where the agent will end the process anyway may its timer keep the process alive (see onSignal).
    if (!holdProcess) timer.unref();
    work.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export function installLifecycle({ shutdown, timeoutMs, log }: LifecycleOptions): void {
  let flushing: Promise<void> | undefined;
  const flushOnce = () => {
    // Called from signal and exit listeners: nothing may throw there. A failed flush has been reported by the
    // export guards already, and the process ends the same either way.
    flushing ??= Promise.resolve()
      .then(shutdown)
      .catch(() => {});
    return flushing;
  };
  const reportTimeout = () =>
    log.once('shutdown-timeout', `telemetry flush did not finish within ${timeoutMs} ms; ending without it`);

  const onBeforeExit = () => {
    // The app's own beforeExit listeners may start more work: then the process is theirs to end.
    const appListens = process.listenerCount('beforeExit') > 0;
    void settlesWithin(flushOnce(), timeoutMs, false).then((finished) => {
      if (finished || appListens) return;
      reportTimeout();
      process.exit();
    });
  };

  const onSignal = (signal: NodeJS.Signals) => {
    for (const name of SIGNALS) process.removeListener(name, onSignal);
    if (process.listenerCount(signal) > 0) {
      void flushOnce();
      return;
    }
    // Held timer: were the flush to wait on nothing but unref'd handles, the process would otherwise end
    // with code 0 instead of dying of the signal.
    void settlesWithin(flushOnce(), timeoutMs, true).then((finished) => {
      if (!finished) reportTimeout();
      process.kill(process.pid, signal);
    });
  };

  process.once('beforeExit', onBeforeExit);
  for (const name of SIGNALS) process.on(name, onSignal);
}
