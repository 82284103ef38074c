/**
 * Flushes telemetry when the process ends, within a bound, and then lets it end exactly as it would have
 * ended without the agent:
 * - `beforeExit` (the app has nothing left to do): flush, then exit with the app's `process.exitCode` once
 *   the flush is done or has outlived the bound (a hanging collector keeps its socket open) — unless the
 *   app's own beforeExit listeners started more work, which then ends the process as it would have.
 * - SIGTERM/SIGINT with an app listener: flush, and leave exiting to the app's handler.
 * - SIGTERM/SIGINT without one: flush, then re-raise the signal with the agent's listeners removed, so the
 *   process dies of it as it would have (the stock register swallows SIGTERM instead).
 * - `exit` without either flush having begun (process.exit() while work remains, an uncaught error, an
 *   unhandled rejection): the synchronous export at exit (exit-export.ts). Nothing else can run there.
 * The agent's listeners go at the first signal, so a second signal acts as if there were no agent.
 */
import { AppWorkWatch } from './app-work.js';
import type { AgentLog } from './diagnostics.js';

export interface LifecycleOptions {
  /** Flushes and shuts the SDK down; called at most once. */
  readonly shutdown: () => Promise<void>;
  /** Synchronous, never throws, bounded by itself; for an exit that no flush preceded. */
  readonly exportAtExit?: () => void;
  readonly timeoutMs: number;
  readonly log: AgentLog;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * The shutdown bound is what the agent may add to the app's run time in all: what start-up took comes off the
 * flush at exit, which keeps at least half of the bound.
 */
export function flushBudgetMs(boundMs: number, startupMs: number): number {
  return Math.round(Math.max(boundMs / 2, boundMs - startupMs));
}

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

export function installLifecycle({ shutdown, exportAtExit, timeoutMs, log }: LifecycleOptions): void {
  const appWork = new AppWorkWatch();
  // Listeners registered before the agent's (another preload) run before the watch starts: then never
  // decide for the app.
  const othersListenFirst = process.listenerCount('beforeExit') > 0;
  let flushing: Promise<void> | undefined;
  const flushOnce = () => {
    // Called from signal and exit listeners: nothing may throw there. A failed flush has been reported by the
    // export guards already, and the process ends the same either way.
    flushing ??= appWork.asAgent(() =>
      Promise.resolve()
        .then(shutdown)
        .catch(() => {}),
    );
    return flushing;
  };
  const reportTimeout = () =>
    log.once('shutdown-timeout', `telemetry flush did not finish within ${timeoutMs} ms; ending without it`);

  const onBeforeExit = () => {
    const flushed = appWork.asAgent(() => settlesWithin(flushOnce(), timeoutMs, false));
    // The app's beforeExit listeners run right after this one (the agent registered first, at preload).
    appWork.start();
    void flushed.then((finished) => {
      if (appWork.stop() || othersListenFirst) return;
      if (!finished) reportTimeout();
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
  if (exportAtExit !== undefined) {
    process.once('exit', () => {
      // A flush that began (and was perhaps cut short by the app's own process.exit) has taken the spans.
      if (flushing === undefined) exportAtExit();
    });
  }
}
